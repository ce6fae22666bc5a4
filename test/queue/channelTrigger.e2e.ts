/**
 * The Pusher Channel Trigger in queue mode. Its WebSocket listener is a
 * trigger() that n8n runs in the main process only (the leader); each event
 * it emits becomes an execution that the main puts on the queue and a worker
 * runs. Restarting the main (n8n's graceful shutdown, and a kill) leaves one
 * connection, the new main's.
 *
 * "One connection" is counted three ways: Soketi's own gauge of connected
 * sockets (its Prometheus metrics), Soketi's subscription count on the
 * channel, and the TCP connections to Soketi's port that n8n's processes hold
 * (/proc). No pusher-js client connects in this file.
 */
import { connectionsToPort } from '../helpers/ports';
import { connect, eventually, node, nodeOutput, pusherNode } from '../e2e/harness';
import { allFinished, startQueueStack, type QueueStack } from './harness';

const CHANNEL = 'queue-inbound';

const workflow = {
	name: 'Listen on a channel in queue mode',
	nodes: [
		pusherNode('Pusher Channel Trigger', 'pusherChannelTrigger', {
			channels: CHANNEL,
			events: 'specific',
			eventNames: 'order-*',
			options: { signIn: true, presenceUserId: 'n8n-queue' },
		}),
		node('Received', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Channel Trigger', 'Received']),
};

let stack: QueueStack;
let workflowId: string;

beforeAll(async () => {
	stack = await startQueueStack({ workflows: [workflow], soketi: { extraEnv: { SOKETI_METRICS_ENABLED: 'true' } } });
	workflowId = stack.workflowId(workflow.name);
}, 300_000);

afterAll(async () => {
	await stack?.stop();
});

interface Connections {
	/** Soketi's soketi_connected gauge for the app. */
	soketi: number;
	/** Sockets subscribed to the trigger's channel, as Soketi's HTTP API says. */
	subscribed: number;
	/** The n8n processes (by name) holding a TCP connection to Soketi. */
	holders: string[];
}

async function connections(): Promise<Connections> {
	const metrics = await (await fetch(`http://127.0.0.1:${stack.soketi.metricsPort}/metrics`)).text();
	const gauge = metrics.split('\n').find((line) => line.startsWith('soketi_connected{') && line.includes(`app_id="${stack.soketi.appId}"`));
	const channel = (await (await stack.sdk.get({ path: `/channels/${CHANNEL}` })).json()) as { subscription_count?: number };
	const processes = stack.queue.processes();
	const holders = connectionsToPort(stack.soketi.port)
		.map(({ pgid }) => processes.find((p) => p.pid === pgid)?.name)
		.filter((name): name is string => name !== undefined);
	return { soketi: gauge ? Number(gauge.split(' ').pop()) : 0, subscribed: channel.subscription_count ?? 0, holders: holders.sort() };
}

const oneConnectionFromMain = (c: Connections) => c.soketi === 1 && c.subscribed === 1 && c.holders.length === 1;

/** Sends `names` as events on the channel; resolves with the `expected` executions they start, once all have finished. */
async function send(names: string[], expected = names.length) {
	const before = (await stack.executionRows(workflowId)).length;
	for (const name of names) await stack.sdk.trigger(CHANNEL, name, { name });
	const rows = await eventually(
		`${expected} more finished executions`,
		() => stack.executionRows(workflowId),
		(list) => list.length >= before + expected && allFinished(list),
	);
	return rows.slice(before);
}

async function expectRunOnWorkers(rows: Array<{ id: string; status: string; mode: string }>, names: string[]) {
	expect(rows.map((row) => [row.status, row.mode])).toEqual(names.map(() => ['success', 'trigger']));
	const executions = await stack.executions(workflowId);
	const events = rows.flatMap((row) => nodeOutput(executions.find((e) => String(e.id) === row.id)!, 'Received').map((item) => item.event));
	expect(events.sort()).toEqual([...names].sort());
	for (const row of rows) {
		expect(stack.enqueuedBy(row.id)).toEqual(['main']);
		expect(stack.ranOn(row.id)).toHaveLength(1);
		expect(stack.ranOn(row.id)[0]).toMatch(/^worker-/);
	}
}

test('the main holds the only connection; each event is one execution, queued by the main, run on a worker', async () => {
	expect(await eventually('the trigger connected', connections, (c) => c.subscribed === 1)).toEqual({ soketi: 1, subscribed: 1, holders: ['main'] });
	// The one the trigger filters out starts nothing (sent before the last one, so it has been handled by then).
	const rows = await send(['order-created', 'order-paid', 'shipment-ignored', 'order-shipped'], 3);
	await expectRunOnWorkers(rows, ['order-created', 'order-paid', 'order-shipped']);
	expect(await connections()).toEqual({ soketi: 1, subscribed: 1, holders: ['main'] });
});

test('after the main restarts, there is again exactly one connection, the new main\'s, and events keep running on workers', async () => {
	const oldPid = stack.main.pid;
	await stack.queue.restartMain();
	expect(stack.main.pid).not.toBe(oldPid);
	expect(await eventually('the new main connected', connections, oneConnectionFromMain)).toEqual({ soketi: 1, subscribed: 1, holders: ['main'] });
	await expectRunOnWorkers(await send(['order-after-restart']), ['order-after-restart']);
	expect(await connections()).toEqual({ soketi: 1, subscribed: 1, holders: ['main'] });
});

test('after the main is killed and started again, there is again exactly one connection', async () => {
	process.kill(-stack.main.pid, 'SIGKILL');
	await eventually('the killed main\'s connection gone', connections, (c) => c.soketi === 0 && c.subscribed === 0);
	await stack.queue.restartMain();
	expect(await eventually('the new main connected', connections, oneConnectionFromMain)).toEqual({ soketi: 1, subscribed: 1, holders: ['main'] });
	await expectRunOnWorkers(await send(['order-after-kill']), ['order-after-kill']);
});
