/**
 * A seeded PRNG (mulberry32) so that randomized tests are reproducible: a
 * failing case prints its seed, and `TEST_SEED=<seed>` replays it.
 */
export function seededRandom(seed = Number(process.env.TEST_SEED ?? Date.now() % 2 ** 31)) {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
	const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
	const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)];
	const string = (alphabet: string, min: number, max: number): string => {
		const chars = Array.from(alphabet);
		return Array.from({ length: int(min, max) }, () => pick(chars)).join('');
	};
	const bytes = (length: number): Uint8Array => Uint8Array.from({ length }, () => int(0, 255));
	return { seed, next, int, pick, string, bytes };
}

export const CHANNEL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-=@,.;';
/** Text that exercises UTF-8: ASCII, accents, CJK, emoji (surrogate pairs), quotes and escapes. */
export const UNICODE_ALPHABET = 'aZ09 _-"\\/\n\té€ß中文字😀🚀ü\u2028';
