/**
 * Wildcard matching for channel and event names: `*` stands for any run of
 * characters (also none); every other character matches only itself, case
 * included. Linear-time greedy matching with backtracking to the last `*`, so
 * no pattern a user types can make a request slow (unlike a regular expression).
 */
export function globMatch(pattern: string, text: string): boolean {
	let p = 0;
	let t = 0;
	let starAt = -1;
	let resumeAt = 0;
	while (t < text.length) {
		if (p < pattern.length && pattern[p] === '*') {
			starAt = p++;
			resumeAt = t;
		} else if (p < pattern.length && pattern[p] === text[t]) {
			p++;
			t++;
		} else if (starAt !== -1) {
			p = starAt + 1;
			t = ++resumeAt;
		} else {
			return false;
		}
	}
	while (p < pattern.length && pattern[p] === '*') p++;
	return p === pattern.length;
}

