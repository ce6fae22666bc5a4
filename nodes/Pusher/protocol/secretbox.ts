/**
 * NaCl `crypto_secretbox` (XSalsa20-Poly1305), written from the specifications:
 * - Salsa20 and HSalsa20/XSalsa20: D. J. Bernstein, "Salsa20 specification" and
 *   "Extending the Salsa20 nonce";
 * - Poly1305: D. J. Bernstein, "The Poly1305-AES message-authentication code";
 * - secretbox: "Cryptography in NaCl" (section 9), and the wire format of
 *   tweetnacl's `nacl.secretbox`: 16-byte tag followed by the ciphertext.
 *
 * node:crypto has no XSalsa20 (its chacha20-poly1305 is another construction),
 * so Pusher's end-to-end encryption needs this small pure implementation.
 *
 * Arithmetic notes: Salsa20 works on 32-bit words (`| 0` wraps additions).
 * Poly1305 is in poly1305.ts.
 */

import { load32, store32 } from './littleEndian';
import { poly1305 } from './poly1305';

const SECRETBOX_KEY_LENGTH = 32;
export const SECRETBOX_NONCE_LENGTH = 24;
export const SECRETBOX_TAG_LENGTH = 16;

/** "expand 32-byte k" as four little-endian words (Salsa20 spec, section 9). */
const SIGMA0 = 0x61707865;
const SIGMA1 = 0x3320646e;
const SIGMA2 = 0x79622d32;
const SIGMA3 = 0x6b206574;

/**
 * Builds the 16-word Salsa20 input matrix (spec, section 9, 32-byte keys):
 *   sigma0 k0 k1 k2 / k3 sigma1 n0 n1 / n2 n3 sigma2 k4 / k5 k6 k7 sigma3
 * where n0..n3 are the 16 "nonce + block counter" bytes (for HSalsa20: the
 * first 16 bytes of the 24-byte nonce).
 */
function initState(key: Uint8Array, n: Uint8Array, nOff: number): Int32Array {
	const s = new Int32Array(16);
	s[0] = SIGMA0;
	s[1] = load32(key, 0);
	s[2] = load32(key, 4);
	s[3] = load32(key, 8);
	s[4] = load32(key, 12);
	s[5] = SIGMA1;
	s[6] = load32(n, nOff);
	s[7] = load32(n, nOff + 4);
	s[8] = load32(n, nOff + 8);
	s[9] = load32(n, nOff + 12);
	s[10] = SIGMA2;
	s[11] = load32(key, 16);
	s[12] = load32(key, 20);
	s[13] = load32(key, 24);
	s[14] = load32(key, 28);
	s[15] = SIGMA3;
	return s;
}

/**
 * The Salsa20/20 permutation: 10 double rounds, each a column round followed
 * by a row round (spec, sections 3-6). Every quarterround step is
 * `b ^= (a + d) <<< r` with r = 7, 9, 13, 18. With `feedForward` the input is
 * added back word by word (the Salsa20 hash, section 8); without it the raw
 * permuted words are kept, as HSalsa20 requires.
 */
