/**
 * The Pusher node on queue mode's workers, in workflows started by webhooks
 * that reach n8n through its `n8n webhook` processes:
 * - examples/auth-endpoint.json (Webhook with JWT auth → the channel rule →
 *   Pusher Authorize Channel → Respond to Webhook, 403 otherwise): the worker
 *   authorizes and the webhook process answers pusher-js with what the worker
 *   sent back, for private, presence and encrypted channels;
 * - Trigger Batch of 1,000 events: every pusher-js client gets each once;
 * - a worker killed (SIGKILL) in the middle of a Trigger Batch run: what n8n
 *   does about the execution, and what the clients got (last: it leaves one
 *   worker).
 *
 * The workers' Bull lock is short here (QUEUE_WORKER_LOCK_DURATION 5 s,
 * stall check every 2 s; n8n's defaults are 60 s and 30 s), so that the
 * killed worker's job is found stalled within seconds, and Redis keeps failed
 * jobs (N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED), so the test can read why.
 */
import jwt from 'jsonwebtoken';
import type { PresenceChannel } from 'pusher-js';

import { countingProxy, type CountingProxy } from '../helpers/countingProxy';
import { collect, connectClient, memberIds, subscribe, type Collector, type PusherClient } from '../helpers/pusherClient';
import { soketiCredentialData } from '../helpers/soketi';
import { closeClientSockets, post } from '../webhookTrigger/http';
import { connect, ENCRYPTION_MASTER_KEY, eventually, exampleWorkflow, node, pusherNode } from '../e2e/harness';
import { allFinished, startQueueStack, type QueueStack } from './harness';

const AUTH_PATH = 'pusher/auth';
const BATCH_PATH = 'queue/batch';
const SLOW_BATCH_PATH = 'queue/slow-batch';
const SLOW_CREDENTIAL = 'Pusher (through a slow proxy)';
const SENTINEL = 'queue-end';

const authWorkflow = exampleWorkflow('auth-endpoint');
const JWT_SECRET = 'the app signs its session tokens with this';
const tokenFor = (user: string) => jwt.sign({ sub: user, name: user }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '10m' });

/** Webhook { n, channel } → n items → Trigger Batch on `channel`, event `item`, data { i }. */
function batchWorkflow(name: string, webhookPath: string, credentialName?: string) {
	const batch = pusherNode('Trigger batch', 'pusher', {
		resource: 'event',
		operation: 'triggerBatch',
		channel: '={{ $("Start").first().json.body.channel }}',
		eventName: 'item',
		dataMode: 'json',
		dataJson: '={{ { "i": $json.i } }}',
	});
	if (credentialName) batch.credentials = { pusherApi: { id: 'slow', name: credentialName } };
	return {
		name,
		nodes: [
			node('Start', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} }, { typeVersion: 2, webhookId: `c1b5e0de-${name.replace(/\W+/g, '-')}` }),
			node('Events', 'n8n-nodes-base.code', { jsCode: 'return Array.from({ length: $json.body.n }, (_, i) => ({ json: { i } }));' }, { typeVersion: 2 }),
			batch,
		],
		connections: connect(['Start', 'Events'], ['Events', 'Trigger batch']),
	};
}
const batch = batchWorkflow('Trigger Batch in queue mode', BATCH_PATH);
const slowBatch = batchWorkflow('Trigger Batch through a slow proxy', SLOW_BATCH_PATH, SLOW_CREDENTIAL);

let stack: QueueStack;
let slowProxy: CountingProxy;

beforeAll(async () => {
	stack = await startQueueStack({
		workflows: [authWorkflow, batch, slowBatch],
		credentials: async (soketi) => {
			slowProxy = await countingProxy(soketi.baseUrl);
			const { port } = new URL(slowProxy.baseUrl);
			return [
				{ name: SLOW_CREDENTIAL, type: 'pusherApi', data: { ...soketiCredentialData(soketi, ENCRYPTION_MASTER_KEY), port: Number(port) } },
				{ name: 'JWT for pusher-js', type: 'jwtAuth', data: { keyType: 'passphrase', secret: JWT_SECRET, algorithm: 'HS256' } },
			];
		},
		env: { N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '10', QUEUE_WORKER_LOCK_DURATION: '5000', QUEUE_WORKER_LOCK_RENEW_TIME: '1000', QUEUE_WORKER_STALLED_INTERVAL: '2000' },
	});
	await Promise.all([AUTH_PATH, BATCH_PATH, SLOW_BATCH_PATH].map((p) => stack.waitForWebhooks(p)));
}, 300_000);

