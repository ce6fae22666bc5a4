/**
 * The Pusher Channel Trigger in the real n8n server, subscribed to one
 * channel; events are triggered through Soketi's REST API with the official
 * SDK (from this process, kept alive), each carrying its number and the time
 * it was sent. Each event starts one execution, whose output holds the event
 * (with the trigger's receivedAt) and whose startedAt the API reports.
 *
 * - latency: events one at a time, `gapMs` apart: sent → received by the
 *   trigger → execution started, p50/p95;
 * - rate steps: events at a steady rate for `seconds`, rate after rate, until
 *   executions no longer keep up (an event not executed, or a p95 start
 *   latency over `lagLimitMs`); the last rate that kept up is the sustained one;
 * - steady run (measureChannelSteady, full and medium mode): one rate for
 *   `minutes`, sampling the n8n main process's RSS.
 */
import { createRequire } from 'node:module';

import { percentile } from '../lib/percentile.mjs';
import { rssBytes } from '../lib/procStats.mjs';
import { APP } from './stack.mjs';
import { INBOUND_CHANNEL } from './workflows.mjs';

const require = createRequire(import.meta.url);
const Pusher = require('pusher');
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const NODE = 'Pusher Channel Trigger';

/**
 * Adds the workflow's finished executions not yet in `known`
 * (id → { seq, receivedAt, startedAt, status }), reading newest first. With
 * `full` it reads them all; else it stops at a known one older than every
 * execution still unfinished, which is quick but can miss an execution the
 * API did not list yet when newer ones were already there.
 */
async function collect(n8n, workflowId, known, unfinished, full = false) {
	let cursor;
	for (;;) {
		const page = await n8n.api('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		for (const execution of page.data) {
			const id = Number(execution.id);
			if (known.has(execution.id)) {
				if (!full && [...unfinished].every((other) => other > id)) return;
				continue;
			}
			if (['running', 'new', 'waiting'].includes(execution.status) || !execution.stoppedAt) {
				unfinished.add(id);
				continue;
			}
			unfinished.delete(id);
			const item = execution.data?.resultData?.runData?.[NODE]?.[0]?.data?.main?.[0]?.[0]?.json;
			known.set(execution.id, { seq: item?.data?.seq, receivedAt: Date.parse(item?.receivedAt), startedAt: Date.parse(execution.startedAt), status: execution.status });
		}
		cursor = page.nextCursor;
		if (!cursor) return;
	}
}

export function createChannelBench(stack) {
	const sdk = new Pusher({ ...APP, host: '127.0.0.1', port: String(stack.soketi.port), useTLS: false });
	const workflowId = stack.n8n.workflowId('bench channel trigger');
	const known = new Map();
	const unfinished = new Set();
	const sentAt = new Map();
	let seq = 0;

	async function send() {
		const number = ++seq;
		const at = Date.now();
		sentAt.set(number, at);
		await sdk.trigger(INBOUND_CHANNEL, 'bench-inbound', { seq: number, sentAt: at });
		return number;
	}

	/** Waits until every event in `numbers` has a finished execution (or `timeoutMs`); returns their timings. */
	async function outcome(numbers, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		const bySeq = () => new Map([...known.values()].map((e) => [e.seq, e]));
		let found;
		for (let attempt = 1; ; attempt++) {
			const late = Date.now() > deadline;
			await collect(stack.n8n, workflowId, known, unfinished, late || attempt % 8 === 0);
			found = bySeq();
			if (numbers.every((n) => found.has(n)) || late) break;
			await pause(250);
		}
		const done = numbers.filter((n) => found.get(n)?.status === 'success');
		const startMs = done.map((n) => found.get(n).startedAt - sentAt.get(n));
		const receiveMs = done.map((n) => found.get(n).receivedAt - sentAt.get(n));
		const failed = numbers.filter((n) => found.has(n) && found.get(n).status !== 'success').length;
		return { sent: numbers.length, executed: done.length, failed, startMs, receiveMs };
	}

	async function waitSubscribed() {
		for (let attempt = 0; attempt < 240; attempt++) {
			const response = await sdk.get({ path: `/channels/${INBOUND_CHANNEL}` });
			if ((await response.json()).occupied === true) return;
			await pause(250);
		}
		throw new Error(`the Channel Trigger never subscribed to ${INBOUND_CHANNEL}`);
	}

	/** `count` events at `perSecond`, on a fixed schedule (no drift); resolves with their numbers. */
	async function paced(count, perSecond, onTick) {
		const numbers = [];
		const start = performance.now();
		for (let i = 0; i < count; i++) {
			const due = start + (i * 1000) / perSecond;
			const wait = due - performance.now();
			if (wait > 0) await pause(wait);
			numbers.push(await send());
			onTick?.();
		}
		return numbers;
	}

	return { waitSubscribed, send, outcome, paced };
}

