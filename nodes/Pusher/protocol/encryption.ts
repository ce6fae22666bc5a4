import { createHash, randomBytes } from 'node:crypto';

import { NOT_JSON, tryParseJson } from '../../common/json';
import { ENCRYPTED_PREFIX, isEncryptedChannel } from './channels';
import { SECRETBOX_NONCE_LENGTH, SECRETBOX_TAG_LENGTH, secretbox, secretboxOpen } from './secretbox';

/**
 * Pusher's end-to-end encrypted channels (`private-encrypted-…`):
 * - each channel's key is SHA-256(utf8(channel) ‖ master key bytes), handed to
 *   pusher-js as base64 `shared_secret` when the channel is authorized;
 * - event data is sealed with NaCl secretbox under that key and a random
 *   24-byte nonce, and sent as `{"nonce":"<base64>","ciphertext":"<base64>"}`.
 * Key material never appears in error messages.
 */

const MASTER_KEY_ERROR = 'encryption master key must be base64 of exactly 32 bytes';

/**
 * Canonical padded base64 of 32 bytes: 42 free characters, then a character
 * whose 2 low bits are zero (it carries only the last 4 bits), then one "=".
 */
const CANONICAL_BASE64_OF_32_BYTES = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
/** Standard padded base64 (what the SDK and pusher-js produce). */
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes the base64 master key, accepting only the canonical encoding of exactly 32 bytes. */
export function decodeMasterKey(encryptionMasterKey: string): Buffer {
	if (typeof encryptionMasterKey !== 'string' || !CANONICAL_BASE64_OF_32_BYTES.test(encryptionMasterKey)) {
		throw new Error(MASTER_KEY_ERROR);
	}
	return Buffer.from(encryptionMasterKey, 'base64');
}

/** The channel's 32-byte secretbox key: SHA-256(utf8(channel) ‖ master key). */
function sharedSecretBytes(channel: string, encryptionMasterKey: string): Buffer {
	if (typeof channel !== 'string') throw new Error('channel must be a string');
	const masterKey = decodeMasterKey(encryptionMasterKey);
	const secret = createHash('sha256').update(channel, 'utf8').update(masterKey).digest();
	masterKey.fill(0);
	return secret;
}

/** The `shared_secret` pusher-js needs for an encrypted channel: base64 of the channel key. */
export function channelSharedSecret(channel: string, encryptionMasterKey: string): string {
	return sharedSecretBytes(channel, encryptionMasterKey).toString('base64');
}

function assertEncryptedChannel(channel: string): void {
	if (!isEncryptedChannel(channel)) {
		throw new Error(
			`End-to-end encryption needs a "${ENCRYPTED_PREFIX}" channel, got ${JSON.stringify(String(channel))}`,
		);
	}
}

export interface EncryptPayloadInput {
	channel: string;
	/** A string is encrypted as is; any other JSON value is JSON.stringify'd first. */
	data: unknown;
	/** Base64 of 32 bytes. */
	encryptionMasterKey: string;
	/** 24 bytes; random when omitted (only tests should pass one: never reuse a nonce). */
	nonce?: Uint8Array;
}

/** Encrypts event data for a `private-encrypted-` channel, as the `data` field Pusher expects. */
export function encryptPayload(input: EncryptPayloadInput): string {
	const { channel, data, encryptionMasterKey } = input;
	assertEncryptedChannel(channel);
	const text = typeof data === 'string' ? data : JSON.stringify(data);
	if (typeof text !== 'string') throw new Error('Encrypted event data must be a string or a JSON value');

	const nonce = input.nonce ?? randomBytes(SECRETBOX_NONCE_LENGTH);
	if (!(nonce instanceof Uint8Array) || nonce.length !== SECRETBOX_NONCE_LENGTH) {
		throw new Error(`Encryption nonce must be ${SECRETBOX_NONCE_LENGTH} bytes`);
	}
	const key = sharedSecretBytes(channel, encryptionMasterKey);
	const box = secretbox(Buffer.from(text, 'utf8'), nonce, key);
	key.fill(0);
	// Object literal order gives the wire order: nonce first, then ciphertext.
	return JSON.stringify({
		nonce: Buffer.from(nonce.buffer, nonce.byteOffset, nonce.length).toString('base64'),
		ciphertext: Buffer.from(box.buffer, box.byteOffset, box.length).toString('base64'),
	});
}

export interface DecryptPayloadInput {
	channel: string;
	/** `{"nonce":…,"ciphertext":…}` as a JSON string or an already-parsed object. */
	payload: string | { nonce?: unknown; ciphertext?: unknown };
	encryptionMasterKey: string;
}

/** Reads `nonce` and `ciphertext` (both base64) out of an encrypted payload. */
function parsePayload(payload: DecryptPayloadInput['payload']): { nonce: Buffer; ciphertext: Buffer } {
	const value = typeof payload === 'string' ? tryParseJson(payload) : payload;
	if (value === NOT_JSON) throw new Error('Encrypted payload is not valid JSON');
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new Error('Encrypted payload must be an object with "nonce" and "ciphertext"');
	}
	const { nonce, ciphertext } = value as { nonce?: unknown; ciphertext?: unknown };
	if (typeof nonce !== 'string' || typeof ciphertext !== 'string') {
		throw new Error('Encrypted payload must have string "nonce" and "ciphertext" fields');
	}
	if (!PADDED_BASE64.test(nonce)) throw new Error('Encrypted payload "nonce" is not valid base64');
	if (!PADDED_BASE64.test(ciphertext)) throw new Error('Encrypted payload "ciphertext" is not valid base64');
	return { nonce: Buffer.from(nonce, 'base64'), ciphertext: Buffer.from(ciphertext, 'base64') };
}

/** Decrypts the `data` of an event on a `private-encrypted-` channel back to its UTF-8 text. */
export function decryptPayload(input: DecryptPayloadInput): string {
	const { channel, payload, encryptionMasterKey } = input;
	assertEncryptedChannel(channel);
	const { nonce, ciphertext } = parsePayload(payload);
	if (nonce.length !== SECRETBOX_NONCE_LENGTH) {
		throw new Error(`Encrypted payload nonce must be ${SECRETBOX_NONCE_LENGTH} bytes, got ${nonce.length}`);
	}
	if (ciphertext.length < SECRETBOX_TAG_LENGTH) {
		throw new Error(`Encrypted payload ciphertext is too short (under ${SECRETBOX_TAG_LENGTH} bytes)`);
	}
	const key = sharedSecretBytes(channel, encryptionMasterKey);
	const message = secretboxOpen(ciphertext, nonce, key);
	key.fill(0);
	if (message === null) {
		throw new Error(
			'Could not decrypt the payload: authentication failed (wrong encryption master key or channel, or tampered data)',
		);
	}
	return Buffer.from(message.buffer, message.byteOffset, message.length).toString('utf8');
}
