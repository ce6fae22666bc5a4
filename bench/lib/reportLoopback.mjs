/**
 * The report's parts of issue 6, all on loopback with plain HTTP: event
 * throughput (section 1), signing, verification and secretbox (2–4), scale
 * (5): their tables, charts and target rows, each only when it was measured.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { fmt, mmm, summary } from './stats.mjs';
import { MB, count, eventsPerSecond, pairedRatio, rounds, verdict } from './reportShared.mjs';
import { profileTables } from './reportProfile.mjs';
import { barChart } from './svg.mjs';

const SIDE_LABELS = {
	'node-trigger': 'Pusher node, Trigger (n8n engine)',
	'node-batch': 'Pusher node, Trigger Batch (n8n engine)',
	'sdk-trigger': 'SDK `trigger`, one at a time',
	'sdk-trigger-10': 'SDK `trigger`, 10 in flight',
	'sdk-batch': 'SDK `triggerBatch`, 10 per call',
	signed: 'Hand-signed, one request per event (node:http + `signedQueryString`)',
	'node-trigger-10': 'Pusher node, Trigger, Parallel Requests 10',
	'node-batch-10': 'Pusher node, Trigger Batch, Parallel Requests 10',
	'node-batch-fixed': 'Diagnostic: Trigger Batch with a fixed Data text (no expression per item)',
	'node-trigger-single': 'Pusher node, Trigger, Combine Into Batch Requests off (one request per item)',
	'node-batch-input': 'Pusher node, Trigger Batch, Send Data As: Input Item (no expression per item)',
};
const SHORT_LABELS = {
	'node-trigger': 'node: Trigger',
	'node-batch': 'node: Trigger Batch',
	'sdk-trigger': 'SDK trigger ×1',
	'sdk-trigger-10': 'SDK trigger ×10 in flight',
	'sdk-batch': 'SDK triggerBatch (10/call)',
	signed: 'hand-signed, 1 req/event',
	'node-trigger-10': 'node: Trigger, ×10 in flight',
	'node-batch-10': 'node: Trigger Batch, ×10 in flight',
	'node-batch-fixed': 'diag.: Trigger Batch, no expression',
	'node-trigger-single': 'node: Trigger, 1 req/item',
	'node-batch-input': 'node: Trigger Batch, Input Item',
};
const SIDE_COLORS = {
	'node-trigger': '#9ecae9',
	'node-batch': '#1f77b4',
	'sdk-trigger': '#ffbf79',
	'sdk-trigger-10': '#f58518',
	'sdk-batch': '#c44e00',
	signed: '#54a24b',
	'node-trigger-10': '#c6dbef',
	'node-batch-10': '#08519c',
	'node-batch-fixed': '#bbbbbb',
	'node-trigger-single': '#deebf7',
	'node-batch-input': '#3182bd',
};
const TARGET_LABELS = { soketi: 'Soketi on loopback', sink: 'Minimal HTTP sink on loopback (the limit of the path)' };

function throughputSection(results) {
	const lines = [];
	const findings = {};
	const sizes = [...new Set(results.throughput.map((run) => run.n))];
	const targets = [...new Set(results.throughput.map((run) => run.target))];
	for (const target of ['soketi', 'sink'].filter((t) => targets.includes(t))) {
		for (const n of sizes) {
			const runs = results.throughput.filter((run) => run.target === target && run.n === n);
			const batch = rounds(runs, (run) => run.side === 'node-batch');
			const roundCount = new Set(runs.map((run) => run.round)).size;
			lines.push(`#### ${count(n)} events, ${TARGET_LABELS[target]} (${roundCount} interleaved round${roundCount === 1 ? '' : 's'})`, '');
			const sinkTable = target === 'sink';
			lines.push(`| Side | Events/s | × of Trigger Batch | HTTP requests |${sinkTable ? ' TCP connections per request |' : ''} CPU µs/event | Peak RSS (MB) | RSS growth (MB) |`);
			lines.push(`|---|---:|---:|---:|${sinkTable ? '---:|' : ''}---:|---:|---:|`);
			for (const side of Object.keys(SIDE_LABELS)) {
				const sideRuns = rounds(runs, (run) => run.side === side);
				if (sideRuns.length === 0) continue;
				const eps = summary(sideRuns.map(eventsPerSecond));
				const vsBatch = pairedRatio(sideRuns, batch, eventsPerSecond);
				const requests = summary(sideRuns.map((run) => run.requests));
				const cpu = summary(sideRuns.map((run) => run.cpuUs / run.n));
				const peak = summary(sideRuns.map((run) => run.maxRss / MB));
				const growth = summary(sideRuns.map((run) => (run.rssPeak - run.rssBefore) / MB));
				const label = side === 'node-batch' || side === 'node-batch-10' ? `**${SIDE_LABELS[side]}**` : SIDE_LABELS[side];
				const perRequest = summary(sideRuns.map((run) => run.sinkConnections / (run.requests + run.warmupRequests)));
				lines.push(
					`| ${label} | ${mmm(eps)} | ${fmt(vsBatch.median)} | ${count(requests.median)} |${sinkTable ? ` ${fmt(perRequest.median)} |` : ''} ${mmm(cpu)} | ${mmm(peak)} | ${mmm(growth)} |`,
				);
				findings[`${target}/${n}/${side}`] = { eps, cpu, peak, growth, requests };
			}
			findings[`${target}/${n}/ratios`] = Object.fromEntries(
				['node-trigger', 'node-trigger-single', 'sdk-trigger', 'signed', 'sdk-batch'].map((side) => [side, pairedRatio(batch, rounds(runs, (run) => run.side === side), eventsPerSecond)]),
			);
			const batch10 = rounds(runs, (run) => run.side === 'node-batch-10');
			findings[`${target}/${n}/ratios10`] = Object.fromEntries(
				['node-trigger-10', 'sdk-trigger-10'].map((side) => [side, pairedRatio(batch10, rounds(runs, (run) => run.side === side), eventsPerSecond)]),
			);
			lines.push('');
		}
	}
	return { lines, findings, sizes, targets };
}

function microSection(micro) {
	const us = (ns) => ns / 1000;
	const lines = [];
	const findings = { signing: {}, webhook: {}, secretbox: {} };

	lines.push('### Signing: µs per signed request', '');
	lines.push(`Median (min–max) of ${micro.rounds} interleaved rounds of about ${micro.batchMs} ms each. "Bare" is node:crypto MD5 of the body plus HMAC-SHA256 of the string to sign, with the query assembled by hand: the limit. All three produce the same query string (checked before timing).`, '');
	lines.push('| Body | core `signedQueryString` | SDK `createSignedQueryString` | bare crypto (limit) | core ÷ bare | SDK ÷ bare |');
	lines.push('|---|---:|---:|---:|---:|---:|');
	for (const [label, sides] of Object.entries(micro.signing)) {
		const s = (side) => summary(sides[side].nsPerOp.map(us));
		const ratio = (side) => summary(sides[side].nsPerOp.map((ns, i) => ns / sides.bare.nsPerOp[i]));
		findings.signing[label] = { core: ratio('core'), sdk: ratio('sdk') };
		lines.push(`| ${label} | ${mmm(s('core'))} | ${mmm(s('sdk'))} | ${mmm(s('bare'))} | ${mmm(ratio('core'))} | ${mmm(ratio('sdk'))} |`);
	}
	lines.push('');

	lines.push(`### Webhook verification: µs per verification of a ${micro.webhook.bytes}-byte webhook`, '');
	lines.push('"Bare" is one HMAC-SHA256 of the raw body and a string comparison: the limit. Core and SDK also parse the JSON body (the core checks its shape too); "bare + JSON.parse" shows what that parse costs on its own. n8n hands the trigger node the body as a Buffer, so the Buffer row is the one the node pays.', '');
	lines.push('| Side | µs per verification | ÷ bare HMAC |');
	lines.push('|---|---:|---:|');
	const webhook = micro.webhook['1 KB'];
	for (const [side, data] of Object.entries(webhook)) {
		const ratio = summary(data.nsPerOp.map((ns, i) => ns / webhook.bare.nsPerOp[i]));
		findings.webhook[side] = ratio;
		const name = { sdk: 'SDK `webhook(…).isValid()`', bare: 'bare HMAC (limit)' }[side] ?? (side.startsWith('core') ? side.replace('core', 'core `verifyWebhook`') : side);
		lines.push(`| ${name} | ${mmm(summary(data.nsPerOp.map(us)))} | ${mmm(ratio)} |`);
	}
	lines.push('');

	lines.push('### Encryption: NaCl secretbox, MB/s', '');
	lines.push('The core\'s own secretbox (`nodes/Pusher/protocol/secretbox.ts`, XSalsa20-Poly1305) against tweetnacl\'s, same key, nonce and message; their boxes are checked to be identical before timing. MB = 2^20 bytes.', '');
	lines.push('| Message | Operation | core MB/s | tweetnacl MB/s | core time ÷ tweetnacl time |');
	lines.push('|---|---|---:|---:|---:|');
	for (const [label, data] of Object.entries(micro.secretbox)) {
		for (const op of ['encrypt', 'decrypt']) {
			const sides = data[op];
			const rate = (side) => summary(sides[side].nsPerOp.map((ns) => data.bytes / MB / (ns / 1e9)));
			const ratio = summary(sides.core.nsPerOp.map((ns, i) => ns / sides.tweetnacl.nsPerOp[i]));
			findings.secretbox[`${label} ${op}`] = ratio;
			lines.push(`| ${label} | ${op} | ${mmm(rate('core'))} | ${mmm(rate('tweetnacl'))} | ${mmm(ratio)} |`);
		}
	}
	lines.push('');
	return { lines, findings };
}

function scaleSection(scale) {
	const lines = [];
	const sizes = [...new Set(scale.runs.map((run) => run.n))].sort((a, b) => a - b);
	const perItem = {};
	lines.push('| Items | µs per item | Events/s | HTTP requests | CPU µs/item | Peak RSS (MB) | RSS growth (MB) | Rounds |');
	lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const n of sizes) {
		const runs = scale.runs.filter((run) => run.n === n);
		const us = summary(runs.map((run) => (run.elapsedMs * 1000) / n));
		perItem[n] = us;
		lines.push(
			`| ${count(n)} | ${mmm(us)} | ${mmm(summary(runs.map(eventsPerSecond)))} | ${count(summary(runs.map((run) => run.requests)).median)} | ${mmm(summary(runs.map((run) => run.cpuUs / n)))} | ${mmm(summary(runs.map((run) => run.maxRss / MB)))} | ${mmm(summary(runs.map((run) => (run.rssPeak - run.rssBefore) / MB)))} | ${runs.length} |`,
		);
	}
	lines.push('');
	if (scale.skipped.length) lines.push(`Runs of ${scale.skipped.map(count).join(', ')} items took over ${scale.limitMs / 1000} s and were not repeated; 50,000 was measured as well.`, '');
	return { lines, perItem, sizes };
}

/** Where Trigger Batch's CPU goes in this harness: a CPU profile of one worker run. */
function harnessProfile(p) {
	const what = p.side === 'node-batch-input' ? 'Trigger Batch with Send Data As: Input Item' : 'Trigger Batch with Data `{{ $json.data }}`';
	return [
		`#### Where the CPU goes: ${what} (n8n engine, this harness)`,
		'',
		`A CPU profile (node:inspector in the worker, sampling every 200 µs) of one more run, ${count(p.n)} events to the sink: ${fmt(p.cpuUs / p.n)} µs of CPU per event while profiled. Self time by where the code lives:`,
		'',
		...profileTables(p),
	];
}

