/**
 * Poly1305, the one-time authenticator of NaCl's secretbox, written from
 * D. J. Bernstein, "The Poly1305-AES message-authentication code" (section 2);
 * RFC 8439 (section 2.5) describes the same function and gives its test vectors.
 *
 * The 130-bit accumulator is kept in six 22-bit limbs held in JS numbers:
 * every partial product and every column sum stays below 2^53, so
 * double-precision arithmetic is exact (bounds are given next to the code).
 */

import { load32, store32 } from './littleEndian';

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
export function poly1305(tag: Uint8Array, m: Uint8Array, off: number, len: number, key: Uint8Array): void {
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
