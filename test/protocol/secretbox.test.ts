import nacl from 'tweetnacl';

import { secretbox, secretboxOpen } from '../../nodes/Pusher/protocol/secretbox';
import { seededRandom } from '../helpers/random';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const sameBytes = (a: Uint8Array | null, b: Uint8Array | null): boolean =>
	a !== null && b !== null && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Random bytes from the seeded PRNG, 4 per draw (fast enough for megabytes). */
function randomBytesFrom(rng: ReturnType<typeof seededRandom>, length: number): Uint8Array {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i += 4) {
		const word = Math.floor(rng.next() * 2 ** 32);
		for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = word >>> (8 * j);
	}
	return out;
}

describe('secretbox against the published NaCl test vector', () => {
	// NaCl's tests/secretbox.c ("firstkey", "nonce", a 131-byte message), as kept
	// in libsodium's test/default/secretbox.c; the expected box (tag, then
	// ciphertext) is the published output, test/default/secretbox_easy.exp.
	const key = fromHex('1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389');
	const nonce = fromHex('69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37');
	const message = fromHex(`
		be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc
		e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31
		0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde
		048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864
		5e0705`);
	const box = fromHex(`
		f3ffc7703f9400e52a7dfb4b3d3305d9
		8e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186a
		c0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738
		b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da
		99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74
		e355a5`);

	it('seals the message to the published box', () => {
		expect(message).toHaveLength(131);
		expect(hex(secretbox(message, nonce, key))).toBe(hex(box));
	});

	it('opens the published box', () => {
		expect(hex(secretboxOpen(box, nonce, key) ?? new Uint8Array())).toBe(hex(message));
	});
});

describe('secretbox differential test against tweetnacl', () => {
	it('matches nacl.secretbox byte for byte and interoperates both ways on 10,000 random cases', () => {
		const rng = seededRandom();
		// The edge lengths: around one Poly1305 chunk, around the 32 bytes left in
		// keystream block 0, and 64k - 1, 64k, 64k + 1 for every block up to 20,000.
		const lengths: number[] = [0, 1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 95, 96, 97, 20000];
		for (let k = 2; 64 * k <= 20000; k++) lengths.push(64 * k - 1, 64 * k, 64 * k + 1);
		const CASES = 10_000;
		// Then random lengths, skewed small to keep the run short but covering 0-20,000.
		while (lengths.length < CASES) {
			const bucket = rng.next();
			lengths.push(rng.int(0, bucket < 0.75 ? 300 : bucket < 0.9 ? 4096 : 20000));
		}

		for (let i = 0; i < CASES; i++) {
			const key = randomBytesFrom(rng, 32);
			const nonce = randomBytesFrom(rng, 24);
			const message = randomBytesFrom(rng, lengths[i]);
			const fail = (what: string) => {
				throw new Error(
					`${what} (case ${i}, message length ${message.length}, seed ${rng.seed}: rerun with TEST_SEED=${rng.seed})`,
				);
			};

			const ours = secretbox(message, nonce, key);
			const theirs = nacl.secretbox(message, nonce, key);
			if (!sameBytes(ours, theirs)) fail('secretbox output differs from nacl.secretbox');
			if (!sameBytes(nacl.secretbox.open(ours, nonce, key), message)) fail('nacl.secretbox.open rejected our box');
			if (!sameBytes(secretboxOpen(theirs, nonce, key), message)) fail('secretboxOpen rejected a nacl box');
		}
	});

	it('works on views into larger buffers (non-zero byteOffset) and leaves its inputs untouched', () => {
		const rng = seededRandom();
		const backing = randomBytesFrom(rng, 4096);
		const key = backing.subarray(7, 39);
		const nonce = backing.subarray(101, 125);
		const message = backing.subarray(333, 333 + 1000);
		const before = hex(backing);
		const box = secretbox(message, nonce, key);
		expect(hex(box)).toBe(hex(nacl.secretbox(message.slice(), nonce.slice(), key.slice())));
		const boxView = new Uint8Array(box.length + 9);
		boxView.set(box, 9);
		expect(hex(secretboxOpen(boxView.subarray(9), nonce, key) ?? new Uint8Array())).toBe(hex(message));
		expect(hex(backing)).toBe(before);
	});
});