afterAll(async () => {
	closeClientSockets();
	await stack?.stop();
	await slowProxy?.close();
});

/** Executions of a workflow, each with where it was queued and where it ran. */
async function finishedRuns(workflowName: string, count: number) {
	const rows = await eventually(
		`${count} finished executions of ${workflowName}`,
		() => stack.executionRows(stack.workflowId(workflowName)),
		(list) => list.length >= count && allFinished(list),
	);
	return rows.map((row) => ({ ...row, enqueuedBy: stack.enqueuedBy(row.id), ranOn: stack.ranOn(row.id) }));
}

describe('examples/auth-endpoint.json, answered through a worker', () => {
	const endpointVia = (via: number) => stack.queue.webhooks[via].webhookUrl(AUTH_PATH);
	/** A client signed in to the app as `user`, whose channel authorization is the workflow through webhook process `via` (0 or 1). */
	async function clientAs(user: string, via: number): Promise<PusherClient> {
		const channelAuthorization = { endpoint: endpointVia(via), transport: 'ajax' as const, headers: { Authorization: `Bearer ${tokenFor(user)}` } };
		return await connectClient(stack.soketi, { pusherOptions: { channelAuthorization } });
	}

	test('private, presence and encrypted channels through both webhook processes; a channel the rule refuses gets 403', async () => {
		const carol = await clientAs('carol', 0);
		const dave = await clientAs('dave', 1);

		const own = collect(await subscribe(carol, 'private-user-carol'), 'created');
		const lobby = await subscribe<PresenceChannel>(carol, 'presence-lobby');
		await subscribe(dave, 'presence-lobby');
		const vault = collect(await subscribe(dave, 'private-encrypted-user-dave'), 'opened');
		await expect(subscribe(carol, 'private-user-dave')).rejects.toThrow(/403/);

		await stack.sdk.trigger('private-user-carol', 'created', { id: 7 });
		await stack.sdk.trigger('private-encrypted-user-dave', 'opened', { code: 'é€😀' });
		expect(await own.waitFor(1)).toEqual([{ id: 7 }]);
		expect(await vault.waitFor(1)).toEqual([{ code: 'é€😀' }]);
		expect(await eventually('two members', async () => memberIds(lobby), (ids) => ids.length === 2)).toEqual(['carol', 'dave']);
		expect(lobby.members.me).toEqual({ id: 'carol', info: { name: 'carol' } });
		carol.disconnect();
		dave.disconnect();

		// Four authorizations and one refusal: five executions, each queued by the webhook process pusher-js asked and run on a worker.
		const runs = await finishedRuns(authWorkflow.name, 5);
		expect(runs).toHaveLength(5);
		for (const run of runs) {
			expect(run).toMatchObject({ status: 'success', mode: 'webhook' });
			expect(run.ranOn).toHaveLength(1);
			expect(run.ranOn[0]).toMatch(/^worker-/);
		}
		expect(runs.map((run) => run.enqueuedBy.join()).sort()).toEqual(['webhook-1', 'webhook-1', 'webhook-1', 'webhook-2', 'webhook-2']);
	});

	test('a request without a token is refused by the webhook process itself: 401, no execution', async () => {
		const before = (await stack.executionRows(stack.workflowId(authWorkflow.name))).length;
		for (const via of [0, 1]) {
			const answer = await post(endpointVia(via), 'socket_id=1234.5678&channel_name=private-user-carol', { 'content-type': 'application/x-www-form-urlencoded' });
			expect(answer.status).toBe(401);
		}
		expect(await stack.executionRows(stack.workflowId(authWorkflow.name))).toHaveLength(before);
	});
});

/** `count` clients subscribed to `channel`, each collecting every event on it. */
async function subscribers(channel: string, count: number): Promise<Collector[]> {
	const collectors: Collector[] = [];
	for (let n = 0; n < count; n++) collectors.push(collect(await subscribe(await connectClient(stack.soketi), channel)));
	return collectors;
}

