/**
 * Everything measured in a real n8n server (issue 11), in one call:
 * 1. the main server (n8n's default settings): throughput of every side
 *    (bench/n8n/throughput.mjs), the webhook path (bench/n8n/webhooks.mjs),
 *    spaced and back to back, and the Channel Trigger
 *    (bench/n8n/channelTrigger.mjs); its steady run (full and medium mode)
 *    in a fresh server of its own, so the RSS is the trigger's own;
 * 2. full mode only, diagnostics, each in a server of its own so nothing
 *    they change touches the timed runs: the webhook path with n8n's
 *    expression engine set to `legacy` (no isolates), and with the Webhook
 *    node's isolate skip turned off; and a profiled server (inspector open,
 *    stage timer preloaded) for the webhook pipeline's stages and CPU
 *    profiles of Trigger Batch (Data an expression, and Send Data As: Input Item).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

import { ROOT } from '../lib/helpers.mjs';
import { measureChannelSteady, measureChannelTrigger } from './channelTrigger.mjs';
import { STAGE_FILE, profileSend, profileWebhookStages } from './profile.mjs';
import { packPackage, startBenchN8n } from './stack.mjs';
import { measureN8nThroughput } from './throughput.mjs';
import { measureWebhooks } from './webhooks.mjs';
import { SIDES, channelTriggerWorkflow, throughputWorkflow, webhookWorkflows } from './workflows.mjs';

const require = createRequire(import.meta.url);
const { freePort } = require('../../scripts/n8n/processes.cjs');

const DIAGNOSTICS = [
	{ name: 'legacy', label: 'expression engine `legacy` (no isolates)', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
	{ name: 'no-skip', label: 'isolate skip for the Webhook node off', env: { N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' } },
];

/** register(stack): the caller stops what is registered if the run is interrupted. */
export async function runRealN8n({ plan, log, register }) {
	const tarball = packPackage(log);
	const results = { plan };
	const all = (ctx) => [...SIDES.map((side) => throughputWorkflow(side, ctx)), ...webhookWorkflows(), channelTriggerWorkflow()];

	const main = register(await startBenchN8n({ tarball, log, workflows: all }));
	try {
		results.startupMs = main.n8n.startupMs;
		results.throughput = await measureN8nThroughput({ stack: main, sides: SIDES, plan: plan.throughput, log });
		log('real n8n: webhooks, spaced and back to back');
		results.webhooks = {
			spaced: await measureWebhooks({ n8n: main.n8n, count: plan.webhooks.count, gapMs: plan.webhooks.gapMs }),
			backToBack: await measureWebhooks({ n8n: main.n8n, count: plan.webhooks.count, gapMs: 0 }),
			gapMs: plan.webhooks.gapMs,
		};
		results.channel = await measureChannelTrigger({ stack: main, plan: plan.channel, log });
	} finally {
		await main.stop();
	}
	if (plan.channel.steady) {
		// a fresh server, so the RSS is the Channel Trigger's and its executions', not what 10,000-item executions and API reads left
		const stack = register(await startBenchN8n({ tarball, log, workflows: () => [channelTriggerWorkflow()] }));
		try {
			results.channel.steady = await measureChannelSteady({ stack, plan: plan.channel.steady, sustained: results.channel.sustained, log });
		} finally {
			await stack.stop();
		}
	}
	if (!plan.diagnostics) return results;

	results.diagnostics = [];
	for (const diagnostic of DIAGNOSTICS) {
		const stack = register(await startBenchN8n({ tarball, log, env: diagnostic.env, workflows: () => webhookWorkflows() }));
		try {
			log(`real n8n, diagnostic (${diagnostic.label}): webhooks`);
			const spaced = await measureWebhooks({ n8n: stack.n8n, count: plan.diagnostics.count, gapMs: plan.webhooks.gapMs });
			results.diagnostics.push({ ...diagnostic, spaced });
		} finally {
			await stack.stop();
		}
	}

	const inspectorPort = await freePort();
	const env = { NODE_OPTIONS: `--require ${path.join(ROOT, 'bench/n8n/stageTimer.cjs')} --inspect=127.0.0.1:${inspectorPort}`, BENCH_STAGE_FILE: STAGE_FILE };
	const profiled = register(await startBenchN8n({ tarball, log, env, workflows: (ctx) => [throughputWorkflow('node-batch', ctx), throughputWorkflow('node-batch-input', ctx), ...webhookWorkflows()] }));
	try {
		log('real n8n, profiled: webhook pipeline stages');
		results.stages = await profileWebhookStages({ n8n: profiled.n8n, count: plan.diagnostics.count, gapMs: plan.webhooks.gapMs });
		results.profiles = [];
		for (const side of ['node-batch', 'node-batch-input']) {
			log(`real n8n, profiled: CPU profile of ${side}`);
			results.profiles.push(await profileSend({ stack: profiled, inspectorPort, side, n: plan.diagnostics.profileItems }));
		}
	} finally {
		await profiled.stop();
	}
	return results;
}
