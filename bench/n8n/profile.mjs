/**
 * Profiling passes in a dedicated n8n server (bench/n8n/phase.mjs starts it
 * with the inspector open and bench/n8n/stageTimer.cjs preloaded), so that
 * what they add never lands on the timed runs:
 * - webhook stages: each kind of webhook request alone, then the time n8n
 *   spent in each step of its webhook pipeline, per request;
 * - Trigger Batch: a CPU profile of the n8n process while one workflow sends
 *   `n` items, summarized by where the code lives.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { SEND_FUNCTIONS, summarizeProfile } from '../lib/cpuProfile.mjs';
import { connectInspector } from '../lib/inspector.mjs';
import { percentile } from '../lib/percentile.mjs';
import { ROOT } from '../lib/helpers.mjs';
import { createThroughputRunner } from './throughput.mjs';
import { KINDS, measureWebhooks } from './webhooks.mjs';
import { throughputPath } from './workflows.mjs';

export const STAGE_FILE = path.join(ROOT, 'bench/results/.build/stages.json');
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function takeStages(n8n) {
	rmSync(STAGE_FILE, { force: true });
	process.kill(n8n.pid, 'SIGUSR2');
	for (let attempt = 0; attempt < 100; attempt++) {
		try {
			return JSON.parse(readFileSync(STAGE_FILE, 'utf8'));
		} catch {
			await pause(50);
		}
	}
	throw new Error('n8n did not write its stage timings');
}

/** { [kind]: { requests, p50, stages: { [stage]: { calls, p50, msPerRequest } } } } */
export async function profileWebhookStages({ n8n, count, gapMs }) {
	await measureWebhooks({ n8n, count: 3, gapMs });
	await pause(1000);
	await takeStages(n8n);
	const result = {};
	for (const kind of KINDS) {
		const times = await measureWebhooks({ n8n, count, gapMs, kinds: [kind] });
		await pause(1000); // let the isolates being replaced finish, so they are counted with their request
		const spans = await takeStages(n8n);
		const requests = times[kind].length + 3; // measureWebhooks' warm-up requests are recorded too
		const stages = {};
		for (const { stage, ms } of spans) (stages[stage] ??= []).push(ms);
		result[kind] = {
			requests,
			p50: percentile(times[kind], 50),
			stages: Object.fromEntries(
				Object.entries(stages).map(([stage, values]) => [stage, { calls: values.length / requests, p50: percentile(values, 50), msPerRequest: values.reduce((a, b) => a + b, 0) / requests }]),
			),
		};
	}
	return result;
}

/**
 * A CPU profile of the server while `side` sends `n` items, summarized per
 * event, and what the stage timer saw meanwhile: how often, and for how long,
 * n8n fetched and decrypted the credential (once per request, through
 * httpRequestWithAuthentication).
 */
export async function profileSend({ stack, inspectorPort, side, n }) {
	await stack.n8n.waitForWebhook(throughputPath(side));
	const runOnce = createThroughputRunner(stack);
	await runOnce(side, Math.min(n, 1000)); // warm-up
	const inspector = await connectInspector(inspectorPort);
	try {
		await takeStages(stack.n8n);
		const { profile, result } = await inspector.profile(() => runOnce(side, n));
		const stages = {};
		for (const { stage, ms } of await takeStages(stack.n8n)) {
			stages[stage] ??= { calls: 0, ms: 0 };
			stages[stage].calls++;
			stages[stage].ms += ms;
		}
		const summary = summarizeProfile(profile, { functions: SEND_FUNCTIONS, top: 20 });
		return { side, n, run: result, stages, ...summary };
	} finally {
		inspector.close();
	}
}
