/**
 * A line chart as SVG text, no library: one or more series of (x, y) points
 * on shared axes that start at zero.
 */
import { esc, niceMax } from './svg.mjs';

/** series: [{ label, color, points: [[x, y]…] }] */
export function lineChart({ title, subtitle, series, xUnit, yUnit, width = 860, height = 360, formatX = String, formatY = String }) {
	const left = 70;
	const right = 30;
	const top = subtitle ? 64 : 48;
	const bottom = 60;
	const plotWidth = width - left - right;
	const plotHeight = height - top - bottom;
	const points = series.flatMap((s) => s.points);
	const xMax = niceMax(Math.max(...points.map(([x]) => x)));
	const yMax = niceMax(Math.max(...points.map(([, y]) => y)));
	const x = (value) => left + (value / xMax) * plotWidth;
	const y = (value) => top + plotHeight - (value / yMax) * plotHeight;
	const parts = [];
	for (let i = 0; i <= 5; i++) {
		const yv = (yMax * i) / 5;
		const xv = (xMax * i) / 5;
		parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${y(yv).toFixed(1)}" y2="${y(yv).toFixed(1)}" stroke="#ddd"/>`);
		parts.push(`<text x="${left - 6}" y="${(y(yv) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#444">${esc(formatY(yv))}</text>`);
		parts.push(`<text x="${x(xv).toFixed(1)}" y="${top + plotHeight + 18}" text-anchor="middle" font-size="11" fill="#444">${esc(formatX(xv))}</text>`);
	}
	series.forEach((s, index) => {
		const path = s.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
		parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${path}"/>`);
		parts.push(`<rect x="${left + 10}" y="${top + 8 + index * 18}" width="12" height="12" fill="${s.color}"/>`);
		parts.push(`<text x="${left + 28}" y="${top + 18 + index * 18}" font-size="12">${esc(s.label)}</text>`);
	});
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
		'<rect width="100%" height="100%" fill="#fff"/>',
		`<text x="12" y="22" font-size="16" font-weight="bold">${esc(title)}</text>`,
		subtitle ? `<text x="12" y="40" font-size="12" fill="#444">${esc(subtitle)}</text>` : '',
		`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#444"/>`,
		`<line x1="${left}" x2="${left + plotWidth}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#444"/>`,
		...parts,
		`<text x="${left + plotWidth / 2}" y="${height - 14}" text-anchor="middle" font-size="12" fill="#444">${esc(xUnit)}</text>`,
		`<text x="16" y="${top + plotHeight / 2}" text-anchor="middle" font-size="12" fill="#444" transform="rotate(-90 16 ${top + plotHeight / 2})">${esc(yUnit)}</text>`,
		'</svg>',
		'',
	].join('\n');
}