/** Issue 11's targets this harness measures: requests of Event → Trigger, and Trigger Batch's CPU per event. */
function issue11Rows(tp) {
	const rows = [];
	for (const target of ['soketi', 'sink'].filter((t) => tp.targets.includes(t))) {
		const n = Math.max(...tp.sizes);
		const trigger = tp.findings[`${target}/${n}/node-trigger`];
		const batch = tp.findings[`${target}/${n}/node-batch`];
		const fixed = tp.findings[`${target}/${n}/node-batch-fixed`];
		const input = tp.findings[`${target}/${n}/node-batch-input`];
		const sdk = tp.findings[`${target}/${n}/sdk-batch`];
		if (trigger && n >= 10000) {
			rows.push([`Event → Trigger: 10,000 single-channel items make at most 1,000 requests (n8n engine, ${target})`, `${count(trigger.requests.median)} requests`, verdict(trigger.requests.median <= 1000)]);
		}
		if (batch && sdk) {
			const ratio = (side) => side.cpu.median / sdk.cpu.median;
			const measured = input ?? batch;
			const others = [
				input ? `with Data \`{{ $json.data }}\` ${fmt(ratio(batch))}×` : undefined,
				fixed ? `with a fixed Data text ${fmt(ratio(fixed))}×` : undefined,
			].filter(Boolean);
			rows.push([
				`Trigger Batch CPU µs/event ≤ 2× the SDK's triggerBatch, same harness${input ? ', Send Data As: Input Item' : ''} (${count(n)} events, ${target})`,
				`${fmt(measured.cpu.median)} ÷ ${fmt(sdk.cpu.median)} µs = ${fmt(ratio(measured))}×${input ? '' : ' (no Send Data As: Input Item in this run: its Data is the expression \`{{ $json.data }}\`)'}${others.length ? `; ${others.join(', ')}` : ''}`,
				verdict(ratio(measured) <= 2),
			]);
		}
	}
	return rows;
}