const itemsOf = (collector: Collector) => collector.received.filter((e) => e.event === 'item').map((e) => (e.data as { i: number }).i);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('Trigger Batch on a worker: 1,000 events, each received once by every client', async () => {
	const clients = await subscribers('queue-batch', 3);
	expect((await post(stack.queue.webhooks[0].webhookUrl(BATCH_PATH), JSON.stringify({ n: 1000, channel: 'queue-batch' }), { 'content-type': 'application/json' })).status).toBe(200);
	const [run] = await finishedRuns(batch.name, 1);
	expect(run).toMatchObject({ status: 'success', enqueuedBy: ['webhook-1'] });
	expect(run.ranOn[0]).toMatch(/^worker-/);

	// pusher-js delivers a channel's events in order: after the sentinel, everything sent before it is in.
	await stack.sdk.trigger('queue-batch', SENTINEL, {});
	for (const client of clients) {
		await eventually('the sentinel', async () => client.received.some((e) => e.event === SENTINEL), Boolean, 30_000);
		expect(itemsOf(client)).toEqual(range(1000));
	}
});

test('a worker killed in the middle of Trigger Batch: n8n does not run the rest, the clients keep what was sent', async () => {
	const clients = await subscribers('queue-slow', 2);
	slowProxy.reset();
	slowProxy.delayNext(1000, 40); // every batch request waits 40 ms at the proxy: 100 requests take 4 s or more
	expect((await post(stack.queue.webhooks[1].webhookUrl(SLOW_BATCH_PATH), JSON.stringify({ n: 1000, channel: 'queue-slow' }), { 'content-type': 'application/json' })).status).toBe(200);

	const [row] = await eventually('the execution', () => stack.executionRows(stack.workflowId(slowBatch.name)), (rows) => rows.length === 1);
	const [workerName] = await eventually('a worker running it', async () => stack.ranOn(row.id), (names) => names.length === 1);
	const worker = stack.queue.workers.find((w) => w.name === workerName)!;
	const survivor = stack.queue.workers.find((w) => w !== worker)!;
	await eventually('200 events at the clients', async () => itemsOf(clients[0]).length, (n) => n >= 200, 30_000);
	await worker.kill();
	const killedAt = Date.now();
	const sentBeforeKill = slowProxy.requests.length;

	// The surviving worker finds the job's lock expired and fails the job: n8n allows
	// no stalled retries (Bull's maxStalledCount 0), so it is never run again.
	const jobId = /Worker started execution \d+ \(job (\d+)\)/.exec(worker.output().split('\n').find((line) => line.includes(`execution ${row.id} `))!)![1];
	const failedReason = await eventually(
		'Bull to fail the stalled job',
		async () => (await stack.queue.redis.command('HGET', `bull:jobs:${jobId}`, 'failedReason')) as string | null,
		(reason) => Boolean(reason),
		60_000,
	);
	expect(failedReason).toBe('job stalled more than allowable limit');
	const failedAfterMs = Date.now() - killedAt;

	// The process that queued it (the webhook process) then records the execution as failed,
	// with n8n's stalled-job message and none of the nodes' data: the record does not say what was sent.
	const [ended] = await eventually('the execution to end', () => stack.executionRows(stack.workflowId(slowBatch.name)), (rows) => rows[0].status !== 'running', 120_000);
	expect(ended.status).toBe('error');
	const endedAfterMs = Date.now() - killedAt;
	const [execution] = (await stack.executions(stack.workflowId(slowBatch.name))) as Array<{ data?: { resultData: { error?: { message?: string }; runData: object } } }>;
	expect(execution.data?.resultData.error?.message).toMatch(/failed to be processed too many times and will no longer retry/);
	expect(execution.data?.resultData.runData).toEqual({});
	expect(survivor.output()).not.toContain(`Worker started execution ${row.id} `);

	// What the clients got: the batches the proxy took before the worker died (including one it
	// still held then and delivered afterwards, unknown to n8n), each event once, in order; nothing after.
	await stack.sdk.trigger('queue-slow', SENTINEL, {});
	for (const client of clients) await eventually('the sentinel', async () => client.received.some((e) => e.event === SENTINEL), Boolean, 30_000);
	const batchRequests = slowProxy.requests.filter((r) => r.path.endsWith('/batch_events'));
	expect(batchRequests.length).toBeLessThanOrEqual(sentBeforeKill + 1);
	expect(batchRequests.length).toBeGreaterThanOrEqual(20);
	expect(batchRequests.length).toBeLessThan(100);
	for (const client of clients) expect(itemsOf(client)).toEqual(range(10 * batchRequests.length));
	console.error(
		`[queue e2e] worker killed after ${sentBeforeKill} batch requests; the clients got ${itemsOf(clients[0]).length} of 1000 events; ` +
			`Bull failed the job ${(failedAfterMs / 1000).toFixed(1)} s after the kill, n8n marked the execution "${ended.status}" ${(endedAfterMs / 1000).toFixed(1)} s after it`,
	);
}, 300_000);
