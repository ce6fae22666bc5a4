/** Little-endian 32-bit words in byte arrays, for Salsa20 and Poly1305. */

/** Reads the little-endian 32-bit word at `b[i..i+4]` (as a signed int32). */
export function load32(b: Uint8Array, i: number): number {
	return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

/** Writes `w` little-endian at `b[i..i+4]` (Uint8Array stores keep the low 8 bits). */
export function store32(b: Uint8Array, i: number, w: number): void {
	b[i] = w;
	b[i + 1] = w >>> 8;
	b[i + 2] = w >>> 16;
	b[i + 3] = w >>> 24;
}