function salsaCore(s: Int32Array, out: Int32Array, feedForward: boolean): void {
	let x0 = s[0], x1 = s[1], x2 = s[2], x3 = s[3];
	let x4 = s[4], x5 = s[5], x6 = s[6], x7 = s[7];
	let x8 = s[8], x9 = s[9], x10 = s[10], x11 = s[11];
	let x12 = s[12], x13 = s[13], x14 = s[14], x15 = s[15];
	let u: number;
	for (let i = 0; i < 20; i += 2) {
		// Column round: quarterrounds on (x0,x4,x8,x12), (x5,x9,x13,x1),
		// (x10,x14,x2,x6), (x15,x3,x7,x11).
		u = (x0 + x12) | 0; x4 ^= (u << 7) | (u >>> 25);
		u = (x4 + x0) | 0; x8 ^= (u << 9) | (u >>> 23);
		u = (x8 + x4) | 0; x12 ^= (u << 13) | (u >>> 19);
		u = (x12 + x8) | 0; x0 ^= (u << 18) | (u >>> 14);

		u = (x5 + x1) | 0; x9 ^= (u << 7) | (u >>> 25);
		u = (x9 + x5) | 0; x13 ^= (u << 9) | (u >>> 23);
		u = (x13 + x9) | 0; x1 ^= (u << 13) | (u >>> 19);
		u = (x1 + x13) | 0; x5 ^= (u << 18) | (u >>> 14);

		u = (x10 + x6) | 0; x14 ^= (u << 7) | (u >>> 25);
		u = (x14 + x10) | 0; x2 ^= (u << 9) | (u >>> 23);
		u = (x2 + x14) | 0; x6 ^= (u << 13) | (u >>> 19);
		u = (x6 + x2) | 0; x10 ^= (u << 18) | (u >>> 14);

		u = (x15 + x11) | 0; x3 ^= (u << 7) | (u >>> 25);
		u = (x3 + x15) | 0; x7 ^= (u << 9) | (u >>> 23);
		u = (x7 + x3) | 0; x11 ^= (u << 13) | (u >>> 19);
		u = (x11 + x7) | 0; x15 ^= (u << 18) | (u >>> 14);

		// Row round: quarterrounds on (x0,x1,x2,x3), (x5,x6,x7,x4),
		// (x10,x11,x8,x9), (x15,x12,x13,x14).
		u = (x0 + x3) | 0; x1 ^= (u << 7) | (u >>> 25);
		u = (x1 + x0) | 0; x2 ^= (u << 9) | (u >>> 23);
		u = (x2 + x1) | 0; x3 ^= (u << 13) | (u >>> 19);
		u = (x3 + x2) | 0; x0 ^= (u << 18) | (u >>> 14);

		u = (x5 + x4) | 0; x6 ^= (u << 7) | (u >>> 25);
		u = (x6 + x5) | 0; x7 ^= (u << 9) | (u >>> 23);
		u = (x7 + x6) | 0; x4 ^= (u << 13) | (u >>> 19);
		u = (x4 + x7) | 0; x5 ^= (u << 18) | (u >>> 14);

		u = (x10 + x9) | 0; x11 ^= (u << 7) | (u >>> 25);
		u = (x11 + x10) | 0; x8 ^= (u << 9) | (u >>> 23);
		u = (x8 + x11) | 0; x9 ^= (u << 13) | (u >>> 19);
		u = (x9 + x8) | 0; x10 ^= (u << 18) | (u >>> 14);

		u = (x15 + x14) | 0; x12 ^= (u << 7) | (u >>> 25);
		u = (x12 + x15) | 0; x13 ^= (u << 9) | (u >>> 23);
		u = (x13 + x12) | 0; x14 ^= (u << 13) | (u >>> 19);
		u = (x14 + x13) | 0; x15 ^= (u << 18) | (u >>> 14);
	}
	if (feedForward) {
		x0 += s[0]; x1 += s[1]; x2 += s[2]; x3 += s[3];
		x4 += s[4]; x5 += s[5]; x6 += s[6]; x7 += s[7];
		x8 += s[8]; x9 += s[9]; x10 += s[10]; x11 += s[11];
		x12 += s[12]; x13 += s[13]; x14 += s[14]; x15 += s[15];
	}
	// Int32Array stores wrap the sums modulo 2^32.
	out[0] = x0; out[1] = x1; out[2] = x2; out[3] = x3;
	out[4] = x4; out[5] = x5; out[6] = x6; out[7] = x7;
	out[8] = x8; out[9] = x9; out[10] = x10; out[11] = x11;
	out[12] = x12; out[13] = x13; out[14] = x14; out[15] = x15;
}

const HSALSA20_OUTPUT_WORDS = [0, 5, 10, 15, 6, 7, 8, 9];

/**
 * HSalsa20 ("Extending the Salsa20 nonce", section 2): run the Salsa20
 * permutation (no feed-forward) on the key and the first 16 nonce bytes, and
 * take words 0, 5, 10, 15, 6, 7, 8, 9 as the 32-byte XSalsa20 subkey.
 */
function hsalsa20(key: Uint8Array, nonce: Uint8Array): Uint8Array {
	const x = new Int32Array(16);
	salsaCore(initState(key, nonce, 0), x, false);
	const subkey = new Uint8Array(32);
	for (let i = 0; i < 8; i++) store32(subkey, 4 * i, x[HSALSA20_OUTPUT_WORDS[i]]);
	x.fill(0);
	return subkey;
}

/**
 * A Salsa20 keystream over (subkey, last 8 nonce bytes) with a 64-bit
 * little-endian block counter in words 8-9, starting at block 0.
 */
class Salsa20Stream {
	private readonly state: Int32Array;
	private readonly words = new Int32Array(16);

	constructor(subkey: Uint8Array, nonce: Uint8Array) {
		const counterAndNonce = new Uint8Array(16);
		counterAndNonce.set(nonce.subarray(16, 24), 0);
		this.state = initState(subkey, counterAndNonce, 0);
	}

	/** Writes the next 64-byte keystream block into `block`. */
	nextBlock(block: Uint8Array): void {
		this.compute();
		for (let j = 0; j < 16; j++) store32(block, 4 * j, this.words[j]);
	}

	/**
	 * out[o..o+64] = inp[i..i+64] XOR the next keystream block, without an
	 * intermediate byte buffer (the hot loop for long messages).
	 */
	xorBlock(inp: Uint8Array, i: number, out: Uint8Array, o: number): void {
		this.compute();
		const w = this.words;
		for (let j = 0; j < 64; j += 4) {
			const k = w[j >> 2];
			out[o + j] = inp[i + j] ^ k;
			out[o + j + 1] = inp[i + j + 1] ^ (k >>> 8);
			out[o + j + 2] = inp[i + j + 2] ^ (k >>> 16);
			out[o + j + 3] = inp[i + j + 3] ^ (k >>> 24);
		}
	}

