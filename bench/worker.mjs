/**
 * One side of an event-throughput comparison, in a fresh process (so its
 * memory is its own): sends `n` events of ~200 bytes to one channel on the
 * given server, after a small warm-up, and prints one JSON line:
 * elapsed ms, HTTP requests made (counted in this process, through
 * node:diagnostics_channel), CPU µs (process.cpuUsage), RSS before the
 * measured run, RSS peak (sampled every 10 ms with process.memoryUsage.rss(),
 * which unlike process.memoryUsage() does not walk the heap) and the
 * process's maxRSS.
 *
 *   node bench/worker.mjs '{"side":"node-batch","n":1000,"host":"127.0.0.1","port":6001,"appId":…,"key":…,"secret":…}'
 *
 * Also: "tls": true sends over HTTPS (the round-trip model; the certificate is
 * trusted through NODE_EXTRA_CA_CERTS), "profile": "<file>" writes a CPU
 * profile of the measured run there (node:inspector, in this process).
 *
 * Sides:
 *   node-trigger    the Pusher node, Event → Send (operation `trigger`) with its default options, run by n8n's engine
 *   node-trigger-single  the same with Combine Into Batch Requests off: one request per item
 *   node-batch      the Pusher node, Event → Send in Batches (`triggerBatch`, 10 events per request), run by n8n's engine
 *   node-trigger-10, node-batch-10   the same with Parallel Requests 10
 *   node-batch-fixed  Trigger Batch with Data a fixed text, not the expression `{{ $json.data }}`
 *                   (a diagnostic: what evaluating one expression per item costs)
 *   node-batch-input  Trigger Batch with Send Data As → Input Item, field `data` (no expression per item)
 *   sdk-trigger     official SDK, `trigger` once per event, one at a time
 *   sdk-trigger-10  official SDK, `trigger` once per event, 10 in flight
 *   sdk-batch       official SDK, `triggerBatch` with 10 events per call, one at a time
 *   signed          node:http + the core's signedQueryString, one request per event, one at a time
 */
import diagnostics from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';

import { eventData } from './lib/eventData.mjs';
import { ROOT, buildHelpers, loadHelper, requireDist } from './lib/helpers.mjs';

const require = createRequire(import.meta.url);
const args = JSON.parse(process.argv[2]);
const { side, n, host, port, appId, key, secret, tls: useTLS = false, profile } = args;
// node-trigger-10 / node-batch-10: the node with Parallel Requests 10
// node-batch-fixed: Trigger Batch with a fixed Data text instead of `{{ $json.data }}` (what expressions cost)
const nodeSide = /^node-(trigger|batch)(-10|-fixed|-input|-single)?$/.exec(side);
const parallel = args.parallel ?? (nodeSide?.[2] === '-10' ? 10 : 1);
const warmup = args.warmup ?? Math.min(200, n);
const CHANNEL = 'bench';
const EVENT = 'bench-event';

let requests = 0;
diagnostics.subscribe('http.client.request.start', () => {
	requests++;
});

async function pool(count, concurrency, task) {
	let next = 0;
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
		while (next < count) await task(next++);
	}));
}

