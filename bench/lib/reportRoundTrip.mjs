/**
 * Section 6 of the report: the round-trip model (bench/roundTrip.mjs) — every
 * side over TLS through the latency relay, with the server's count of TCP
 * connections and TLS handshakes — and issue 11's targets on it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { loadBaseline } from './baseline.mjs';
import { count, eventsPerSecond, pairedRatio, rounds, table, verdict } from './reportShared.mjs';
import { fmt, mmm, summary } from './stats.mjs';
import { barChart } from './svg.mjs';

const LABELS = {
	'node-trigger': 'Pusher node, Trigger (n8n engine)',
	'node-trigger-single': 'Pusher node, Trigger, Combine Into Batch Requests off (one request per item)',
	'node-batch': '**Pusher node, Trigger Batch (n8n engine)**',
	'node-trigger-10': 'Pusher node, Trigger, Parallel Requests 10',
	'sdk-trigger': 'SDK `trigger`, one at a time (keep-alive)',
	'sdk-trigger-10': 'SDK `trigger`, 10 in flight (keep-alive)',
	'sdk-batch': 'SDK `triggerBatch`, 10 per call (keep-alive)',
	signed: 'Hand-signed, one request per event (https keep-alive agent)',
};
const SHORT = {
	'node-trigger': 'node: Trigger',
	'node-trigger-single': 'node: Trigger, 1 req/item',
	'node-batch': 'node: Trigger Batch',
	'node-trigger-10': 'node: Trigger, ×10 in flight',
	'sdk-trigger': 'SDK trigger ×1',
	'sdk-trigger-10': 'SDK trigger ×10 in flight',
	'sdk-batch': 'SDK triggerBatch (10/call)',
	signed: 'hand-signed, 1 req/event',
};
const COLORS = { 'node-trigger-single': '#deebf7', 'node-trigger': '#9ecae9', 'node-batch': '#1f77b4', 'node-trigger-10': '#c6dbef', 'sdk-trigger': '#ffbf79', 'sdk-trigger-10': '#f58518', 'sdk-batch': '#c44e00', signed: '#54a24b' };
const SERVER = { soketi: 'Soketi', sink: 'the sink' };

export const ROUND_TRIP_MEASURED =
	'- **Round trips** (section 6, `bench/roundTrip.mjs`): the same worker processes, over **TLS** with a certificate made for the run (openssl, RSA 2048; the workers trust it through `NODE_EXTRA_CA_CERTS`), through a **latency relay** on loopback that passes every chunk on half the round trip after it arrived, in both directions, and holds a new connection\'s first bytes for the TCP handshake (1 round trip) first: a new connection + TLS 1.3 + one request costs 3 round trips, a request on a kept-alive connection 1. A TLS front between the relay and the server counts **TCP connections** and **TLS handshakes** (full or resumed) per request: the server\'s view. Soketi 1.6 answers every HTTP API request with `Connection: close` (Pusher\'s API keeps connections alive), so here the event counter of section 7 stands in front of Soketi, keeps the client\'s connection open as Pusher does, and checks that Soketi accepted every event.';

export function roundTripPart(results, imagesDir) {
	const runs = results.roundTrip?.runs ?? [];
	if (runs.length === 0) return { targetRows: [], sections: [], files: [] };
	const baseline = loadBaseline();
	const lines = [];
	const targetRows = [];
	const chartGroups = [];
	const combos = [...new Set(runs.map((run) => `${run.rttMs}/${run.target}`))];
	for (const combo of combos) {
		const [rtt, target] = combo.split('/');
		const these = runs.filter((run) => String(run.rttMs) === rtt && run.target === target);
		const n = these[0].n;
		const roundCount = new Set(these.map((run) => run.round)).size;
		const trigger = rounds(these, (run) => run.side === 'node-trigger');
		const rows = [];
		const bars = [];
		for (const side of Object.keys(LABELS)) {
			const sideRuns = rounds(these, (run) => run.side === side);
			if (!sideRuns.length) continue;
			const eps = summary(sideRuns.map(eventsPerSecond));
			const total = (run) => run.requests + run.warmupRequests;
			rows.push([
				LABELS[side],
				mmm(eps),
				fmt(pairedRatio(sideRuns, trigger, eventsPerSecond).median),
				count(summary(sideRuns.map((run) => run.requests)).median),
				fmt(summary(sideRuns.map((run) => run.connections / total(run))).median),
				`${fmt(summary(sideRuns.map((run) => run.handshakes / total(run))).median)} (${fmt(summary(sideRuns.map((run) => run.resumed / total(run))).median)})`,
				mmm(summary(sideRuns.map((run) => run.cpuUs / run.n))),
			]);
			bars.push({ label: SHORT[side], ...eps, color: COLORS[side] });
		}
		lines.push(`#### ${rtt} ms round trip, TLS, ${SERVER[target]}: ${count(n)} events (${roundCount} interleaved round${roundCount === 1 ? '' : 's'})`, '');
		lines.push(...table(['Side', 'Events/s', '× node Trigger', 'HTTP requests', 'TCP connections per request', 'TLS handshakes per request (resumed)', 'CPU µs/event'], (i) => i > 0, rows), '');
		chartGroups.push({ label: `${rtt} ms round trip, ${SERVER[target]}`, bars });

		if (rtt === '20') {
			const sdk = pairedRatio(trigger, rounds(these, (run) => run.side === 'sdk-trigger'), eventsPerSecond);
			const today = baseline?.roundTripTriggerEventsPerSecond?.[`${target}/20`];
			const now = summary(trigger.map(eventsPerSecond)).median;
			targetRows.push([
				`Event → Trigger at 20 ms round trip over TLS ≥ 5× today's Trigger events/s (${SERVER[target]})`,
				today ? `${fmt(now)} events/s ÷ ${fmt(today)} (bench/baseline.json, ${baseline.date.slice(0, 10)}) = ${fmt(now / today)}×` : `${fmt(now)} events/s; no bench/baseline.json to compare with`,
				today ? verdict(now / today >= 5) : 'n/a',
			]);
			targetRows.push([
				`… and ≥ the SDK's per-event \`trigger\` with keep-alive (${SERVER[target]})`,
				`× ${fmt(sdk.median)} (min–max ${fmt(sdk.min)}–${fmt(sdk.max)})`,
				verdict(sdk.median >= 1),
			]);
		}
	}
	const file = path.join(imagesDir, 'benchmarks-roundtrip.svg');
	writeFileSync(
		file,
		barChart({
			title: 'Events/s over TLS with a network round trip (loopback + latency relay)',
			subtitle: 'Median of interleaved rounds, whiskers min–max; each side in a fresh process',
			unit: 'events per second (higher is better)',
			format: (v) => Math.round(v).toLocaleString('en-US'),
			groups: chartGroups,
		}),
	);
	const sections = [
		'## 6. Round trips over TLS (issue 11)',
		'',
		'![Events/s with round trips](images/benchmarks-roundtrip.svg)',
		'',
		'The sides of section 1 over TLS, with 20 ms and 80 ms of round trip added by the relay (see "How it is measured"). Connections and handshakes are counted by the server side per request, warm-up included: 1 means a new connection (and a full handshake) for every request, 1 ÷ requests one kept-alive connection for the run. "× node Trigger" is round by round.',
		'',
		...lines,
	];
	return { targetRows, sections, files: [file] };
}