	/** Hashes the current block, then increments the 64-bit block counter. */
	private compute(): void {
		salsaCore(this.state, this.words, true);
		const s = this.state;
		s[8] = (s[8] + 1) | 0;
		if (s[8] === 0) s[9] = (s[9] + 1) | 0;
	}
}

/**
 * Starts the XSalsa20 keystream for (key, nonce) and returns it with its
 * first block already generated: in secretbox, bytes 0..31 of block 0 are the
 * one-time Poly1305 key and the message is encrypted from byte 32 onwards.
 */
function startXSalsa20(key: Uint8Array, nonce: Uint8Array): { stream: Salsa20Stream; block0: Uint8Array } {
	const subkey = hsalsa20(key, nonce);
	const stream = new Salsa20Stream(subkey, nonce);
	subkey.fill(0);
	const block0 = new Uint8Array(64);
	stream.nextBlock(block0);
	return { stream, block0 };
}

/**
 * out[outOff..outOff+length] = inp[inOff..] XOR keystream, where the keystream
 * continues from byte 32 of block 0 (see startXSalsa20).
 */
function xorFromByte32(
	stream: Salsa20Stream,
	block0: Uint8Array,
	inp: Uint8Array,
	inOff: number,
	out: Uint8Array,
	outOff: number,
	length: number,
): void {
	// The rest of block 0 covers the first 32 message bytes.
	const head = Math.min(32, length);
	for (let j = 0; j < head; j++) out[outOff + j] = inp[inOff + j] ^ block0[32 + j];

	let pos = head;
	// Whole 64-byte blocks: XOR straight from the keystream words.
	for (; pos + 64 <= length; pos += 64) stream.xorBlock(inp, inOff + pos, out, outOff + pos);
	// A final partial block goes through a byte buffer.
	if (pos < length) {
		const block = new Uint8Array(64);
		stream.nextBlock(block);
		for (let j = 0; pos + j < length; j++) out[outOff + pos + j] = inp[inOff + pos + j] ^ block[j];
		block.fill(0);
	}
}

function checkLengths(nonce: Uint8Array, key: Uint8Array): void {
	if (!(key instanceof Uint8Array) || key.length !== SECRETBOX_KEY_LENGTH) {
		throw new Error(`secretbox key must be ${SECRETBOX_KEY_LENGTH} bytes`);
	}
	if (!(nonce instanceof Uint8Array) || nonce.length !== SECRETBOX_NONCE_LENGTH) {
		throw new Error(`secretbox nonce must be ${SECRETBOX_NONCE_LENGTH} bytes`);
	}
}

/**
 * Encrypts and authenticates `message`: returns the 16-byte Poly1305 tag
 * followed by the XSalsa20 ciphertext (same bytes as tweetnacl's
 * `nacl.secretbox`). Never reuse a nonce with the same key.
 */
export function secretbox(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
	checkLengths(nonce, key);
	if (!(message instanceof Uint8Array)) throw new Error('secretbox message must be a Uint8Array');
	const box = new Uint8Array(SECRETBOX_TAG_LENGTH + message.length);
	const { stream, block0 } = startXSalsa20(key, nonce);
	// Encrypt first, then authenticate the ciphertext (the tag goes in front).
	xorFromByte32(stream, block0, message, 0, box, SECRETBOX_TAG_LENGTH, message.length);
	poly1305(box, box, SECRETBOX_TAG_LENGTH, message.length, block0);
	block0.fill(0);
	return box;
}

/**
 * Verifies and decrypts a box made by `secretbox`. Returns the message, or
 * null when the box is too short or its tag does not match (wrong key, wrong
 * nonce or tampered bytes), like tweetnacl's `nacl.secretbox.open`.
 */
export function secretboxOpen(box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null {
	checkLengths(nonce, key);
	if (!(box instanceof Uint8Array)) throw new Error('secretbox box must be a Uint8Array');
	if (box.length < SECRETBOX_TAG_LENGTH) return null;
	const length = box.length - SECRETBOX_TAG_LENGTH;

	// Authenticate the ciphertext before decrypting anything.
	const { stream, block0 } = startXSalsa20(key, nonce);
	const expected = new Uint8Array(SECRETBOX_TAG_LENGTH);
	poly1305(expected, box, SECRETBOX_TAG_LENGTH, length, block0);

	// Constant-time comparison: accumulate all differences, branch once.
	let diff = 0;
	for (let i = 0; i < SECRETBOX_TAG_LENGTH; i++) diff |= expected[i] ^ box[i];
	if (diff !== 0) {
		block0.fill(0);
		return null;
	}

	const message = new Uint8Array(length);
	xorFromByte32(stream, block0, box, SECRETBOX_TAG_LENGTH, message, 0, length);
	block0.fill(0);
	return message;
}
