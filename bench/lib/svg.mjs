/**
 * A horizontal bar chart as SVG text, no library: groups of bars, each bar a
 * median with a min–max whisker, an optional vertical reference line.
 */
/** A white outline behind text, so grid and reference lines do not cross it. */
const HALO = 'paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"';
export const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function niceMax(value) {
	if (!(value > 0)) return 1;
	const power = 10 ** Math.floor(Math.log10(value));
	for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
	return 10 * power;
}

/**
 * groups: [{ label, bars: [{ label, median, min, max, color, note }] }]
 * reference: { value, label } (a dashed line), unit: axis caption
 */
export function barChart({ title, subtitle, groups, unit, reference, tickStep, width = 860, format = (v) => v.toLocaleString('en-US', { maximumFractionDigits: 2 }) }) {
	const labelWidth = 250;
	const right = 120;
	const plotWidth = width - labelWidth - right;
	const barHeight = 18;
	const gap = 6;
	const groupGap = 30;
	const top = subtitle ? 64 : 48;
	const all = groups.flatMap((group) => group.bars);
	const top_ = Math.max(...all.map((bar) => (Number.isFinite(bar.max) ? bar.max : bar.median)), reference?.value ?? 0);
	const max = tickStep ? Math.ceil(top_ / tickStep) * tickStep : niceMax(top_);
	const ticks = tickStep ? Math.round(max / tickStep) : 5;
	const x = (value) => labelWidth + (Math.max(0, value) / max) * plotWidth;

	const parts = [];
	let y = top;
	for (const group of groups) {
		parts.push(`<rect x="8" y="${y - 1}" width="${(group.label.length * 7.6 + 8).toFixed(0)}" height="18" fill="#fff" fill-opacity="0.9"/>`);
		parts.push(`<text x="12" y="${y + 12}" font-weight="bold" font-size="13" ${HALO}>${esc(group.label)}</text>`);
		y += 22;
		for (const bar of group.bars) {
			const mid = y + barHeight / 2;
			parts.push(`<text x="${labelWidth - 8}" y="${mid + 4}" text-anchor="end" font-size="12">${esc(bar.label)}</text>`);
			parts.push(`<rect x="${labelWidth}" y="${y}" width="${(x(bar.median) - labelWidth).toFixed(1)}" height="${barHeight}" fill="${bar.color ?? '#4C78A8'}"/>`);
			if (Number.isFinite(bar.min) && Number.isFinite(bar.max) && bar.max > bar.min) {
				parts.push(`<line x1="${x(bar.min).toFixed(1)}" x2="${x(bar.max).toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#222" stroke-width="1.2"/>`);
				for (const end of [bar.min, bar.max]) {
					parts.push(`<line x1="${x(end).toFixed(1)}" x2="${x(end).toFixed(1)}" y1="${mid - 4}" y2="${mid + 4}" stroke="#222" stroke-width="1.2"/>`);
				}
			}
			const textX = Math.max(x(bar.median), Number.isFinite(bar.max) ? x(bar.max) : 0) + 6;
			const text = `${format(bar.median)}${bar.note ? ` ${bar.note}` : ''}`;
			// a white backing, so grid and reference lines do not run through the label
			parts.push(`<rect x="${(textX - 2).toFixed(1)}" y="${mid - 7}" width="${(text.length * 6.2 + 4).toFixed(0)}" height="14" fill="#fff" fill-opacity="0.9"/>`);
			parts.push(`<text x="${textX.toFixed(1)}" y="${mid + 4}" font-size="11" ${HALO}>${esc(text)}</text>`);
			y += barHeight + gap;
		}
		y += groupGap - gap;
	}
	const bottom = y;
	const axis = [];
	for (let i = 0; i <= ticks; i++) {
		const value = (max * i) / ticks;
		const ax = x(value).toFixed(1);
		axis.push(`<line x1="${ax}" x2="${ax}" y1="${top - 4}" y2="${bottom - groupGap + 8}" stroke="#ddd"/>`);
		axis.push(`<text x="${ax}" y="${bottom - groupGap + 24}" text-anchor="middle" font-size="11" fill="#444">${esc(format(value))}</text>`);
	}
	if (reference) {
		const rx = x(reference.value).toFixed(1);
		axis.push(`<line x1="${rx}" x2="${rx}" y1="${top - 8}" y2="${bottom - groupGap + 8}" stroke="#C03" stroke-dasharray="5,4" stroke-width="1.5"/>`);
		axis.push(`<text x="${rx}" y="${top - 12}" text-anchor="middle" font-size="11" fill="#C03">${esc(reference.label)}</text>`);
	}
	const height = bottom - groupGap + 50;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
		`<rect width="100%" height="100%" fill="#fff"/>`,
		`<text x="12" y="22" font-size="16" font-weight="bold">${esc(title)}</text>`,
		subtitle ? `<text x="12" y="40" font-size="12" fill="#444">${esc(subtitle)}</text>` : '',
		...axis,
		...parts,
		`<text x="${labelWidth + plotWidth / 2}" y="${height - 10}" text-anchor="middle" font-size="12" fill="#444">${esc(unit)}</text>`,
		'</svg>',
		'',
	].join('\n');
}
