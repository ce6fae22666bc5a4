/**
 * Section 7.5 of the report: the Pusher Channel Trigger in the real n8n
 * server (bench/n8n/channelTrigger.mjs): latency from a REST-triggered event
 * to its execution's start, the rate executions keep up with, and RSS over a
 * steady run.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { MB, count, table } from './reportShared.mjs';
import { lineChart } from './svgLine.mjs';

/** Least-squares slope of RSS over time, MB per minute (NaN with fewer than 3 samples). */
function slopePerMinute(samples) {
	if (samples.length < 3) return NaN;
	const xs = samples.map((s) => s.seconds / 60);
	const ys = samples.map((s) => s.rss / MB);
	const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
	const my = ys.reduce((a, b) => a + b, 0) / ys.length;
	const sxy = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
	const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
	return sxy / sxx;
}

const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');

export function channelPart(results, imagesDir) {
	const channel = results.n8n?.channel;
	if (!channel) return { sections: [], files: [] };
	const { latency, steps, sustained, lagLimitMs, steady } = channel;
	const lines = [
		'### 7.5 The Pusher Channel Trigger',
		'',
		`The Channel Trigger in a published workflow (\`Pusher Channel Trigger → No Op\`) listens on one channel; events are triggered through Soketi's REST API with the official SDK from the benchmark process. Each event starts one execution. *Received* is the trigger's \`receivedAt\` on the event, *started* the execution's \`startedAt\`, both minus the time the REST call was made (one clock: everything is on this machine).`,
		'',
		`#### Latency: ${count(latency.sent)} events, one at a time`,
		'',
		...table(['From the REST call to', 'p50', 'p95'], (i) => i > 0, [
			['the event received by the trigger', ms(latency.receiveP50), ms(latency.receiveP95)],
			["the execution's start", ms(latency.startP50), ms(latency.startP95)],
		]),
		'',
		`${count(latency.executed)} of ${count(latency.sent)} events started an execution.`,
		'',
		'#### Sustained rate',
		'',
		`Events at a steady rate, step by step; a step keeps up when every event started an execution and the p95 start latency stayed at most ${lagLimitMs} ms. **Sustained: ${sustained ? `${sustained} events/s` : 'below the first step'}** (the last step that kept up).`,
		'',
		...table(['Events/s', 'Events', 'Executions (success)', 'Start p50', 'Start p95', 'Kept up'], (i) => i > 0 && i < 5, steps.map((s) => [String(s.rate), count(s.sent), `${count(s.executed)}${s.failed ? ` (${count(s.failed)} failed)` : ''}`, ms(s.startP50), ms(s.startP95), s.keptUp ? 'yes' : '**no**'])),
		'',
	];
	const files = [];
	if (steady) {
		const rss = steady.samples.map((s) => s.rss / MB);
		// a trend over less than a few minutes is one garbage collection's sawtooth, not a trend
		const slope = steady.minutes >= 5 ? slopePerMinute(steady.samples.filter((s) => s.seconds >= 60)) : NaN;
		lines.push(
			`#### Memory over ${steady.minutes} minutes at ${steady.rate} events/s`,
			'',
			`In a server started for this run alone (the same workflow), events at ${steady.rate} per second${steady.rate < steady.plannedRate ? ` (half the sustained rate; the plan says ${steady.plannedRate})` : ''}; the n8n process's RSS from /proc every few seconds, and nothing read from n8n's API until the run is over.`,
			'',
			'![RSS of the n8n process](images/benchmarks-channel-rss.svg)',
			'',
			...table(['Events', 'Executions', 'Start p50', 'Start p95', 'RSS at start', 'RSS min', 'RSS max', 'RSS at end', 'Trend after the first minute'], (i) => true, [
				[count(steady.sent), count(steady.executed), ms(steady.startP50), ms(steady.startP95), `${rss[0].toFixed(0)} MB`, `${Math.min(...rss).toFixed(0)} MB`, `${Math.max(...rss).toFixed(0)} MB`, `${rss[rss.length - 1].toFixed(0)} MB`, Number.isFinite(slope) ? `${slope.toFixed(1)} MB/min` : 'n/a (run under 5 minutes)'],
			]),
			'',
			'The trend is the least-squares slope of the samples after the first minute, given for runs of 5 minutes or more: RSS climbs between major garbage collections and falls back at each, so a shorter run shows one sawtooth, not a trend.',
			'',
		);
		const file = path.join(imagesDir, 'benchmarks-channel-rss.svg');
		writeFileSync(
			file,
			lineChart({
				title: `RSS of the n8n process, Channel Trigger at ${steady.rate} events/s`,
				subtitle: `One execution per event, ${count(steady.sent)} events over ${steady.minutes} minutes`,
				series: [{ label: 'n8n main process RSS', color: '#1f77b4', points: steady.samples.map((s) => [s.seconds / 60, s.rss / MB]) }],
				xUnit: 'minutes',
				yUnit: 'RSS (MB)',
				formatX: (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)),
				formatY: (v) => v.toFixed(0),
			}),
		);
		files.push(file);
	}
	return { sections: lines, files };
}