describe('secretboxOpen rejects anything that was not sealed with this key and nonce', () => {
	const rng = seededRandom();
	const key = randomBytesFrom(rng, 32);
	const nonce = randomBytesFrom(rng, 24);

	it.each([0, 1, 31, 64, 100, 1000])('returns null when any single byte of a %i-byte message box is changed', (length) => {
		const box = secretbox(randomBytesFrom(rng, length), nonce, key);
		// Every tag byte, the first, last and a sample of ciphertext bytes.
		const positions = new Set<number>([...Array(16).keys(), 16, box.length - 1]);
		for (let i = 0; i < 40 && box.length > 16; i++) positions.add(rng.int(16, box.length - 1));
		for (const position of positions) {
			if (position >= box.length) continue;
			const tampered = box.slice();
			tampered[position] ^= rng.int(1, 255);
			expect({ position, opened: secretboxOpen(tampered, nonce, key) }).toEqual({ position, opened: null });
		}
		expect(secretboxOpen(box, nonce, key)).toHaveLength(length);
	});

	it('returns null for truncated, extended and too-short boxes', () => {
		const box = secretbox(randomBytesFrom(rng, 50), nonce, key);
		expect(secretboxOpen(box.subarray(0, box.length - 1), nonce, key)).toBeNull();
		const extended = new Uint8Array(box.length + 1);
		extended.set(box);
		expect(secretboxOpen(extended, nonce, key)).toBeNull();
		expect(secretboxOpen(box.subarray(0, 15), nonce, key)).toBeNull();
		expect(secretboxOpen(new Uint8Array(0), nonce, key)).toBeNull();
	});

	it('returns null with a wrong key or a wrong nonce (in the HSalsa20 part and in the Salsa20 part)', () => {
		const message = randomBytesFrom(rng, 200);
		const box = secretbox(message, nonce, key);
		for (let trial = 0; trial < 50; trial++) {
			const otherKey = key.slice();
			otherKey[rng.int(0, 31)] ^= 1 << rng.int(0, 7);
			expect(secretboxOpen(box, nonce, otherKey)).toBeNull();
			const otherNonce = nonce.slice();
			otherNonce[trial % 2 ? rng.int(0, 15) : rng.int(16, 23)] ^= 1 << rng.int(0, 7);
			expect(secretboxOpen(box, otherNonce, key)).toBeNull();
		}
		expect(secretboxOpen(box, nonce, randomBytesFrom(rng, 32))).toBeNull();
		expect(hex(secretboxOpen(box, nonce, key) ?? new Uint8Array())).toBe(hex(message));
	});

	it('an empty message still gets an authenticated 16-byte box', () => {
		const box = secretbox(new Uint8Array(0), nonce, key);
		expect(box).toHaveLength(16);
		expect(secretboxOpen(box, nonce, key)).toEqual(new Uint8Array(0));
	});
});

describe('secretbox argument checks', () => {
	const message = new Uint8Array(10);
	const key = new Uint8Array(32);
	const nonce = new Uint8Array(24);

	it.each([0, 16, 31, 33, 64])('throws for a %i-byte key', (length) => {
		expect(() => secretbox(message, nonce, new Uint8Array(length))).toThrow('secretbox key must be 32 bytes');
		expect(() => secretboxOpen(new Uint8Array(16), nonce, new Uint8Array(length))).toThrow(
			'secretbox key must be 32 bytes',
		);
	});

	it.each([0, 8, 16, 23, 25, 32])('throws for a %i-byte nonce', (length) => {
		expect(() => secretbox(message, new Uint8Array(length), key)).toThrow('secretbox nonce must be 24 bytes');
		expect(() => secretboxOpen(new Uint8Array(16), new Uint8Array(length), key)).toThrow(
			'secretbox nonce must be 24 bytes',
		);
	});

	it('throws when the message or box is not bytes', () => {
		expect(() => secretbox('text' as unknown as Uint8Array, nonce, key)).toThrow('must be a Uint8Array');
		expect(() => secretboxOpen([1, 2, 3] as unknown as Uint8Array, nonce, key)).toThrow('must be a Uint8Array');
	});
});
