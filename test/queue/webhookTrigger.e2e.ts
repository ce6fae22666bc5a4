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
import { closeClientSockets, post, signedHeaders, webhookBody } from '../webhookTrigger/http';
import { connectClient, subscribe } from '../helpers/pusherClient';
import { connect, eventually, node, nodeOutput, pusherNode } from '../e2e/harness';
import { dedupeKey } from '../../nodes/Pusher/webhookTrigger/dedupe';
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
			{ operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.dedupeKey }}' },
			{ typeVersion: 2 },
		),
		node('After dedupe', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Trigger', 'Remove Duplicates'], ['Remove Duplicates', 'After dedupe']),
};

const EXACT_ID = '0b3c7a51-6f0e-4c59-8d1e-71e0c0ffee03';
const EXACT_PATH = `${EXACT_ID}/webhook`;
/**
 * The recipe for queue mode with several webhook processes: Redis's INCR is
 * atomic, so of any number of copies of an event exactly one sees 1, wherever
 * each was received; only the delivery that counted 1 goes on (If → Once).
 */
const exactWorkflow = {
	name: 'Once per event in queue mode, with Redis',
	nodes: [
		pusherNode('Pusher Trigger', 'pusherTrigger', { events: ['client_event'], output: 'event' }, { webhookId: EXACT_ID }),
		{
			...node('Count deliveries', 'n8n-nodes-base.redis', {
				operation: 'incr',
				key: '=pusher-webhook:{{ $json.dedupeKey }}',
				expire: true,
				ttl: 900,
			}),
			credentials: { redis: { id: 'queue-redis', name: 'Queue Redis' } },
		},
		node(
			'First delivery?',
			'n8n-nodes-base.if',
			{
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [
						{
							id: 'first',
							leftValue: "={{ $json['pusher-webhook:' + $('Pusher Trigger').item.json.dedupeKey] }}",
							rightValue: 1,
							operator: { type: 'number', operation: 'equals' },
						},
					],
					combinator: 'and',
				},
				options: {},
			},
			{ typeVersion: 2.2 },
		),
		node('Once', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Trigger', 'Count deliveries'], ['Count deliveries', 'First delivery?'], ['First delivery?', 'Once']),
};

let stack: QueueStack;
let urls: string[];
let workflowId: string;
/** Channel → the webhook process that was sent its event. */
const receivedBy = new Map<string, string>();

beforeAll(async () => {
	stack = await startQueueStack({
		workflows: [workflow, dedupeWorkflow, exactWorkflow],
		credentials: (_soketi, redis) => [{ name: 'Queue Redis', type: 'redis', data: { host: '127.0.0.1', port: redis.port, database: 0, password: '' } }],
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

describe('duplicates: the trigger\'s dedupeKey, and Remove Duplicates after it', () => {
	let dedupeUrls: string[];
	let dedupeId: string;
	/** Executions the deliveries sent so far should have started. */
	let expected = 0;
	beforeAll(async () => {
		dedupeUrls = await stack.waitForWebhooks(DEDUPE_PATH);
		dedupeId = stack.workflowId(dedupeWorkflow.name);
	});

	/** One signed webhook, as Pusher would deliver it again on a retry: the same bytes. */
	function webhook(event: string) {
		const timeMs = Date.now();
		const pusherEvent = { name: 'client_event', channel: 'private-queue-dedupe', event, data: '{}', user_id: 'u1' };
		const body = webhookBody([pusherEvent], timeMs);
		const headers = signedHeaders(body, stack.soketi.key, stack.soketi.secret);
		return {
			/** The key the trigger gives this event (its own function). */
			key: dedupeKey(pusherEvent, 0, timeMs),
			async to(url: string) {
				const answer = await post(url, body, headers);
				expect(answer.status).toBe(200);
			},
		};
	}
	/** Waits until the executions expected so far have finished; returns the last `count`. */
	async function settled(count: number) {
		const rows = await eventually(`${expected} finished executions`, () => stack.executionRows(dedupeId), (list) => list.length >= expected && allFinished(list));
		expect(rows).toHaveLength(expected);
		return rows.slice(-count);
	}
	/** The items with this event at a node, over all executions. */
	async function itemsAt(nodeName: string, event: string) {
		return (await stack.executions(dedupeId)).flatMap((e) => nodeOutput(e, nodeName)).filter((item) => item.event === event);
	}

	/** One copy to each webhook process, their writes to processed_data held until both are waiting to write. */
	async function bothProcessesAtOnce(event: string) {
		// Two executions at the same step at the same moment: a lock on n8n's
		// processed_data table lets both read it but holds back their writes
		// until both are waiting to write, then lets go.
		const copy = webhook(event);
		const lock = await stack.lockTable('processed_data', 'exclusive');
		try {
			await Promise.all(dedupeUrls.map((url) => copy.to(url)));
			expected += 2;
			await eventually('both executions waiting to write to processed_data', () => stack.waitingOn('processed_data'), (n) => n === 2, 60_000);
		} finally {
			await lock.release();
		}
		return await settled(2);
	}

	test('the very first two copies, at both webhook processes at the same moment: one gets through, the other execution fails on n8n\'s unique key', async () => {
		const rows = await bothProcessesAtOnce('client-first');
		expect(rows.map((row) => row.status).sort()).toEqual(['error', 'success']);
		expect(await itemsAt('After dedupe', 'client-first')).toHaveLength(1);
		const failed = (await stack.executions(dedupeId)).find((e) => e.status === 'error') as { data?: { resultData: { error?: { message?: string } } } };
		expect(failed.data?.resultData.error?.message).toMatch(/duplicate key/);
	});

	test('copies at the same webhook process, at once and seconds apart, start nothing: the process remembers the keys it emitted', async () => {
		const copy = webhook('client-same-process');
		await Promise.all([copy.to(dedupeUrls[0]), copy.to(dedupeUrls[0])]);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		await copy.to(dedupeUrls[0]);
		expected += 1;
		expect((await settled(1))[0].status).toBe('success');
		expect(await itemsAt('Pusher Trigger', 'client-same-process')).toEqual([expect.objectContaining({ dedupeKey: copy.key })]);
		expect(await itemsAt('After dedupe', 'client-same-process')).toHaveLength(1);
	});

	test('a copy at the other webhook process seconds later: both trigger, Remove Duplicates on the dedupeKey drops the second', async () => {
		const copy = webhook('client-apart');
		await copy.to(dedupeUrls[0]);
		expected += 1;
		await settled(1);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		await copy.to(dedupeUrls[1]);
		expected += 1;
		expect((await settled(2)).map((row) => row.status)).toEqual(['success', 'success']);
		expect(await itemsAt('Pusher Trigger', 'client-apart')).toEqual([
			expect.objectContaining({ dedupeKey: copy.key }),
			expect.objectContaining({ dedupeKey: copy.key }),
		]);
		expect(await itemsAt('After dedupe', 'client-apart')).toHaveLength(1);
	});

	test('copies at both webhook processes at the same moment: both get through (finding: n8n reads, then records, with no lock between)', async () => {
		const rows = await bothProcessesAtOnce('client-together');
		expect(rows.map((row) => row.status)).toEqual(['success', 'success']);
		expect(await itemsAt('After dedupe', 'client-together')).toHaveLength(2);
	});
});

describe('duplicates, exactly once across webhook processes: Redis INCR on the dedupeKey', () => {
	let exactUrls: string[];
	let exactId: string;
	let expected = 0;
	beforeAll(async () => {
		exactUrls = await stack.waitForWebhooks(EXACT_PATH);
		exactId = stack.workflowId(exactWorkflow.name);
	});

	/** A signed webhook, sent as often as asked, and the Redis key its event is counted under. */
	function webhook(event: string) {
		const timeMs = Date.now();
		const pusherEvent = { name: 'client_event', channel: 'private-queue-exact', event, data: '{}', user_id: 'u1' };
		const body = webhookBody([pusherEvent], timeMs);
		const headers = signedHeaders(body, stack.soketi.key, stack.soketi.secret);
		return {
			redisKey: `pusher-webhook:${dedupeKey(pusherEvent, 0, timeMs)}`,
			send: async (url: string) => expect((await post(url, body, headers)).status).toBe(200),
		};
	}
	/** How many deliveries of the event went on past the If node (Once gets Redis's `{ <key>: 1 }`). */
	async function wentOn(redisKey: string) {
		await eventually(`${expected} finished executions`, () => stack.executionRows(exactId), (list) => list.length >= expected && allFinished(list));
		const executions = await stack.executions(exactId);
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		return executions.flatMap((e) => nodeOutput(e, 'Once')).filter((item) => redisKey in item).length;
	}

	test('copies at both webhook processes at the same moment, ten times over: each event goes on once', async () => {
		const copies = Array.from({ length: 10 }, (_, i) => webhook(`client-exact-${i}`));
		await Promise.all(copies.map(async ({ send }) => await Promise.all(exactUrls.map(send))));
		expected += 20;
		for (const { redisKey } of copies) expect([redisKey, await wentOn(redisKey)]).toEqual([redisKey, 1]);
		expect(await stack.queue.redis.command('GET', copies[0].redisKey)).toBe('2');
	});

	test('a copy at the other webhook process seconds later goes no further', async () => {
		const { send, redisKey } = webhook('client-exact-apart');
		await send(exactUrls[0]);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		await send(exactUrls[1]);
		expected += 2;
		expect(await wentOn(redisKey)).toBe(1);
	});
});
