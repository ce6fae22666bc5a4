/**
 * Section 7 of the report: a real n8n server (bench/n8n/phase.mjs) —
 * throughput of the node against a Code node with the official SDK, the
 * webhook path against n8n's own Webhook node, and the diagnostics that show
 * where a refusal's time goes — and issue 11's targets on them. The Channel
 * Trigger's part is bench/lib/reportChannel.mjs.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { percentile } from './percentile.mjs';
import { count, pairedRatio, rounds, table, verdict } from './reportShared.mjs';
import { fmt, mmm, summary } from './stats.mjs';
import { profileTables } from './reportProfile.mjs';
import { barChart } from './svg.mjs';

const SIDES = {
	'node-trigger': 'Pusher node, Trigger',
	'node-batch': '**Pusher node, Trigger Batch**',
	'code-trigger': 'Code node + SDK `trigger`, once per item',
	'code-batch': 'Code node + SDK `triggerBatch`, in tens',
	'node-batch-fixed': 'Diagnostic: Trigger Batch with a fixed Data text (no expression per item)',
	'node-batch-input': '**Pusher node, Trigger Batch, Send Data As: Input Item**',
	'node-batch-input-10': 'Pusher node, Trigger Batch, Input Item, Parallel Requests 10',
	'code-batch-10': 'Code node + SDK `triggerBatch`, in tens, 10 calls in flight',
};
const SHORT = {
	'node-trigger': 'node: Trigger',
	'node-batch': 'node: Trigger Batch',
	'code-trigger': 'Code node: SDK trigger',
	'code-batch': 'Code node: SDK triggerBatch',
	'node-batch-fixed': 'diag.: Trigger Batch, fixed text',
	'node-batch-input': 'node: Trigger Batch, Input Item',
	'node-batch-input-10': 'node: … Input Item, 10 in flight',
	'code-batch-10': 'Code node: triggerBatch, 10 in flight',
};
const COLORS = { 'node-trigger': '#9ecae9', 'node-batch': '#1f77b4', 'code-trigger': '#ffbf79', 'code-batch': '#c44e00', 'node-batch-fixed': '#bbbbbb', 'node-batch-input': '#3182bd', 'node-batch-input-10': '#6baed6', 'code-batch-10': '#fd8d3c' };
const KINDS = {
	'pusher-refused': 'Pusher Trigger, forged signature (401)',
	'webhook-refused': 'Webhook node, wrong header value (403)',
	'pusher-accepted': 'Pusher Trigger, signed event (200, starts an execution)',
	'webhook-accepted': 'Webhook node, right header (200, starts an execution)',
};
const STAGES = {
	'webhook request (whole)': "the whole request (n8n's /webhook handler)",
	'LiveWebhooks.findWebhook': 'find the webhook',
	'LiveWebhooks.loadWebhookExecutionData': 'load the published workflow (database)',
	'Expression.acquireIsolate': 'acquire an expression isolate',
	'IsolatedVmBridge.initialize': 'create an isolate (in the request when the pool is empty, else a background refill)',
	'exports.executeWebhook': 'executeWebhook: parse the body, run the node, start the execution',
	'WebhookService.runWebhook': "the node's webhook() method",
	'CredentialsHelper.getDecrypted': "getCredentials: decrypt, resolve the credential's expressions",
	'Expression.getSimpleParameterValue': 'evaluate a start-node parameter (typeVersion 1 only)',
	'WorkflowStaticDataService.saveStaticData': "save the node's static data",
	'Expression.releaseIsolate': 'release the isolate',
	'IsolatedVmBridge.dispose': 'dispose an isolate',
	'exports.getBase': 'additional data (getBase)',
	'WebhookService.getNodeWebhooks': "the node's webhook descriptions",
};

export const N8N_MEASURED =
	'- **A real n8n server** (section 7, `bench/n8n/`): n8n 2.41.1 as the e2e suite installs it, this package packed with `npm pack` and installed the way the Community Nodes installer does, SQLite, default settings (expression engine `vm`: isolates). A `pusherApi` credential points at Soketi through an event counter (`bench/lib/eventCounter.mjs`) that counts requests, connections and the events Soketi accepted. The **Code node** sides `require(\'pusher\')` (NODE_FUNCTION_ALLOW_EXTERNAL=pusher; NODE_PATH is a bench-owned folder with a link to this repository\'s `pusher`, which the task runner inherits). Each throughput run is a webhook call that makes `n` items in a Code node and sends them; it is timed by the sending node\'s `executionTime`, the execution\'s `startedAt`/`stoppedAt`, and the wall clock of the call (it answers when the workflow is done); n8n CPU is that of its process group (server and task runner) from /proc. Every run must end `success`, output one item per event, and the counter must have seen every event accepted.';

const rate = (n, ms) => (n / ms) * 1000;

function throughputPart(runs) {
	const lines = [];
	const targetRows = [];
	let chart;
	for (const n of [...new Set(runs.map((run) => run.n))]) {
		const these = runs.filter((run) => run.n === n);
		const codeBatch = rounds(these, (run) => run.side === 'code-batch');
		const rows = [];
		const bars = [];
		for (const side of Object.keys(SIDES)) {
			const sideRuns = rounds(these, (run) => run.side === side);
			if (!sideRuns.length) continue;
			const byExecution = summary(sideRuns.map((run) => rate(n, run.executionMs)));
			rows.push([
				SIDES[side],
				mmm(summary(sideRuns.map((run) => rate(n, run.nodeMs)))),
				mmm(byExecution),
				mmm(summary(sideRuns.map((run) => rate(n, run.wallMs)))),
				fmt(pairedRatio(sideRuns, codeBatch, (run) => rate(n, run.executionMs)).median),
				count(summary(sideRuns.map((run) => run.requests)).median),
				count(summary(sideRuns.map((run) => run.connections)).median),
				mmm(summary(sideRuns.map((run) => run.cpuUs / n))),
			]);
			bars.push({ label: SHORT[side], ...byExecution, color: COLORS[side] });
		}
		const roundCount = new Set(these.map((run) => run.round)).size;
		lines.push(`#### ${count(n)} items per execution (${roundCount} interleaved round${roundCount === 1 ? '' : 's'})`, '');
		lines.push(...table(['Side', 'Events/s: sending node', 'Events/s: execution start → stop', 'Events/s: wall clock', '× Code node `triggerBatch` (execution)', 'HTTP requests', 'New TCP connections', 'n8n CPU µs/event'], (i) => i > 0, rows), '');
		chart = { n, bars };

		for (const side of ['node-batch-input', 'node-batch']) {
			const sideRuns = rounds(these, (run) => run.side === side);
			if (!sideRuns.length) continue;
			const ratio = pairedRatio(sideRuns, codeBatch, (run) => rate(n, run.executionMs));
			const how = side === 'node-batch-input' ? ', Send Data As: Input Item' : ', Data `{{ $json.data }}`';
			targetRows.push([`Real n8n: Trigger Batch${how} ≥ the Code node's SDK \`triggerBatch\` events/s (${count(n)} items, execution start → stop)`, `× ${fmt(ratio.median)} (min–max ${fmt(ratio.min)}–${fmt(ratio.max)})`, verdict(ratio.median >= 1)]);
		}
		const inFlight = rounds(these, (run) => run.side === 'node-batch-input-10');
		const codeInFlight = rounds(these, (run) => run.side === 'code-batch-10');
		if (inFlight.length && codeInFlight.length) {
			const ratio = pairedRatio(inFlight, codeInFlight, (run) => rate(n, run.executionMs));
			targetRows.push([`… the same at 10 requests in flight on both sides (Parallel Requests 10; the Code node's calls 10 at a time), Input Item (${count(n)} items)`, `× ${fmt(ratio.median)} (min–max ${fmt(ratio.min)}–${fmt(ratio.max)})`, verdict(ratio.median >= 1)]);
		}
		const trigger = rounds(these, (run) => run.side === 'node-trigger');
		if (n >= 10000 && trigger.length) {
			const requests = summary(trigger.map((run) => (run.requests * 10000) / n)).median;
			targetRows.push([`Real n8n: Event → Trigger, 10,000 single-channel items make at most 1,000 requests`, `${count(requests)} requests`, verdict(requests <= 1000)]);
		}
	}
	return { lines, targetRows, chart };
}

const ms = (value) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

function webhookTable(times) {
	return table(['Request', 'p50 ms', 'p95 ms', 'Requests'], (i) => i > 0, Object.entries(KINDS).filter(([kind]) => times[kind]).map(([kind, label]) => [label, ms(percentile(times[kind], 50)), ms(percentile(times[kind], 95)), count(times[kind].length)]));
}

const ratioOf = (times, a, b) => percentile(times[a], 50) / percentile(times[b], 50);

function webhookPart(n8n) {
	const { spaced, backToBack, gapMs } = n8n.webhooks;
	const refusal = ratioOf(spaced, 'pusher-refused', 'webhook-refused');
	const accepted = ratioOf(spaced, 'pusher-accepted', 'webhook-accepted');
	const targetRows = [
		[`Real n8n: a refused (forged) webhook ≤ 1.2× n8n's Webhook node refusing a wrong header value, p50`, `${fmt(refusal)}× spaced ${gapMs} ms apart (${ms(percentile(spaced['pusher-refused'], 50))} vs ${ms(percentile(spaced['webhook-refused'], 50))} ms); ${fmt(ratioOf(backToBack, 'pusher-refused', 'webhook-refused'))}× back to back`, verdict(refusal <= 1.2)],
		[`Real n8n: an accepted webhook ≤ 1.1× an accepted Webhook-node request, p50`, `${fmt(accepted)}× spaced (${ms(percentile(spaced['pusher-accepted'], 50))} vs ${ms(percentile(spaced['webhook-accepted'], 50))} ms); ${fmt(ratioOf(backToBack, 'pusher-accepted', 'webhook-accepted'))}× back to back`, verdict(accepted <= 1.1)],
	];
	const lines = [
		'### 7.2 The webhook path',
		'',
		`Four kinds of request to the same server, interleaved one by one (request *i* of every kind, in an order rotated by *i*), each on a new TCP connection, timed from sending to the last byte of the answer; 3 of each first as a warm-up. **Spaced**: ${gapMs} ms of quiet before each request (webhooks as they usually arrive). **Back to back**: none.`,
		'',
		'![Webhook answer times](images/benchmarks-webhooks.svg)',
		'',
		'#### Spaced',
		'',
		...webhookTable(spaced),
		'',
		'#### Back to back',
		'',
		...webhookTable(backToBack),
		'',
	];
	const bars = (times, label) => ({
		label,
		bars: Object.entries(KINDS).map(([kind, name]) => ({ label: name.replace(/ \(.*\)$/, '').replace('wrong header value', 'wrong header'), median: percentile(times[kind], 50), min: percentile(times[kind], 50), max: percentile(times[kind], 95), color: kind.startsWith('pusher') ? '#1f77b4' : '#f58518' })),
	});
	const svg = barChart({
		title: 'Webhook answer time in a real n8n 2.41 server, p50 (bar) and p95 (whisker end)',
		subtitle: 'Pusher Trigger (blue) and n8n\'s own Webhook node with header auth (orange), same server',
		unit: 'milliseconds (lower is better)',
		format: (v) => `${v.toFixed(1)} ms`,
		groups: [bars(spaced, `Spaced ${gapMs} ms apart`), bars(backToBack, 'Back to back'), ...(n8n.diagnostics ?? []).map((d) => bars(d.spaced, `Diagnostic: ${d.label.replace(/`/g, '')}`))],
	});
	return { lines, targetRows, svg };
}

function diagnosticsPart(n8n) {
	if (!n8n.diagnostics) return [];
	const row = (label, times) => [label, ...Object.keys(KINDS).map((kind) => ms(percentile(times[kind], 50))), fmt(ratioOf(times, 'pusher-refused', 'webhook-refused')), fmt(ratioOf(times, 'pusher-accepted', 'webhook-accepted'))];
	const lines = [
		'### 7.3 Where a refusal\'s extra time goes',
		'',
		'The same four kinds, spaced, in servers started with one setting changed (p50 ms):',
		'',
		...table(['Server', 'Pusher refused', 'Webhook node refused', 'Pusher accepted', 'Webhook node accepted', 'refused ÷', 'accepted ÷'], (i) => i > 0, [row('default settings (the main server above)', n8n.webhooks.spaced), ...n8n.diagnostics.map((d) => row(d.label, d.spaced))]),
		'',
	];
	if (n8n.stages) {
		const kinds = Object.keys(KINDS).filter((kind) => n8n.stages[kind]);
		const stages = Object.keys(STAGES).filter((stage) => kinds.some((kind) => n8n.stages[kind].stages[stage]));
		const cell = (kind, stage) => {
			const s = n8n.stages[kind].stages[stage];
			return s ? `${s.msPerRequest.toFixed(2)} (${s.calls.toFixed(1)}×)` : '–';
		};
		lines.push(
			'Time in each step of n8n\'s webhook pipeline, per request, in a server with `bench/n8n/stageTimer.cjs` preloaded (it wraps these n8n functions and times each call until its promise settles; steps nest, so they do not add up). Each kind ran alone, spaced; "ms per request (calls per request)":',
			'',
			...table(['Step', ...kinds.map((kind) => `${KINDS[kind].replace(/ \(.*\)$/, '')} (p50 ${ms(n8n.stages[kind].p50)} ms)`)], (i) => i > 0, stages.map((stage) => [STAGES[stage], ...kinds.map((kind) => cell(kind, stage))])),
			'',
		);
	}
	const profiles = n8n.profiles ?? (n8n.profile ? [n8n.profile] : []);
	if (profiles.length) lines.push(`### 7.4 Where Trigger Batch's CPU goes in the real server`, '');
	for (const p of profiles) {
		const what = p.side === 'node-batch-input' ? 'Send Data As: Input Item' : 'Data `{{ $json.data }}`';
		lines.push(
			`#### ${what}`,
			'',
			`A CPU profile of the n8n process (DevTools protocol, sampling every 200 µs) while Trigger Batch sent ${count(p.n)} items (${fmt(rate(p.n, p.run.nodeMs))} events/s by the sending node while profiled; the Code node that makes the items runs in the task runner, outside this profile). Self time by where the code lives:`,
			'',
			...profileTables(p),
		);
		const credentials = p.stages?.['CredentialsHelper.getDecrypted'];
		if (credentials) {
			lines.push(
				`Meanwhile the stage timer counted ${count(credentials.calls)} calls of getCredentials (n8n fetching the credential from the database, decrypting it and resolving its expressions) for ${count(p.run.requests)} requests, ${(credentials.ms / credentials.calls).toFixed(2)} ms each until their promise settled${credentials.calls > p.run.requests ? ': `httpRequestWithAuthentication` does this for every request unless it is given the credential' : ''}.`,
				'',
			);
		}
	}
	return lines;
}

export function n8nPart(results, imagesDir) {
	const n8n = results.n8n;
	if (!n8n) return { targetRows: [], sections: [], files: [] };
	const tp = throughputPart(n8n.throughput);
	const wh = webhookPart(n8n);
	const files = [path.join(imagesDir, 'benchmarks-n8n-throughput.svg'), path.join(imagesDir, 'benchmarks-webhooks.svg')];
	writeFileSync(
		files[0],
		barChart({
			title: `A real n8n 2.41 server: ${count(tp.chart.n)} items through each side, events/s`,
			subtitle: 'Execution start → stop; median of interleaved rounds, whiskers min–max',
			unit: 'events per second (higher is better)',
			format: (v) => Math.round(v).toLocaleString('en-US'),
			groups: [{ label: 'To Soketi on loopback', bars: tp.chart.bars }],
		}),
	);
	writeFileSync(files[1], wh.svg);
	const sections = [
		'## 7. In a real n8n server (issue 11)',
		'',
		`n8n ${results.env.n8nServer ?? '2.41.1'} with default settings; started in ${(n8n.startupMs / 1000).toFixed(0)} s. See "How it is measured" for the set-up.`,
		'',
		'### 7.1 Throughput: the node against a Code node with the official SDK',
		'',
		'![Real n8n throughput](images/benchmarks-n8n-throughput.svg)',
		'',
		'"× Code node `triggerBatch`" is round by round, by execution time. New TCP connections are those the event counter in front of Soketi accepted during the run: the task runner that runs Code nodes keeps its connections alive from one execution to the next.',
		'',
		...tp.lines,
		...wh.lines,
		...diagnosticsPart(n8n),
	];
	return { targetRows: [...tp.targetRows, ...wh.targetRows], sections, files };
}
