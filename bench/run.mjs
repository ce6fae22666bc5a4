#!/usr/bin/env node
/**
 * `npm run bench`: every benchmark of issues 6 and 11, then docs/benchmarks.md
 * and docs/images/benchmarks-*.svg.
 *
 *   node bench/run.mjs            full run (about 45 minutes on 2 cores), writes docs/
 *   node bench/run.mjs --quick    everything tiny, a smoke test (about 2 minutes, most
 *                                 of it packing the package and starting n8n); writes
 *                                 bench/results/quick/ (git-ignored), not docs/
 *   node bench/run.mjs --medium   every part with fewer rounds and smaller sizes (about
 *                                 20 minutes); writes bench/results/medium/, not docs/
 *   --out DIR                     write benchmarks.md and images/ under DIR instead
 *   --from FILE                   only rewrite the report from saved results
 *                                 (bench/results/latest.json is saved by every full run)
 *   --only micro,throughput,roundtrip,scale,n8n
 *                                 run only these parts (for working on one); the
 *                                 report then goes to bench/results/partial/
 *   --save-baseline               also write bench/baseline.json from this run: the
 *                                 "today's numbers" later runs' verdicts compare with
 *
 * Needs `npm run build` (the benchmarks import dist/), Soketi in test/tools
 * (scripts/setup.sh) and, for the real-n8n part, n8n 2.41.1 (installed by
 * scripts/n8n/install.sh when missing). Each comparison runs its sides in the same run,
 * interleaved (round r: every side once, in an order rotated by r); event
 * throughput runs each side in a fresh child process so its memory is its own.
 * Soketi (a child process group) and the HTTP sink (in this process) are
 * stopped however the run ends.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { runChild, killChildren } from './lib/child.mjs';
import { runRealN8n } from './n8n/phase.mjs';
import { runRoundTrip } from './roundTrip.mjs';
import { BUILD, ROOT, buildHelpers, loadHelper, requireDist } from './lib/helpers.mjs';
import { saveBaseline } from './lib/baseline.mjs';
import { SEND_FUNCTIONS, summarizeProfile } from './lib/cpuProfile.mjs';
import { writeReport } from './lib/report.mjs';
import { rotated } from './lib/stats.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const medium = !quick && argv.includes('--medium');
const onlyIndex = argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(argv[onlyIndex + 1].split(',')) : undefined;
const runs = (part) => !only || only.has(part);
const outIndex = argv.indexOf('--out');
const mode = quick ? 'quick' : medium ? 'medium' : 'full';
const defaultOut = only ? 'bench/results/partial' : mode === 'full' ? 'docs' : `bench/results/${mode}`;
const outDir = outIndex >= 0 ? path.resolve(argv[outIndex + 1]) : path.join(ROOT, defaultOut);
const resultsName = only ? 'partial.json' : mode === 'full' ? 'latest.json' : `${mode}.json`;

const PLANS = {
	quick: {
		throughput: [{ n: 100, rounds: 1 }],
		scale: { sizes: [100, 300, 1000], rounds: 1 },
		warmup: 20,
		roundTrip: { rtts: [{ rttMs: 20, n: 10 }], rounds: 1, warmup: 2, targets: ['soketi', 'sink'] },
		n8n: {
			throughput: { warmup: 10, sizes: [{ n: 20, rounds: 1 }] },
			webhooks: { count: 3, gapMs: 30 },
			channel: { latency: { count: 5, gapMs: 50 }, steps: { rates: [5], seconds: 1, lagLimitMs: 1000, mustKeepUp: true } },
		},
	},
	medium: {
		throughput: [{ n: 1000, rounds: 3 }, { n: 10000, rounds: 1 }],
		scale: { sizes: [1000, 10000], rounds: 1 },
		warmup: 200,
		roundTrip: { rtts: [{ rttMs: 20, n: 100 }, { rttMs: 80, n: 40 }], rounds: 2, warmup: 5, targets: ['soketi', 'sink'] },
		n8n: {
			throughput: { warmup: 100, sizes: [{ n: 1000, rounds: 3 }, { n: 10000, rounds: 1 }] },
			webhooks: { count: 40, gapMs: 50 },
			channel: {
				latency: { count: 40, gapMs: 200 },
				steps: { rates: [5, 10, 20, 40, 80], seconds: 5, lagLimitMs: 1000 },
				steady: { rate: 10, minutes: 2, sampleSeconds: 10 },
			},
			diagnostics: { count: 20, profileItems: 10000 },
		},
	},
	full: {
		throughput: [{ n: 1000, rounds: 5 }, { n: 10000, rounds: 3 }],
		scale: { sizes: [1000, 10000, 100000], rounds: 3 },
		warmup: 200,
		roundTrip: { rtts: [{ rttMs: 20, n: 300 }, { rttMs: 80, n: 100 }], rounds: 3, warmup: 10, targets: ['soketi', 'sink'] },
		n8n: {
			throughput: { warmup: 200, sizes: [{ n: 1000, rounds: 5 }, { n: 10000, rounds: 3 }] },
			webhooks: { count: 100, gapMs: 50 },
			channel: {
				latency: { count: 100, gapMs: 200 },
				steps: { rates: [5, 10, 20, 40, 80, 160], seconds: 10, lagLimitMs: 1000 },
				steady: { rate: 10, minutes: 10, sampleSeconds: 10 },
			},
			diagnostics: { count: 40, profileItems: 10000 },
		},
	},
};
const PLAN = PLANS[mode];
/** A scale run above this is reported as too slow (the plan then says to measure 50k instead). */
const SCALE_LIMIT_MS = 120_000;