const MEASURED = [
	'- **Event throughput** runs each side in a **fresh child process** (`bench/worker.mjs`), so its memory is its own: *Peak RSS* is that process\'s `maxRSS` (loading n8n-core alone costs ~100 MB more than loading the SDK), *RSS growth* the sampled peak (every 10 ms) minus the RSS just before the measured run. Each child first sends a small warm-up (not counted). *HTTP requests* are counted inside the child (node:diagnostics_channel `http.client.request.start`), and checked against the sink\'s own count. *CPU µs/event* is `process.cpuUsage()` of the child over the measured run: the sender\'s CPU only, not Soketi\'s or the sink\'s.',
	'- The **Pusher node** runs in n8n\'s real engine (n8n-core `WorkflowExecute`, the package loaded by n8n\'s `PackageDirectoryLoader`, the `pusherApi` credential signing each request): a generator node outputs one item per event (`{ data: "<~200 bytes of JSON>" }`) and the Pusher node sends it with Data = `{{ $json.data }}`, Parallel Requests 1. Every output item is checked to say `sent: true`. This in-process engine evaluates expressions with n8n-workflow\'s `legacy` engine; a real n8n 2.x server uses isolates (section 7).',
	'- The **sink** is a node:http server in the benchmark\'s own process that reads the body and answers `{}`: no signature check, no fan-out. It is the limit of the path (client + loopback HTTP). **Soketi** is a separate process (Node 20), with no subscribers.',
	'- **Signing, verification, secretbox** run in one child (`bench/micro.mjs`): each round times a batch of calls per side (about 40 ms each, sized by calibration after a warm-up).',
];