const summarize = ({ sent, executed, failed, startMs, receiveMs }) => ({
	sent,
	executed,
	failed,
	startP50: percentile(startMs, 50),
	startP95: percentile(startMs, 95),
	receiveP50: percentile(receiveMs, 50),
	receiveP95: percentile(receiveMs, 95),
});

/**
 * plan: { latency: { count, gapMs }, steps: { rates, seconds, lagLimitMs, mustKeepUp? } }
 * Every event of the latency phase must start an execution (and of each step, with mustKeepUp).
 */
export async function measureChannelTrigger({ stack, plan, log }) {
	const bench = createChannelBench(stack);
	await bench.waitSubscribed();
	for (let i = 0; i < 3; i++) await bench.send(); // warm-up
	await bench.outcome([1, 2, 3]);

	log(`real n8n: Channel Trigger latency, ${plan.latency.count} events ${plan.latency.gapMs} ms apart`);
	const numbers = [];
	for (let i = 0; i < plan.latency.count; i++) {
		numbers.push(await bench.send());
		await pause(plan.latency.gapMs);
	}
	const latency = summarize(await bench.outcome(numbers));
	if (latency.executed !== latency.sent) throw new Error(`Channel Trigger: ${latency.sent} events sent one at a time, ${latency.executed} executions`);

	const steps = [];
	let sustained = 0;
	for (const rate of plan.steps.rates) {
		log(`real n8n: Channel Trigger at ${rate} events/s for ${plan.steps.seconds} s`);
		const sentNumbers = await bench.paced(Math.round(rate * plan.steps.seconds), rate);
		const step = { rate, ...summarize(await bench.outcome(sentNumbers, 30_000 + plan.steps.seconds * 2000)) };
		step.keptUp = step.executed === step.sent && step.startP95 <= plan.steps.lagLimitMs;
		steps.push(step);
		if (plan.steps.mustKeepUp && step.executed !== step.sent) throw new Error(`Channel Trigger: ${step.sent} events at ${rate}/s, ${step.executed} executions`);
		if (!step.keptUp) break;
		sustained = rate;
		await pause(2000); // let the server settle before the next step
	}

	return { latency, steps, sustained, lagLimitMs: plan.steps.lagLimitMs };
}

/**
 * The steady run, meant for a server started for it alone: events at one
 * rate for `minutes`, the n8n main process's RSS sampled every
 * `sampleSeconds`, and nothing read from n8n's API until the end (reading
 * thousands of executions with their data is what would grow the RSS
 * otherwise). The rate is the plan's, or half the `sustained` one if lower.
 */
export async function measureChannelSteady({ stack, plan, sustained, log }) {
	const bench = createChannelBench(stack);
	await bench.waitSubscribed();
	const { minutes, sampleSeconds } = plan;
	const rate = Math.max(1, Math.min(plan.rate, Math.floor(sustained / 2) || 1));
	log(`real n8n: Channel Trigger at ${rate} events/s for ${minutes} minutes, sampling RSS`);
	const samples = [{ seconds: 0, rss: rssBytes(stack.n8n.pid) }];
	const started = performance.now();
	let nextSample = sampleSeconds;
	const sentNumbers = await bench.paced(Math.round(rate * minutes * 60), rate, () => {
		const seconds = (performance.now() - started) / 1000;
		if (seconds >= nextSample) {
			samples.push({ seconds, rss: rssBytes(stack.n8n.pid) });
			nextSample += sampleSeconds;
		}
	});
	samples.push({ seconds: (performance.now() - started) / 1000, rss: rssBytes(stack.n8n.pid) });
	return { rate, plannedRate: plan.rate, minutes, samples, ...summarize(await bench.outcome(sentNumbers, 120_000)) };
}