const SIDES = ['node-trigger', 'node-batch', 'sdk-trigger', 'sdk-batch', 'signed', 'node-trigger-10', 'node-batch-10', 'sdk-trigger-10', 'node-batch-fixed', 'node-trigger-single', 'node-batch-input'];

const started = Date.now();
const log = (message) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

// --- what must be cleaned up --------------------------------------------------
let soketi;
let sink;
const stacks = new Set();
const register = (stack) => (stacks.add(stack), stack);
async function cleanup() {
	killChildren();
	for (const stack of stacks) await stack.stop().catch(() => {});
	stacks.clear();
	if (sink) await new Promise((resolve) => sink.server.close(() => resolve()));
	sink = undefined;
	if (soketi) await soketi.stop().catch(() => {});
	soketi = undefined;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		log(`${signal}: stopping`);
		void cleanup().finally(() => process.exit(130));
	});
}

/** The limit of the path: reads each body, answers `{}`. */
function startSink() {
	return new Promise((resolve) => {
		const state = { requests: 0, connections: 0 };
		const server = http.createServer((req, res) => {
			state.requests++;
			req.on('data', () => {});
			req.on('end', () => {
				res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
				res.end('{}');
			});
		});
		server.on('connection', () => state.connections++);
		server.keepAliveTimeout = 60_000;
		server.listen(0, '127.0.0.1', () => resolve({ server, state, port: server.address().port }));
	});
}

/** The n8n server the real-n8n part runs (scripts/n8n/install.sh's install), as its package.json says. */
function n8nServerVersion() {
	try {
		const { n8nDir } = createRequire(import.meta.url)('../scripts/n8n/paths.cjs');
		return JSON.parse(readFileSync(path.join(n8nDir, 'node_modules/n8n/package.json'), 'utf8')).version;
	} catch {
		return '?';
	}
}