async function setup() {
	if (nodeSide) {
		buildHelpers();
		const { NodeTypeRegistry } = loadHelper('test/helpers/n8n/nodeTypes.js');
		const { runWorkflow } = loadHelper('test/helpers/n8n/workflow.js');
		const { NodeConnectionTypes } = require('n8n-workflow');
		const types = await new NodeTypeRegistry().addPackage(ROOT);
		// Items made in memory (a "Test Items" node would JSON-parse them all first)
		class BenchItems {
			description = {
				displayName: 'Bench Items',
				name: 'benchItems',
				group: ['input'],
				version: 1,
				description: 'Outputs `count` items with ~200-byte event data',
				defaults: { name: 'Bench Items' },
				inputs: [],
				outputs: [NodeConnectionTypes.Main],
				properties: [
					{ displayName: 'Count', name: 'count', type: 'number', default: 1 },
					{ displayName: 'Offset', name: 'offset', type: 'number', default: 0 },
				],
			};
			async execute() {
				const count = this.getNodeParameter('count', 0);
				const offset = this.getNodeParameter('offset', 0);
				return [Array.from({ length: count }, (_, i) => ({ json: { data: eventData(offset + i) } }))];
			}
		}
		types.addNode('bench.items', new BenchItems());
		const variant = nodeSide[2];
		const data =
			variant === '-input'
				? { dataMode: 'input', dataField: 'data' }
				: { dataMode: 'text', dataText: variant === '-fixed' ? eventData(0) : '={{ $json.data }}' };
		// -single: Event → Send with Combine Into Batch Requests off, one request per item
		const options = { parallelRequests: parallel, ...(variant === '-single' ? { combineRequests: false } : {}) };
		const common = { resource: 'event', eventName: EVENT, ...data, options };
		const parameters =
			nodeSide[1] === 'trigger'
				? { ...common, operation: 'trigger', channels: CHANNEL }
				: { ...common, operation: 'triggerBatch', channel: CHANNEL };
		const credentials = { pusherApi: { connection: 'custom', appId, key, secret, host, port, useTLS } };
		return async (count, offset) => {
			const result = await runWorkflow({
				nodeTypes: types,
				credentials,
				mode: 'manual',
				nodes: [
					{ name: 'Items', type: 'bench.items', parameters: { count, offset } },
					{ name: 'Pusher', type: 'n8n-nodes-pusher-channels.pusher', parameters },
				],
			});
			if (result.error) throw result.error;
			const items = result.data.Pusher ?? [];
			const sent = items.filter((item) => item.json.sent === true).length;
			if (sent !== count) throw new Error(`${side}: ${sent} of ${count} items sent`);
		};
	}
	if (side === 'signed') {
		const { signedQueryString } = requireDist('nodes/Pusher/protocol/index.js');
		const client = useTLS ? https : http;
		const agent = new client.Agent({ keepAlive: true, maxSockets: 1 });
		const path = `/apps/${appId}/events`;
		const send = (body) =>
			new Promise((resolve, reject) => {
				const qs = signedQueryString({ key, secret, method: 'POST', path, body });
				const req = client.request(
					{ host, port, agent, method: 'POST', path: `${path}?${qs}`, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
					(res) => {
						const chunks = [];
						res.on('data', (chunk) => chunks.push(chunk));
						res.on('end', () => {
							const text = Buffer.concat(chunks).toString('utf8');
							if (res.statusCode !== 200 || text.includes('"error"')) reject(new Error(`HTTP ${res.statusCode}: ${text}`));
							else resolve();
						});
					},
				);
				req.on('error', reject);
				req.end(body);
			});
		return async (count, offset) => {
			for (let i = 0; i < count; i++) await send(JSON.stringify({ name: EVENT, channels: [CHANNEL], data: eventData(offset + i) }));
			agent.destroy();
		};
	}
	const Pusher = require('pusher');
	const pusher = new Pusher({ appId, key, secret, host, port: String(port), useTLS });
	if (side === 'sdk-trigger') {
		return async (count, offset) => {
			for (let i = 0; i < count; i++) await pusher.trigger(CHANNEL, EVENT, eventData(offset + i));
		};
	}
	if (side === 'sdk-trigger-10') {
		return async (count, offset) => {
			await pool(count, 10, async (i) => {
				await pusher.trigger(CHANNEL, EVENT, eventData(offset + i));
			});
		};
	}
	if (side === 'sdk-batch') {
		return async (count, offset) => {
			for (let start = 0; start < count; start += 10) {
				const batch = [];
				for (let i = start; i < Math.min(count, start + 10); i++) batch.push({ channel: CHANNEL, name: EVENT, data: eventData(offset + i) });
				await pusher.triggerBatch(batch);
			}
		};
	}
	throw new Error(`unknown side ${side}`);
}

const run = await setup();
if (warmup > 0) await run(warmup, 0);
await new Promise((resolve) => setImmediate(resolve));

const warmupRequests = requests;
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => {
	rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
}, 10);
requests = 0;
const session = profile ? new Session() : undefined;
if (session) {
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 200 });
	await session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await run(n, warmup);
const elapsedMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
if (session) writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile));
clearInterval(sampler);
rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

process.stdout.write(
	`${JSON.stringify({
		side,
		n,
		parallel,
		elapsedMs,
		requests,
		warmupRequests,
		cpuUs: cpu.user + cpu.system,
		rssBefore,
		rssPeak,
		maxRss: process.resourceUsage().maxRSS * 1024,
	})}\n`,
);
process.exit(0);
