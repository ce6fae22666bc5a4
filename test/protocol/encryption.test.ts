import { createHash, randomBytes } from 'node:crypto';
import Pusher from 'pusher';
import nacl from 'tweetnacl';

import {
	channelSharedSecret,
	decodeMasterKey,
	decryptPayload,
	encryptPayload,
} from '../../nodes/Pusher/protocol/encryption';
import { isEncryptedChannel } from '../../nodes/Pusher/protocol/channels';
import { CHANNEL_ALPHABET, seededRandom, UNICODE_ALPHABET } from '../helpers/random';

const MASTER_KEY_ERROR = 'encryption master key must be base64 of exactly 32 bytes';
const SOCKET_ID = '123.456';

const sdk = (encryptionMasterKeyBase64: string) =>
	new Pusher({ appId: '1', key: 'k', secret: 's', cluster: 'mt1', encryptionMasterKeyBase64 });

/** The shared secret pusher-js receives from the official SDK's auth endpoint, as bytes. */
function sdkSharedSecret(channel: string, masterKey: string): Uint8Array {
	const { shared_secret } = sdk(masterKey).authorizeChannel(SOCKET_ID, channel) as { shared_secret?: string };
	return new Uint8Array(Buffer.from(shared_secret ?? '', 'base64'));
}

/** The `data` field the official SDK sends when triggering on an encrypted channel (its HTTP call stubbed out). */
async function sdkEncryptedData(channel: string, masterKey: string, data: unknown): Promise<string> {
	const pusher = sdk(masterKey);
	let body: { data?: string } = {};
	pusher.post = (options) => {
		body = options.body as unknown as { data?: string };
		return Promise.resolve(undefined as never);
	};
	await pusher.trigger(channel, 'my-event', data);
	return body.data ?? '';
}

/** Opens a payload with tweetnacl, the way pusher-js does. */
function naclDecrypt(payload: string, sharedSecret: Uint8Array): string | null {
	const { nonce, ciphertext } = JSON.parse(payload) as { nonce: string; ciphertext: string };
	const opened = nacl.secretbox.open(Buffer.from(ciphertext, 'base64'), Buffer.from(nonce, 'base64'), sharedSecret);
	return opened === null ? null : Buffer.from(opened).toString('utf8');
}

const newMasterKey = (): string => randomBytes(32).toString('base64');

describe('isEncryptedChannel', () => {
	it.each([
		['private-encrypted-x', true],
		['private-encrypted-cache-x', true],
		['private-x', false],
		['presence-encrypted-x', false],
		['private-encryptedx', false],
		['x-private-encrypted-x', false],
		['', false],
	])('%s -> %s', (channel, expected) => {
		expect(isEncryptedChannel(channel)).toBe(expected);
	});
});

describe('channelSharedSecret', () => {
	it('equals the shared_secret the official SDK gives for 200 random channels and keys', () => {
		const rng = seededRandom();
		for (let i = 0; i < 200; i++) {
			const prefix = rng.pick(['private-encrypted-', 'private-encrypted-cache-']);
			const channel = prefix + rng.string(CHANNEL_ALPHABET, 1, 200 - prefix.length);
			const masterKey = Buffer.from(rng.bytes(32)).toString('base64');
			const expected = sdk(masterKey).authorizeChannel(SOCKET_ID, channel).shared_secret;
			expect({ seed: rng.seed, channel, secret: channelSharedSecret(channel, masterKey) }).toEqual({
				seed: rng.seed,
				channel,
				secret: expected,
			});
		}
	});

	it('hashes the channel as UTF-8, then the key bytes, with SHA-256', () => {
		const masterKey = newMasterKey();
		const channel = 'private-encrypted-中文😀';
		const expected = createHash('sha256')
			.update(Buffer.concat([Buffer.from(channel, 'utf8'), Buffer.from(masterKey, 'base64')]))
			.digest('base64');
		expect(channelSharedSecret(channel, masterKey)).toBe(expected);
	});
});