function versions() {
	const pkg = (name) => {
		try {
			return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
		} catch {
			return '?';
		}
	};
	const git = (...args) => {
		try {
			return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
		} catch {
			return '?';
		}
	};
	const soketiNode = process.env.SOKETI_NODE || '/usr/bin/node';
	let soketiNodeVersion = '?';
	try {
		soketiNodeVersion = execFileSync(soketiNode, ['--version'], { encoding: 'utf8' }).trim();
	} catch {
		// reported as ?
	}
	let soketiVersion = '?';
	try {
		soketiVersion = JSON.parse(readFileSync(path.join(ROOT, 'test/tools/node_modules/@soketi/soketi/package.json'), 'utf8')).version;
	} catch {
		// reported as ?
	}
	const cpus = os.cpus();
	return {
		date: new Date().toISOString(),
		node: process.version,
		v8: process.versions.v8,
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		cpu: `${cpus[0]?.model ?? '?'} × ${cpus.length} (${os.availableParallelism?.() ?? cpus.length} available)`,
		memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
		// other work on the machine shows here: 1-minute load average as the run starts (and, set at the end, as it ends)
		loadAverage: { start: os.loadavg()[0] },
		soketi: `${soketiVersion} on Node ${soketiNodeVersion}`,
		pusher: pkg('pusher'),
		tweetnacl: pkg('tweetnacl'),
		n8nCore: pkg('n8n-core'),
		n8nWorkflow: pkg('n8n-workflow'),
		n8nServer: n8nServerVersion(),
		commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'nodes', 'credentials') ? ' (with uncommitted changes under nodes/ or credentials/)' : ''}`,
	};
}

async function main() {
	const fromIndex = argv.indexOf('--from');
	if (fromIndex >= 0) {
		// only rewrite the report from saved results (e.g. after editing bench/notes.md)
		const saved = JSON.parse(readFileSync(path.resolve(argv[fromIndex + 1]), 'utf8'));
		const savedMode = saved.mode ?? (saved.quick ? 'quick' : 'full');
		const savedOut = saved.only ? 'bench/results/partial' : savedMode === 'full' ? 'docs' : `bench/results/${savedMode}`;
		const written = writeReport(saved, outIndex >= 0 ? outDir : path.join(ROOT, savedOut));
		log(`wrote ${written.map((file) => path.relative(ROOT, file)).join(', ')}`);
		return;
	}
	requireDist('nodes/Pusher/protocol/index.js');
	requireDist('nodes/Pusher/Pusher.node.js');
	buildHelpers();
	log(`${mode} run; helpers in ${path.relative(ROOT, BUILD)}; output to ${path.relative(ROOT, outDir) || '.'}`);
	const results = { quick, mode, only: only && [...only], plan: PLAN, env: versions(), micro: undefined, throughput: [], scale: { runs: [], limitMs: SCALE_LIMIT_MS, skipped: [] } };

	// --- 2-4: signing, verification, secretbox (one child, interleaved inside) ---
	if (runs('micro')) {
		log('signing, webhook verification, secretbox');
		results.micro = await runChild('micro.mjs', quick ? ['--quick'] : []);
	}

	// --- 1: event throughput, then the round-trip model on the same servers -----
	const { startSoketi } = loadHelper('test/helpers/soketi.js');
	if (runs('throughput') || runs('roundtrip')) soketi = await startSoketi({ appId: 'bench-app', key: 'bench-key', secret: 'bench-secret' });
	sink = await startSink();
	const targets = {
		soketi: soketi && { host: '127.0.0.1', port: soketi.port, appId: soketi.appId, key: soketi.key, secret: soketi.secret },
		sink: { host: '127.0.0.1', port: sink.port, appId: 'bench-app', key: 'bench-key', secret: 'bench-secret' },
	};
	for (const { n, rounds } of runs('throughput') ? PLAN.throughput : []) {
		for (let round = 0; round < rounds; round++) {
			for (const target of rotated(Object.keys(targets), round)) {
				log(`throughput: ${n.toLocaleString('en-US')} events, ${target}, round ${round + 1} of ${rounds}`);
				for (const side of rotated(SIDES, round)) {
					const sinkBefore = sink.state.requests;
					const connectionsBefore = sink.state.connections;
					const run = await runChild('worker.mjs', [JSON.stringify({ side, n, warmup: Math.min(PLAN.warmup, n), ...targets[target] })]);
					const sinkRequests = target === 'sink' ? sink.state.requests - sinkBefore : undefined;
					if (sinkRequests !== undefined && sinkRequests !== run.requests + run.warmupRequests) {
						throw new Error(`${side}: the sink saw ${sinkRequests} requests, the sender counted ${run.requests} + ${run.warmupRequests} warm-up`);
					}
					const sinkConnections = target === 'sink' ? sink.state.connections - connectionsBefore : undefined;
					results.throughput.push({ ...run, target, round, sinkRequests, sinkConnections });
				}
			}
		}
	}
	if (runs('throughput') && !quick) {
		// where Trigger Batch's CPU per event goes, in this harness (separate runs: the profiler slows them)
		const n = Math.max(...PLAN.throughput.map((size) => size.n));
		results.harnessProfiles = [];
		for (const side of ['node-batch', 'node-batch-input']) {
			log(`CPU profile: ${n.toLocaleString('en-US')} events through ${side}, sink`);
			const file = path.join(BUILD, `${side}.cpuprofile`);
			const run = await runChild('worker.mjs', [JSON.stringify({ side, n, warmup: PLAN.warmup, ...targets.sink, profile: file })]);
			results.harnessProfiles.push({ ...run, ...summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), { functions: SEND_FUNCTIONS, top: 20 }) });
		}
	}
	if (runs('roundtrip')) {
		results.roundTrip = { plan: PLAN.roundTrip, runs: await runRoundTrip({ plan: PLAN.roundTrip, servers: targets, sinkState: sink.state, log }) };
	}
	await soketi?.stop();
	soketi = undefined;

	// --- 5: scale: Trigger Batch against the sink ---------------------------------
	const tooSlow = new Set();
	for (let round = 0; round < (runs('scale') ? PLAN.scale.rounds : 0); round++) {
		for (const n of rotated(PLAN.scale.sizes, round)) {
			if (tooSlow.has(n)) continue;
			log(`scale: ${n.toLocaleString('en-US')} items through Trigger Batch, round ${round + 1} of ${PLAN.scale.rounds}`);
			const run = await runChild('worker.mjs', [JSON.stringify({ side: 'node-batch', n, warmup: Math.min(PLAN.warmup, n), ...targets.sink })]);
			results.scale.runs.push({ ...run, round });
			if (run.elapsedMs > SCALE_LIMIT_MS) {
				tooSlow.add(n);
				results.scale.skipped.push(n);
				if (n === 100000 && !PLAN.scale.sizes.includes(50000)) PLAN.scale.sizes.push(50000);
			}
		}
	}
	await cleanup();

	// --- issue 11: a real n8n server ------------------------------------------------
	if (runs('n8n')) results.n8n = await runRealN8n({ plan: PLAN.n8n, log, register });
	await cleanup();

	results.durationMs = Date.now() - started;
	results.env.loadAverage = { start: results.env.loadAverage.start, end: os.loadavg()[0] };
	mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
	writeFileSync(path.join(ROOT, 'bench/results', resultsName), `${JSON.stringify(results, null, 1)}\n`);
	if (argv.includes('--save-baseline')) log(`wrote ${path.relative(ROOT, saveBaseline(results))}`);
	const written = writeReport(results, outDir);
	log(`done in ${(results.durationMs / 1000).toFixed(0)} s; wrote ${written.map((file) => path.relative(ROOT, file)).join(', ')}`);
}

main().catch(async (error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	await cleanup();
	process.exit(1);
});
