import { poly1305 } from '../../nodes/Pusher/protocol/poly1305';
import { seededRandom } from '../helpers/random';

/**
 * The core's Poly1305 against RFC 8439's published vectors (section 2.5.2 and
 * Appendix A.3), and against a BigInt transcription of the definition
 * (h = (h + chunk) * r mod 2^130 - 5; tag = h + s mod 2^128), which checks the
 * vectors as transcribed here too.
 */
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

function tagOf(key: Uint8Array, message: Uint8Array): string {
	// Put the message at an offset inside a larger buffer: the core reads m[off..off+len].
	const buffer = new Uint8Array(message.length + 7);
	buffer.set(message, 3);
	const tag = new Uint8Array(16);
	poly1305(tag, buffer, 3, message.length, key);
	return toHex(tag);
}

const P = (1n << 130n) - 5n;
const littleEndian = (bytes: Uint8Array): bigint => BigInt(`0x${toHex(Uint8Array.from(bytes).reverse()) || '0'}`);

/** The accumulator before s is added, and the tag, straight from the definition. */
function reference(key: Uint8Array, message: Uint8Array): { h: bigint; tag: string } {
	const r = littleEndian(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
	const s = littleEndian(key.subarray(16, 32));
	let h = 0n;
	for (let at = 0; at < message.length; at += 16) {
		const chunk = message.subarray(at, at + 16);
		h = ((h + littleEndian(chunk) + (1n << BigInt(8 * chunk.length))) * r) % P;
	}
	const tag = (h + s) & ((1n << 128n) - 1n);
	const bytes = new Uint8Array(16);
	for (let i = 0; i < 16; i++) bytes[i] = Number((tag >> BigInt(8 * i)) & 0xffn);
	return { h, tag: toHex(bytes) };
}

const IETF_TEXT =
	'Any submission to the IETF intended by the Contributor for publication as all or part of an IETF Internet-Draft or RFC and any ' +
	'statement made within the context of an IETF activity is considered an "IETF Contribution". Such statements include oral ' +
	'statements in IETF sessions, as well as written and electronic communications made at any time or place, which are addressed to';
const JABBERWOCKY =
	"'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\nAll mimsy were the borogoves,\nAnd the mome raths outgrabe.";

const R1 = '01000000000000000000000000000000';
const R2 = '02000000000000000000000000000000';
const R1_4 = '01000000000000000400000000000000';
const ZERO = '00000000000000000000000000000000';
const ONES = 'ffffffffffffffffffffffffffffffff';

/** [name, key (r || s), message, tag], as published. */
const VECTORS: Array<[string, string, Uint8Array, string]> = [
	[
		'2.5.2',
		'85d6be7857556d337f4452fe42d506a8 0103808afb0db2fd4abff6af4149f51b',
		ascii('Cryptographic Forum Research Group'),
		'a8061dc1305136c6c22b8baf0c0127a9',
	],
	['A.3 #1: all zero', ZERO + ZERO, new Uint8Array(64), ZERO],
	['A.3 #2: r = 0, the tag is s', ZERO + '36e5f6b5c5e06070f0efca96227a863e', ascii(IETF_TEXT), '36e5f6b5c5e06070f0efca96227a863e'],
	['A.3 #3: s = 0', '36e5f6b5c5e06070f0efca96227a863e' + ZERO, ascii(IETF_TEXT), 'f3477e7cd95417af89a6b8794c310cf0'],
	[
		'A.3 #4: a message that is not a multiple of 16',
		'1c9240a5eb55d38af333888604f6b5f0 473917c1402b80099dca5cbc207075c0',
		ascii(JABBERWOCKY),
		'4541669a7eaaee61e708dc7cbcc5eb62',
	],
	['A.3 #5: h = 2^130 - 2, in [p, 2^130)', R2 + ZERO, fromHex(ONES), '03000000000000000000000000000000'],
	['A.3 #6: h + s wraps past 2^128', R2 + ONES, fromHex('02000000000000000000000000000000'), '03000000000000000000000000000000'],
	[
		'A.3 #7: carries through every limb',
		R1 + ZERO,
		fromHex(`${ONES} f0ffffffffffffffffffffffffffffff 11000000000000000000000000000000`),
		'05000000000000000000000000000000',
	],
	[
		'A.3 #8: h lands on p exactly',
		R1 + ZERO,
		fromHex(`${ONES} fbfefefefefefefefefefefefefefefe 01010101010101010101010101010101`),
		ZERO,
	],
	['A.3 #9: h = p - 1, just under the prime', R2 + ZERO, fromHex('fdffffffffffffffffffffffffffffff'), 'faffffffffffffffffffffffffffffff'],
	[
		'A.3 #10: a 131-bit intermediate in the reduction',
		R1_4 + ZERO,
		fromHex(`e33594d7505e43b90000000000000000 3394d7505e4379cd0100000000000000 ${ZERO} 01000000000000000000000000000000`),
		'14000000000000005500000000000000',
	],
	[
		'A.3 #11: the same, one block shorter',
		R1_4 + ZERO,
		fromHex(`e33594d7505e43b90000000000000000 3394d7505e4379cd0100000000000000 ${ZERO}`),
		'13000000000000000000000000000000',
	],
];

describe('Poly1305 against RFC 8439', () => {
	it.each(VECTORS)('%s', (_name, key, message, tag) => {
		expect(tagOf(fromHex(key), message)).toBe(tag);
		expect(reference(fromHex(key), message).tag).toBe(tag);
	});
});

describe('Poly1305 final reduction', () => {
	it('gives h - p for every accumulator value in [p, 2^130)', () => {
		// With r = 1 and s = 0, three full chunks a, 0, 0 give h = a + 3 * 2^128 with no reduction on
		// the way, so a = 2^128 - 5 + k makes h = p + k for k = 0..4: every value in [p, 2^130).
		const chunk = (value: bigint) => {
			const bytes = new Uint8Array(16);
			for (let i = 0; i < 16; i++) bytes[i] = Number((value >> BigInt(8 * i)) & 0xffn);
			return bytes;
		};
		for (let k = 0n; k <= 4n; k++) {
			const message = new Uint8Array([...chunk((1n << 128n) - 5n + k), ...new Uint8Array(32)]);
			expect(reference(fromHex(R1 + ZERO), message).tag).toBe(toHex(chunk(k)));
			expect(tagOf(fromHex(R1 + ZERO), message)).toBe(toHex(chunk(k)));
		}
	});

	it('matches the definition on 3,000 random and extreme keys and messages', () => {
		const random = seededRandom();
		const extremes = [0x00, 0xff, 0xfe, 0xfb];
		for (let i = 0; i < 3000; i++) {
			const fill = random.pick(extremes);
			const kind = i % 3;
			const key = kind === 0 ? random.bytes(32) : new Uint8Array(32).fill(random.pick(extremes));
			const length = random.int(0, 100);
			const message = kind === 2 ? new Uint8Array(length).fill(fill) : random.bytes(length);
			const expected = reference(key, message).tag;
			const actual = tagOf(key, message);
			if (actual !== expected) throw new Error(`seed ${random.seed}, case ${i}: ${actual} !== ${expected}`);
		}
	});
});
