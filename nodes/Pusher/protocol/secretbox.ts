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
 * Poly1305 keeps its 130-bit accumulator in six 22-bit limbs held in JS
 * numbers: every partial product and every column sum stays below 2^53, so
 * double-precision arithmetic is exact (bounds are given next to the code).
 */

const SECRETBOX_KEY_LENGTH = 32;
export const SECRETBOX_NONCE_LENGTH = 24;
export const SECRETBOX_TAG_LENGTH = 16;

/** "expand 32-byte k" as four little-endian words (Salsa20 spec, section 9). */
const SIGMA0 = 0x61707865;
const SIGMA1 = 0x3320646e;
const SIGMA2 = 0x79622d32;
const SIGMA3 = 0x6b206574;

/** Reads the little-endian 32-bit word at `b[i..i+4]` (as a signed int32). */
function load32(b: Uint8Array, i: number): number {
	return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

/** Writes `w` little-endian at `b[i..i+4]` (Uint8Array stores keep the low 8 bits). */
function store32(b: Uint8Array, i: number, w: number): void {
	b[i] = w;
	b[i + 1] = w >>> 8;
	b[i + 2] = w >>> 16;
	b[i + 3] = w >>> 24;
}

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

/** 2^-22: multiplying by it is an exact shift for JS numbers. */
const INV_2_22 = 1 / 4194304;
const MASK22 = 0x3fffff;
const INV_2_32 = 1 / 4294967296;

/**
 * Poly1305 (Poly1305-AES paper, section 2) of `m[off..off+len]` under the
 * 32-byte one-time key (r || s), written as a 16-byte tag into `tag`:
 *   h = 0; for each 16-byte chunk c (the last one may be shorter):
 *     h = (h + (c || 0x01 as a little-endian number)) * r  mod 2^130 - 5
 *   tag = (h + s) mod 2^128
 * r is "clamped": the top 4 bits of bytes 3, 7, 11, 15 and the low 2 bits of
 * bytes 4, 8, 12 are cleared.
 *
 * h and r are held as six 22-bit limbs (132 bits). Since 2^132 = 4 * 2^130 is
 * congruent to 20 mod p, a product term landing at limb k + 6 folds back into
 * limb k multiplied by 20 (hence s_j = 20 * r_j).
 */
function poly1305(tag: Uint8Array, m: Uint8Array, off: number, len: number, key: Uint8Array): void {
	// Clamp r and split it into 22-bit limbs (each < 2^22).
	const t0 = load32(key, 0) & 0x0fffffff;
	const t1 = load32(key, 4) & 0x0ffffffc;
	const t2 = load32(key, 8) & 0x0ffffffc;
	const t3 = load32(key, 12) & 0x0ffffffc;
	const r0 = t0 & MASK22;
	const r1 = ((t0 >>> 22) | (t1 << 10)) & MASK22;
	const r2 = ((t1 >>> 12) | (t2 << 20)) & MASK22;
	const r3 = (t2 >>> 2) & MASK22;
	const r4 = ((t2 >>> 24) | (t3 << 8)) & MASK22;
	const r5 = t3 >>> 14;
	const s1 = 20 * r1, s2 = 20 * r2, s3 = 20 * r3, s4 = 20 * r4, s5 = 20 * r5;

	let h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0;
	const pad = new Uint8Array(16);
	let pos = off;
	const end = off + len;
	while (pos < end) {
		// Load the chunk. A full chunk gets the 2^128 bit (bit 18 of limb 5);
		// a short last chunk gets a 0x01 byte right after it instead.
		let src = m;
		let at = pos;
		let hibit = 1 << 18;
		if (end - pos < 16) {
			pad.fill(0);
			pad.set(m.subarray(pos, end));
			pad[end - pos] = 1;
			src = pad;
			at = 0;
			hibit = 0;
		}
		const c0 = load32(src, at), c1 = load32(src, at + 4);
		const c2 = load32(src, at + 8), c3 = load32(src, at + 12);
		// h += chunk. Limbs were < 2^22 (+ 2^13 on h1), so now < 2^23.01.
		h0 += c0 & MASK22;
		h1 += ((c0 >>> 22) | (c1 << 10)) & MASK22;
		h2 += ((c1 >>> 12) | (c2 << 20)) & MASK22;
		h3 += (c2 >>> 2) & MASK22;
		h4 += ((c2 >>> 24) | (c3 << 8)) & MASK22;
		h5 += (c3 >>> 14) | hibit;

		// h *= r (mod 2^130 - 5). Each product is < 2^23.01 * 20 * 2^22 < 2^49.4,
		// so each six-term column sum is < 2^52 and exact in a double.
		let d0 = h0 * r0 + h1 * s5 + h2 * s4 + h3 * s3 + h4 * s2 + h5 * s1;
		let d1 = h0 * r1 + h1 * r0 + h2 * s5 + h3 * s4 + h4 * s3 + h5 * s2;
		let d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s5 + h4 * s4 + h5 * s3;
		let d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s5 + h5 * s4;
		let d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s5;
		let d5 = h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0;

		// Carry back to 22-bit limbs. `d & MASK22` is exact for any integer
		// below 2^53 (ToInt32 keeps the low bits), and (d - low) * 2^-22 is
		// the exact carry (< 2^31).
		h0 = d0 & MASK22; d1 += (d0 - h0) * INV_2_22;
		h1 = d1 & MASK22; d2 += (d1 - h1) * INV_2_22;
		h2 = d2 & MASK22; d3 += (d2 - h2) * INV_2_22;
		h3 = d3 & MASK22; d4 += (d3 - h3) * INV_2_22;
		h4 = d4 & MASK22; d5 += (d4 - h4) * INV_2_22;
		h5 = d5 & MASK22;
		// The carry out of limb 5 has weight 2^132 = 20 (mod p).
		d0 = h0 + (d5 - h5) * INV_2_22 * 20;
		h0 = d0 & MASK22;
		h1 += (d0 - h0) * INV_2_22; // adds < 2^13

		pos += 16;
	}

	// Fully carry (limbs < 2^22), then fold bits 130-131 back in: 2^130 = 5 (mod p).
	let c: number;
	c = h1 >>> 22; h1 &= MASK22; h2 += c;
	c = h2 >>> 22; h2 &= MASK22; h3 += c;
	c = h3 >>> 22; h3 &= MASK22; h4 += c;
	c = h4 >>> 22; h4 &= MASK22; h5 += c;
	c = h5 >>> 20; h5 &= 0xfffff; h0 += 5 * c;
	c = h0 >>> 22; h0 &= MASK22; h1 += c;
	c = h1 >>> 22; h1 &= MASK22; h2 += c;
	c = h2 >>> 22; h2 &= MASK22; h3 += c;
	c = h3 >>> 22; h3 &= MASK22; h4 += c;
	c = h4 >>> 22; h4 &= MASK22; h5 += c;

	// Now h < 2^130 + 20. Final reduction: g = h + 5 - 2^130; if g >= 0 then
	// h >= p and h - p = g. Selected with masks, without branching on h.
	let g0 = h0 + 5;
	c = g0 >>> 22; g0 &= MASK22;
	let g1 = h1 + c; c = g1 >>> 22; g1 &= MASK22;
	let g2 = h2 + c; c = g2 >>> 22; g2 &= MASK22;
	let g3 = h3 + c; c = g3 >>> 22; g3 &= MASK22;
	let g4 = h4 + c; c = g4 >>> 22; g4 &= MASK22;
	let g5 = h5 + c;
	const useG = -(g5 >>> 20); // all ones when bit 130 of g is set, else 0
	g5 &= 0xfffff;
	h0 = (h0 & ~useG) | (g0 & useG);
	h1 = (h1 & ~useG) | (g1 & useG);
	h2 = (h2 & ~useG) | (g2 & useG);
	h3 = (h3 & ~useG) | (g3 & useG);
	h4 = (h4 & ~useG) | (g4 & useG);
	h5 = (h5 & ~useG) | (g5 & useG);

	// Repack the low 128 bits of h into four 32-bit words and add s mod 2^128.
	const w0 = (h0 | (h1 << 22)) >>> 0;
	const w1 = ((h1 >>> 10) | (h2 << 12)) >>> 0;
	const w2 = ((h2 >>> 20) | (h3 << 2) | (h4 << 24)) >>> 0;
	const w3 = ((h4 >>> 8) | (h5 << 14)) >>> 0;
	// Each f < 2^33, so (f * 2^-32) | 0 is its carry bit.
	let f = w0 + (load32(key, 16) >>> 0);
	store32(tag, 0, f);
	f = w1 + (load32(key, 20) >>> 0) + ((f * INV_2_32) | 0);
	store32(tag, 4, f);
	f = w2 + (load32(key, 24) >>> 0) + ((f * INV_2_32) | 0);
	store32(tag, 8, f);
	f = w3 + (load32(key, 28) >>> 0) + ((f * INV_2_32) | 0);
	store32(tag, 12, f);
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
