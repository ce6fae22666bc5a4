/**
 * The Pusher Trigger in queue mode: webhooks reach n8n through its two
 * `n8n webhook` processes, and the executions they start run on the workers.
 *
 * Soketi sends its real webhooks to both processes (channels `queue-one-*`
 * to the first, `queue-two-*` to the second), and signed posts go to each
 * process directly. Postgres then holds exactly one execution per accepted
 * event, each queued by the webhook process that received it and started by
 * exactly one worker, with the event in it. Forged posts get 401 from the
 * webhook process and add no execution.
 *
 * No clock: every accepted request was answered only once its execution had
 * been created (n8n saves it before it queues it), so once the answers are
 * in, counting rows is final except for their status.
 */
import { closeClientSockets, post, signedHeaders, webhookBody } from '../trigger/http';
import { connectClient, subscribe } from '../helpers/pusherClient';
import { connect, eventually, node, nodeOutput, pusherNode } from '../e2e/harness';
import { allFinished, startQueueStack, type QueueStack } from './harness';

const WEBHOOK_ID = '0b3c7a51-6f0e-4c59-8d1e-71e0c0ffee01';
const WEBHOOK_PATH = `${WEBHOOK_ID}/webhook`;
const SOKETI_CHANNELS = ['queue-one-a', 'queue-one-b', 'queue-two-a', 'queue-two-b'];

