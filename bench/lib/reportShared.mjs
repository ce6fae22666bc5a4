/** What every section of the report uses: formatting, verdicts, round-by-round ratios. */
import { summary } from './stats.mjs';

export const MB = 2 ** 20;
export const count = (n) => n.toLocaleString('en-US');
export const verdict = (ok) => (ok ? '**met**' : '**missed**');
export const eventsPerSecond = (run) => (run.n / run.elapsedMs) * 1000;

/** Per-round values of one side of one comparison. */
export function rounds(runs, filter) {
	return runs.filter(filter).sort((a, b) => a.round - b.round);
}

/** Ratio a/b per round (the sides of a round ran next to each other), summarized. */
export function pairedRatio(aRuns, bRuns, value) {
	const byRound = new Map(bRuns.map((run) => [run.round, run]));
	return summary(aRuns.filter((run) => byRound.has(run.round)).map((run) => value(run) / value(byRound.get(run.round))));
}

/** A markdown table from a header row and rows of cells. */
export function table(header, alignRight, rows) {
	return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (alignRight(i) ? '---:' : '---')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}