/** { measured, targetRows, sections: [md lines…], files, findings } for what of issue 6 the run measured. */
export function loopbackParts(results, imagesDir) {
	const env = results.env;
	const targetRows = [];
	const sections = [];
	const files = [];
	const tp = throughputSection(results);
	if (results.throughput.length) {
		const bigN = Math.max(...tp.sizes);
		for (const target of ['soketi', 'sink'].filter((t) => tp.targets.includes(t))) {
			for (const n of tp.sizes) {
				const r = tp.findings[`${target}/${n}/ratios`];
				// "one request per event": the node's Trigger with Combine Into Batch Requests off, where the run has it
				// (since Trigger combines by default); runs from before that change have only the Trigger
				const single = Number.isFinite(r['node-trigger-single'].median) ? r['node-trigger-single'] : r['node-trigger'];
				const combines = single === r['node-trigger-single'];
				const worst = Math.min(single.median, r['sdk-trigger'].median, r.signed.median);
				targetRows.push([
					`Trigger Batch ≥ 5× the events/s of one request per event, same concurrency (1 in flight); ${count(n)} events, ${target}`,
					`× node Trigger${combines ? ', one request per item,' : ''} ${fmt(single.median)}, × SDK trigger ${fmt(r['sdk-trigger'].median)}, × hand-signed ${fmt(r.signed.median)}`,
					verdict(worst >= 5) + (worst < 5 && single.median >= 5 ? ' (met against the node\'s own Trigger only)' : ''),
				]);
				const r10 = tp.findings[`${target}/${n}/ratios10`];
				if (Number.isFinite(r10['node-trigger-10'].median)) {
					// the node's Trigger ×10 combines its requests too, once it does by default: then only the SDK is one request per event
					const worst10 = combines ? r10['sdk-trigger-10'].median : Math.min(r10['node-trigger-10'].median, r10['sdk-trigger-10'].median);
					targetRows.push([
						`… the same at 10 in flight; ${count(n)} events, ${target}`,
						`× node Trigger ×10${combines ? ' (which now combines requests too)' : ''} ${fmt(r10['node-trigger-10'].median)}, × SDK trigger ×10 ${fmt(r10['sdk-trigger-10'].median)}`,
						verdict(worst10 >= 5) + (!combines && worst10 < 5 && r10['node-trigger-10'].median >= 5 ? ' (met against the node\'s own Trigger only)' : ''),
					]);
				}
				targetRows.push([
					`Trigger Batch ≥ the SDK's triggerBatch (both 1 call in flight); ${count(n)} events, ${target}`,
					`× ${fmt(r['sdk-batch'].median)} (min–max ${fmt(r['sdk-batch'].min)}–${fmt(r['sdk-batch'].max)})`,
					verdict(r['sdk-batch'].median >= 1),
				]);
			}
		}
		const throughputSvg = barChart({
			title: `Event throughput: ${count(bigN)} events of ~200 bytes, one per item`,
			subtitle: `Median of interleaved rounds, whiskers min–max; each side in a fresh process. ${env.date.slice(0, 10)}, Node ${env.node}, ${env.cpu.split(' (')[0]}`,
			unit: 'events per second (higher is better)',
			format: (v) => Math.round(v).toLocaleString('en-US'),
			groups: ['soketi', 'sink']
				.filter((t) => tp.targets.includes(t))
				.map((target) => ({
					label: TARGET_LABELS[target],
					bars: Object.keys(SHORT_LABELS)
						.filter((side) => tp.findings[`${target}/${bigN}/${side}`])
						.map((side) => {
							const f = tp.findings[`${target}/${bigN}/${side}`];
							return { label: SHORT_LABELS[side], ...f.eps, color: SIDE_COLORS[side], note: `(${count(f.requests.median)} req)` };
						}),
				})),
		});
		const throughputFile = path.join(imagesDir, 'benchmarks-throughput.svg');
		writeFileSync(throughputFile, throughputSvg);
		files.push(throughputFile);
		sections.push(
			'## 1. Event throughput',
			'',
			`![Event throughput, ${count(bigN)} events](images/benchmarks-throughput.svg)`,
			'',
			'TCP connections per request (sink only) is the connections the sink accepted ÷ the requests it got, warm-up included: 1 ÷ requests means one kept-alive connection for the whole run, 1 means a new connection for every request. Soketi 1.6 answers every HTTP API request with `Connection: close`, so against Soketi every side opens a new connection per request; Pusher\'s API keeps them alive, as the sink does.',
			'',
			'Events/s is events ÷ wall time of the measured run. "× of Trigger Batch" is that side\'s events/s ÷ the events/s of the node\'s Trigger Batch with 1 request in flight, round by round (above 1: faster than it).',
			'',
			...tp.lines,
			...(results.harnessProfiles ?? (results.harnessProfile ? [results.harnessProfile] : [])).flatMap(harnessProfile),
		);
	}
	if (results.micro) {
		const micro = microSection(results.micro);
		for (const [label, ratios] of Object.entries(micro.findings.signing)) {
			targetRows.push([`Signing within 1.3× bare crypto, ${label} body`, `core ${fmt(ratios.core.median)}× (SDK ${fmt(ratios.sdk.median)}×)`, verdict(ratios.core.median <= 1.3)]);
		}
		const verify = micro.findings.webhook['core (Buffer body)'];
		targetRows.push([
			'Webhook verification within 1.3× bare HMAC, 1 KB',
			`core ${fmt(verify.median)}× (string body ${fmt(micro.findings.webhook['core (string body)'].median)}×, SDK ${fmt(micro.findings.webhook.sdk.median)}×, bare + JSON.parse ${fmt(micro.findings.webhook['bare + JSON.parse'].median)}×)`,
			verdict(verify.median <= 1.3),
		]);
		const boxWorst = Object.entries(micro.findings.secretbox).sort((a, b) => b[1].median - a[1].median)[0];
		targetRows.push([
			'secretbox ≤ 1.5× tweetnacl time (all sizes, both directions)',
			`worst ${boxWorst[0]}: ${fmt(boxWorst[1].median)}×; best ${fmt(Math.min(...Object.values(micro.findings.secretbox).map((r) => r.median)))}×`,
			verdict(Object.values(micro.findings.secretbox).every((r) => r.median <= 1.5)),
		]);
		const ratioBar = (label, s, color) => ({ label, ...s, color });
		const ratiosSvg = barChart({
			title: 'Core against the limit (or tweetnacl): time ratio, lower is better',
			subtitle: 'Median of interleaved rounds, whiskers min–max. 1.0 = as fast as the reference.',
			unit: 'time ÷ reference time',
			reference: { value: 1, label: '1.0' },
			tickStep: 0.5,
			format: (v) => `${v.toFixed(2)}×`,
			groups: [
				{
					label: 'Signing ÷ bare MD5 + HMAC (target ≤ 1.3×)',
					bars: Object.entries(micro.findings.signing).flatMap(([label, r]) => [
						ratioBar(`core, ${label} body`, r.core, '#1f77b4'),
						ratioBar(`SDK, ${label} body`, r.sdk, '#f58518'),
					]),
				},
				{
					label: 'Webhook verification ÷ bare HMAC, 1 KB (target ≤ 1.3×)',
					bars: [
						ratioBar('core (Buffer body)', micro.findings.webhook['core (Buffer body)'], '#1f77b4'),
						ratioBar('core (string body)', micro.findings.webhook['core (string body)'], '#9ecae9'),
						ratioBar('SDK', micro.findings.webhook.sdk, '#f58518'),
						ratioBar('bare + JSON.parse', micro.findings.webhook['bare + JSON.parse'], '#54a24b'),
					],
				},
				{
					label: 'secretbox, core ÷ tweetnacl (target ≤ 1.5×)',
					bars: Object.entries(micro.findings.secretbox).map(([label, r]) => ratioBar(label, r, '#1f77b4')),
				},
			],
		});
		const ratiosFile = path.join(imagesDir, 'benchmarks-ratios.svg');
		writeFileSync(ratiosFile, ratiosSvg);
		files.push(ratiosFile);
		sections.push('## 2–4. Signing, webhook verification, encryption', '', '![Ratios to the limit](images/benchmarks-ratios.svg)', '', ...micro.lines);
	}
	if (results.scale.runs.length) {
		const scale = scaleSection(results.scale);
		const first = scale.perItem[scale.sizes[0]]?.median;
		const last = scale.perItem[scale.sizes[scale.sizes.length - 1]]?.median;
		const drift = last / first;
		targetRows.push([
			`Time per item roughly flat (within ±25%), ${count(scale.sizes[0])} → ${count(scale.sizes[scale.sizes.length - 1])} items`,
			`${fmt(first)} → ${fmt(last)} µs/item (${fmt(drift)}×)`,
			verdict(drift >= 0.75 && drift <= 1.25) + (drift < 0.75 ? ' (it falls with size; it does not grow)' : ''),
		]);

		sections.push(
			'## 5. Scale: Trigger Batch against the sink',
			'',
			'Each size in a fresh process, sizes interleaved per round. µs per item is the wall time of the whole workflow (generator + Pusher node, Trigger Batch of 10, 1 request in flight) ÷ items.',
			'',
			...scale.lines,
		);
	}
	return { measured: MEASURED, targetRows, issue11Rows: issue11Rows(tp), sections, files };
}
