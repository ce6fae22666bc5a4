/**
 * Event throughput in the real n8n server: each side's workflow
 * (bench/n8n/workflows.mjs) run from its webhook, interleaved in rounds
 * (round r: every side once, in an order rotated by r), every side fed the
 * same `n` generated items. Timed three ways: the wall clock around the
 * webhook call (it answers when the last node is done), the execution's own
 * startedAt/stoppedAt, and the sending node's executionTime in the run data.
 * CPU is that of n8n's whole process group (server and task runner) over the
 * call. Every run must have delivered all `n` events to Soketi (counted by
 * the event counter in front of it) and output one item per event.
 */
import { groupCpuUs, rssBytes } from '../lib/procStats.mjs';
import { rotated } from '../lib/stats.mjs';
import { throughputPath } from './workflows.mjs';

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function latestExecution(n8n, workflowId, previousId) {
	for (let attempt = 0; attempt < 600; attempt++) {
		const { data } = await n8n.api('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=1`);
		const execution = data[0];
		if (execution && execution.id !== previousId && execution.stoppedAt && !['running', 'new'].includes(execution.status)) return execution;
		await pause(100);
	}
	throw new Error(`no finished execution of workflow ${workflowId} after ${previousId ?? 'none'}`);
}

function outputItems(execution, nodeName) {
	return execution.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

export function createThroughputRunner(stack) {
	const { n8n, counter } = stack;
	const last = {};
	let offset = 0;
	return async function runOnce(side, n) {
		const workflowId = n8n.workflowId(`bench ${side}`);
		const before = counter.snapshot();
		const cpuBefore = groupCpuUs(n8n.pid);
		const started = performance.now();
		const response = await fetch(n8n.webhookUrl(throughputPath(side)), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ n, offset }),
		});
		const answer = await response.text();
		const wallMs = performance.now() - started;
		const cpuUs = groupCpuUs(n8n.pid) - cpuBefore;
		offset += n;
		if (response.status !== 200) throw new Error(`${side}: the webhook answered ${response.status}: ${answer.slice(0, 500)}`);
		const execution = await latestExecution(n8n, workflowId, last[side]);
		last[side] = execution.id;
		if (execution.status !== 'success') throw new Error(`${side}: execution ${execution.id} ended ${execution.status}: ${JSON.stringify(execution.data?.resultData?.error ?? {}).slice(0, 500)}`);
		const sent = outputItems(execution, 'Send').filter((item) => item.json.sent === true).length;
		const events = counter.state.events - before.events;
		if (sent !== n || events !== n) throw new Error(`${side}: ${n} items in, ${sent} output items say sent, Soketi accepted ${events} events`);
		const send = execution.data.resultData.runData.Send[0];
		return {
			side,
			n,
			wallMs,
			executionMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
			nodeMs: send.executionTime,
			requests: counter.state.requests - before.requests,
			connections: counter.state.connections - before.connections,
			cpuUs,
			rss: rssBytes(n8n.pid),
		};
	};
}

/** plan: { warmup, sizes: [{ n, rounds }] }; resolves with one record per run. */
export async function measureN8nThroughput({ stack, sides, plan, log }) {
	for (const side of sides) await stack.n8n.waitForWebhook(throughputPath(side));
	const runOnce = createThroughputRunner(stack);
	for (const side of sides) await runOnce(side, plan.warmup); // JIT, the task runner, first connections
	const runs = [];
	for (const { n, rounds } of plan.sizes) {
		for (let round = 0; round < rounds; round++) {
			log(`real n8n: ${n.toLocaleString('en-US')} items per side, round ${round + 1} of ${rounds}`);
			for (const side of rotated(sides, round)) runs.push({ ...(await runOnce(side, n)), round });
		}
	}
	return runs;
}