describe('master key validation', () => {
	const valid = newMasterKey();
	const urlSafe = (() => {
		// A key whose standard base64 has "+" or "/" so the URL-safe form differs.
		for (;;) {
			const key = newMasterKey();
			if (/[+/]/.test(key)) return key.replace(/\+/g, '-').replace(/\//g, '_');
		}
	})();
	const lastDataChar = valid[42];
	const nonCanonical = valid.slice(0, 42) + (lastDataChar === 'B' ? 'C' : 'B') + '=';

	it('decodes a canonical base64 key of 32 bytes', () => {
		expect(decodeMasterKey(valid).toString('base64')).toBe(valid);
		expect(decodeMasterKey(valid)).toHaveLength(32);
	});

	it.each([
		['31 bytes', randomBytes(31).toString('base64')],
		['33 bytes', randomBytes(33).toString('base64')],
		['16 bytes', randomBytes(16).toString('base64')],
		['64 bytes', randomBytes(64).toString('base64')],
		['empty', ''],
		['not base64', 'this is definitely not a base64 master key!!'],
		['hex of 32 bytes', randomBytes(32).toString('hex')],
		['URL-safe base64', urlSafe],
		['unpadded', valid.slice(0, 43)],
		['non-canonical final character', nonCanonical],
		['surrounding whitespace', ` ${valid}\n`],
		['embedded newline', `${valid.slice(0, 20)}\n${valid.slice(20)}`],
	])('rejects a master key that is %s, without echoing it', (_label, badKey) => {
		for (const call of [
			() => decodeMasterKey(badKey),
			() => channelSharedSecret('private-encrypted-x', badKey),
			() => encryptPayload({ channel: 'private-encrypted-x', data: 'x', encryptionMasterKey: badKey }),
			() =>
				decryptPayload({
					channel: 'private-encrypted-x',
					payload: encryptPayload({ channel: 'private-encrypted-x', data: 'x', encryptionMasterKey: valid }),
					encryptionMasterKey: badKey,
				}),
		]) {
			let error: Error | undefined;
			try {
				call();
			} catch (caught) {
				error = caught as Error;
			}
			expect(error?.message).toBe(MASTER_KEY_ERROR);
			if (badKey.trim().length > 0) expect(error?.message).not.toContain(badKey.trim());
			expect(String(error?.stack)).not.toContain(badKey.trim() || '\u0000');
		}
	});

	it('rejects a master key that is not a string', () => {
		expect(() => decodeMasterKey(undefined as unknown as string)).toThrow(MASTER_KEY_ERROR);
		expect(() => decodeMasterKey(Buffer.alloc(32) as unknown as string)).toThrow(MASTER_KEY_ERROR);
	});
});

describe('encryptPayload', () => {
	const masterKey = newMasterKey();
	const channel = 'private-encrypted-orders';

	it('writes {"nonce","ciphertext"} in that order, with a 24-byte nonce', () => {
		const payload = encryptPayload({ channel, data: { hello: 'world' }, encryptionMasterKey: masterKey });
		expect(payload).toMatch(/^\{"nonce":"[A-Za-z0-9+/]+={0,2}","ciphertext":"[A-Za-z0-9+/]+={0,2}"\}$/);
		expect(Object.keys(JSON.parse(payload))).toEqual(['nonce', 'ciphertext']);
		expect(Buffer.from(JSON.parse(payload).nonce, 'base64')).toHaveLength(24);
	});

	it('decrypts with tweetnacl and the SDK shared secret (strings verbatim, other values as JSON)', () => {
		const rng = seededRandom();
		const sharedSecret = sdkSharedSecret(channel, masterKey);
		const values: unknown[] = [
			'plain text, not JSON',
			'{"already":"json"}',
			'',
			{ a: 1, nested: { list: [1, 'two', null, true] } },
			[1, 2, 3],
			42,
			null,
			false,
			'emoji 😀🚀 and CJK 中文字',
		];
		for (let i = 0; i < 50; i++) values.push(rng.string(UNICODE_ALPHABET, 0, 300), { text: rng.string(UNICODE_ALPHABET, 0, 50) });
		for (const data of values) {
			const payload = encryptPayload({ channel, data, encryptionMasterKey: masterKey });
			expect(naclDecrypt(payload, sharedSecret)).toBe(typeof data === 'string' ? data : JSON.stringify(data));
		}
	});

	it('uses a fresh random nonce each time unless one is given, and then is deterministic', () => {
		const a = JSON.parse(encryptPayload({ channel, data: 'same', encryptionMasterKey: masterKey }));
		const b = JSON.parse(encryptPayload({ channel, data: 'same', encryptionMasterKey: masterKey }));
		expect(a.nonce).not.toBe(b.nonce);
		expect(a.ciphertext).not.toBe(b.ciphertext);

		const nonce = randomBytes(24);
		const fixed = encryptPayload({ channel, data: 'same', encryptionMasterKey: masterKey, nonce });
		expect(JSON.parse(fixed).nonce).toBe(nonce.toString('base64'));
		expect(fixed).toBe(encryptPayload({ channel, data: 'same', encryptionMasterKey: masterKey, nonce: new Uint8Array(nonce) }));
		const expectedBox = nacl.secretbox(Buffer.from('same'), nonce, sdkSharedSecret(channel, masterKey));
		expect(JSON.parse(fixed).ciphertext).toBe(Buffer.from(expectedBox).toString('base64'));
	});

	it('rejects nonces that are not 24 bytes', () => {
		for (const length of [0, 23, 25, 32]) {
			expect(() =>
				encryptPayload({ channel, data: 'x', encryptionMasterKey: masterKey, nonce: new Uint8Array(length) }),
			).toThrow('Encryption nonce must be 24 bytes');
		}
	});

	it('rejects data that has no JSON form', () => {
		expect(() => encryptPayload({ channel, data: undefined, encryptionMasterKey: masterKey })).toThrow(
			'must be a string or a JSON value',
		);
		expect(() => encryptPayload({ channel, data: () => 1, encryptionMasterKey: masterKey })).toThrow(
			'must be a string or a JSON value',
		);
	});

	it.each(['private-orders', 'presence-encrypted-x', 'orders', ''])('refuses the non-encrypted channel %p', (other) => {
		expect(() => encryptPayload({ channel: other, data: 'x', encryptionMasterKey: masterKey })).toThrow(
			'End-to-end encryption needs a "private-encrypted-" channel',
		);
		expect(() =>
			decryptPayload({
				channel: other,
				payload: encryptPayload({ channel, data: 'x', encryptionMasterKey: masterKey }),
				encryptionMasterKey: masterKey,
			}),
		).toThrow('End-to-end encryption needs a "private-encrypted-" channel');
	});
});

describe('decryptPayload', () => {
	const masterKey = newMasterKey();
	const channel = 'private-encrypted-cache-prices';

	it('decrypts what the official SDK sends on trigger (it encrypts JSON.stringify(data))', async () => {
		const rng = seededRandom();
		const values: unknown[] = [{ price: 12.5, currency: '€' }, 'a string', ['中文', '😀'], 0, null];
		for (let i = 0; i < 30; i++) values.push({ note: rng.string(UNICODE_ALPHABET, 0, 200), n: rng.int(0, 1e6) });
		for (const data of values) {
			const payload = await sdkEncryptedData(channel, masterKey, data);
			expect(Object.keys(JSON.parse(payload))).toEqual(['nonce', 'ciphertext']);
			expect(decryptPayload({ channel, payload, encryptionMasterKey: masterKey })).toBe(JSON.stringify(data));
		}
	});

	it('decrypts a box made by tweetnacl with the SDK shared secret, as a string or an already-parsed object', () => {
		const text = 'emoji 😀🚀👩‍👩‍👧, CJK 中文字, accents é ß ü, and "quotes" \\ \u2028';
		const nonce = nacl.randomBytes(24);
		const box = nacl.secretbox(Buffer.from(text, 'utf8'), nonce, sdkSharedSecret(channel, masterKey));
		const object = { nonce: Buffer.from(nonce).toString('base64'), ciphertext: Buffer.from(box).toString('base64') };
		expect(decryptPayload({ channel, payload: JSON.stringify(object), encryptionMasterKey: masterKey })).toBe(text);
		expect(decryptPayload({ channel, payload: object, encryptionMasterKey: masterKey })).toBe(text);
	});

	it('round-trips UTF-8 text (emoji, CJK) and long data', () => {
		const rng = seededRandom();
		for (const data of ['😀', '中文字', 'x'.repeat(100_000), rng.string(UNICODE_ALPHABET, 1000, 5000)]) {
			const payload = encryptPayload({ channel, data, encryptionMasterKey: masterKey });
			expect(decryptPayload({ channel, payload, encryptionMasterKey: masterKey })).toBe(data);
		}
	});

	const AUTH_FAILED = 'authentication failed';

	it('fails authentication for every tampered ciphertext byte sampled, including the tag', () => {
		const rng = seededRandom();
		const payload = JSON.parse(encryptPayload({ channel, data: { order: 1234 }, encryptionMasterKey: masterKey }));
		const box = Buffer.from(payload.ciphertext, 'base64');
		const positions = new Set<number>([0, 5, 15, 16, box.length - 1]);
		for (let i = 0; i < 20; i++) positions.add(rng.int(0, box.length - 1));
		for (const position of positions) {
			const tampered = Buffer.from(box);
			tampered[position] ^= rng.int(1, 255);
			const bad = { nonce: payload.nonce, ciphertext: tampered.toString('base64') };
			expect(() => decryptPayload({ channel, payload: bad, encryptionMasterKey: masterKey })).toThrow(AUTH_FAILED);
		}
		const otherNonce = Buffer.from(payload.nonce, 'base64');
		otherNonce[3] ^= 0x40;
		expect(() =>
			decryptPayload({
				channel,
				payload: { nonce: otherNonce.toString('base64'), ciphertext: payload.ciphertext },
				encryptionMasterKey: masterKey,
			}),
		).toThrow(AUTH_FAILED);
	});

	it('fails authentication with the wrong master key or on another channel, without showing keys', () => {
		const payload = encryptPayload({ channel, data: 'secret', encryptionMasterKey: masterKey });
		const wrongKey = newMasterKey();
		let error: Error | undefined;
		try {
			decryptPayload({ channel, payload, encryptionMasterKey: wrongKey });
		} catch (caught) {
			error = caught as Error;
		}
		expect(error?.message).toContain(AUTH_FAILED);
		for (const secret of [masterKey, wrongKey, channelSharedSecret(channel, masterKey), channelSharedSecret(channel, wrongKey)]) {
			expect(error?.message).not.toContain(secret);
		}
		expect(() =>
			decryptPayload({ channel: 'private-encrypted-other', payload, encryptionMasterKey: masterKey }),
		).toThrow(AUTH_FAILED);
	});

	it.each<[string, string | object, string]>([
		['malformed JSON', '{"nonce": "abc", ', 'not valid JSON'],
		['a JSON string', '"just a string"', 'must be an object'],
		['a JSON array', '[1,2]', 'must be an object'],
		['JSON null', 'null', 'must be an object'],
		['a missing ciphertext', '{"nonce":"AAAA"}', 'string "nonce" and "ciphertext"'],
		['a numeric nonce', { nonce: 5, ciphertext: 'AAAA' }, 'string "nonce" and "ciphertext"'],
		['a non-base64 nonce', { nonce: '%%%%', ciphertext: 'AAAA' }, '"nonce" is not valid base64'],
		['a non-base64 ciphertext', { nonce: Buffer.alloc(24).toString('base64'), ciphertext: 'no!' }, '"ciphertext" is not valid base64'],
		['a 23-byte nonce', { nonce: Buffer.alloc(23).toString('base64'), ciphertext: Buffer.alloc(40).toString('base64') }, 'nonce must be 24 bytes, got 23'],
		['a 25-byte nonce', { nonce: Buffer.alloc(25).toString('base64'), ciphertext: Buffer.alloc(40).toString('base64') }, 'nonce must be 24 bytes, got 25'],
		['an empty nonce', { nonce: '', ciphertext: Buffer.alloc(40).toString('base64') }, 'nonce must be 24 bytes, got 0'],
		['a ciphertext shorter than the tag', { nonce: Buffer.alloc(24).toString('base64'), ciphertext: Buffer.alloc(15).toString('base64') }, 'too short'],
	])('throws a clear error for %s', (_label, payload, message) => {
		expect(() =>
			decryptPayload({ channel, payload: payload as string, encryptionMasterKey: masterKey }),
		).toThrow(message);
	});
});
