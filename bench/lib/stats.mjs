/** Median, min and max of per-round values. */
export function summary(values) {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
	const mid = sorted.length >> 1;
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** Round r runs the sides rotated by r, so no side always goes first (or last). */
export function rotated(list, round) {
	const k = round % list.length;
	return [...list.slice(k), ...list.slice(0, k)];
}

export function fmt(value, digits = 3) {
	if (!Number.isFinite(value)) return 'n/a';
	const abs = Math.abs(value);
	if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
	if (abs >= 100) return value.toFixed(0);
	if (abs >= 10) return value.toFixed(digits >= 2 ? 1 : 0);
	return value.toPrecision(digits);
}

/** "median (min–max)" */
export function mmm(stats, digits) {
	return `${fmt(stats.median, digits)} (${fmt(stats.min, digits)}–${fmt(stats.max, digits)})`;
}