const workflow = {
	name: 'Pusher webhooks in queue mode',
	nodes: [
		pusherNode('Pusher Trigger', 'pusherTrigger', { events: ['channel_occupied'], output: 'event' }, { webhookId: WEBHOOK_ID }),
		node('Received', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Trigger', 'Received']),
};

const DEDUPE_ID = '0b3c7a51-6f0e-4c59-8d1e-71e0c0ffee02';
const DEDUPE_PATH = `${DEDUPE_ID}/webhook`;
const dedupeWorkflow = {
	name: 'Drop duplicate webhooks in queue mode',
	nodes: [
		pusherNode('Pusher Trigger', 'pusherTrigger', { events: ['client_event'], output: 'event' }, { webhookId: DEDUPE_ID }),
		node(
			'Remove Duplicates',
			'n8n-nodes-base.removeDuplicates',
			{ operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: "={{ $json.time_ms + ':' + $json.channel + ':' + $json.event }}" },
			{ typeVersion: 2 },
		),
		node('After dedupe', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Trigger', 'Remove Duplicates'], ['Remove Duplicates', 'After dedupe']),
};

let stack: QueueStack;
let urls: string[];
let workflowId: string;
/** Channel → the webhook process that was sent its event. */
const receivedBy = new Map<string, string>();

beforeAll(async () => {
	stack = await startQueueStack({
		workflows: [workflow, dedupeWorkflow],
		webhooks: (bases) =>
			bases.map((base, i) => ({
				url: `${base}/webhook/${WEBHOOK_PATH}`,
				event_types: ['channel_occupied'],
				filter: { channel_name_starts_with: i === 0 ? 'queue-one-' : 'queue-two-' },
			})),
	});
	workflowId = stack.workflowId(workflow.name);
	urls = await stack.waitForWebhooks(WEBHOOK_PATH);
}, 300_000);

afterAll(async () => {
	closeClientSockets();
	await stack?.stop();
});

const channelsIn = async (): Promise<string[]> =>
	(await stack.executions(workflowId)).flatMap((execution) => nodeOutput(execution, 'Received').map((item) => String(item.channel)));

test('Soketi webhooks and signed posts to both webhook processes: one execution per event, queued there, run on a worker', async () => {
	const client = await connectClient(stack.soketi);
	for (const channel of SOKETI_CHANNELS) {
		await subscribe(client, channel);
		receivedBy.set(channel, channel.startsWith('queue-one-') ? 'webhook-1' : 'webhook-2');
	}
	for (const [i, url] of urls.entries()) {
		for (const n of [1, 2, 3]) {
			const channel = `queue-signed-${i + 1}-${n}`;
			const body = webhookBody([{ name: 'channel_occupied', channel }]);
			const answer = await post(url, body, signedHeaders(body, stack.soketi.key, stack.soketi.secret));
			expect(answer.status).toBe(200);
			receivedBy.set(channel, `webhook-${i + 1}`);
		}
	}

	const rows = await eventually(
		'ten finished executions',
		() => stack.executionRows(workflowId),
		(list) => list.length >= receivedBy.size && allFinished(list),
	);
	expect(rows).toHaveLength(receivedBy.size);
	expect(rows.every((row) => row.status === 'success' && row.mode === 'webhook')).toBe(true);

	const executions = await stack.executions(workflowId);
	const channelOf = new Map(executions.map((e) => [String(e.id), nodeOutput(e, 'Received').map((item) => String(item.channel))]));
	expect([...channelOf.values()].flat().sort()).toEqual([...receivedBy.keys()].sort());
	for (const row of rows) {
		const [channel] = channelOf.get(row.id) ?? [];
		expect({ channel, enqueuedBy: stack.enqueuedBy(row.id) }).toEqual({ channel, enqueuedBy: [receivedBy.get(channel)] });
		expect(stack.ranOn(row.id)).toHaveLength(1);
		expect(stack.ranOn(row.id)[0]).toMatch(/^worker-/);
	}
	client.disconnect();
});

test('forged webhooks get 401 from each webhook process and start nothing', async () => {
	const before = await stack.executionRows(workflowId);
	for (const url of urls) {
		const body = webhookBody([{ name: 'channel_occupied', channel: 'queue-forged' }]);
		const wrongSecret = await post(url, body, signedHeaders(body, stack.soketi.key, 'not-the-secret'));
		const unknownKey = await post(url, body, signedHeaders(body, 'not-the-key', stack.soketi.secret));
		expect([wrongSecret.status, unknownKey.status]).toEqual([401, 401]);
	}
	// A good post after the forged ones: once its execution is there, the forged ones would be too.
	const body = webhookBody([{ name: 'channel_occupied', channel: 'queue-after-forged' }]);
	expect((await post(urls[1], body, signedHeaders(body, stack.soketi.key, stack.soketi.secret))).status).toBe(200);
	const after = await eventually('one more execution', () => stack.executionRows(workflowId), (list) => list.length > before.length && allFinished(list));
	expect(after).toHaveLength(before.length + 1);
	const channels = await channelsIn();
	expect(channels).toContain('queue-after-forged');
	expect(channels).not.toContain('queue-forged');
});

describe('duplicates dropped by Remove Duplicates after the trigger', () => {
	let dedupeUrls: string[];
	let dedupeId: string;
	let sent = 0;
	beforeAll(async () => {
		dedupeUrls = await stack.waitForWebhooks(DEDUPE_PATH);
		dedupeId = stack.workflowId(dedupeWorkflow.name);
	});

	/** One signed webhook (body and headers), sent as often as a test likes. */
	function delivery(event: string) {
		const body = webhookBody([{ name: 'client_event', channel: 'private-queue-dedupe', event, data: '{}', user_id: 'u1' }]);
		const headers = signedHeaders(body, stack.soketi.key, stack.soketi.secret);
		return async (url: string) => {
			sent++;
			const answer = await post(url, body, headers);
			expect(answer.status).toBe(200);
		};
	}
	/** Waits until every delivery sent so far has a finished execution; returns those of the last `count`. */
	const settled = async (count: number) =>
		(await eventually(`${sent} finished executions`, () => stack.executionRows(dedupeId), (rows) => rows.length >= sent && allFinished(rows))).slice(-count);
	/** How often the event reached the node after Remove Duplicates, over all executions. */
	async function timesPassed(event: string): Promise<number> {
		const executions = await stack.executions(dedupeId);
		return executions.flatMap((e) => nodeOutput(e, 'After dedupe')).filter((item) => item.event === event).length;
	}

	/** Sends one delivery to each webhook process, with their writes to processed_data held until both are waiting to write. */
	async function bothAtOnce(event: string) {
		// Two executions at the same step at the same moment: a lock on n8n's
		// processed_data table lets both read it but holds back their writes
		// until both are waiting to write, then lets go.
		const lock = await stack.lockTable('processed_data', 'exclusive');
		try {
			await Promise.all(dedupeUrls.map(delivery(event)));
			await eventually('both executions waiting to write to processed_data', () => stack.waitingOn('processed_data'), (n) => n === 2, 60_000);
		} finally {
			await lock.release();
		}
		return await settled(2);
	}

	test('the first two copies ever, at the same moment: one gets through, the other execution fails on n8n\'s unique key', async () => {
		const rows = await bothAtOnce('client-first');
		expect(rows.map((row) => row.status).sort()).toEqual(['error', 'success']);
		expect(await timesPassed('client-first')).toBe(1);
		const failed = (await stack.executions(dedupeId)).find((e) => e.status === 'error') as { data?: { resultData: { error?: { message?: string } } } };
		expect(failed.data?.resultData.error?.message).toMatch(/duplicate key/);
	});

	test('seconds apart: the copy that reaches the other webhook process is dropped', async () => {
		const send = delivery('client-apart');
		await send(dedupeUrls[0]);
		await settled(1);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		await send(dedupeUrls[1]);
		const rows = await settled(2);
		expect(rows.map((row) => row.status)).toEqual(['success', 'success']);
		expect(await timesPassed('client-apart')).toBe(1);
	});

	test('at the same moment: both copies get through (finding: n8n reads, then records, with no lock between)', async () => {
		const rows = await bothAtOnce('client-together');
		expect(rows.map((row) => row.status)).toEqual(['success', 'success']);
		expect(await timesPassed('client-together')).toBe(2);
	});
});
