/**
 * The Pusher Channel Trigger in a published workflow of a real n8n 2.x (the
 * package installed from its tarball) against a real Soketi: events triggered
 * with the official SDK become one execution each, on public, private,
 * presence and encrypted channels; a pusher-js client joining the presence
 * channel is an execution; after Soketi restarts the trigger resubscribes;
 * unpublishing closes the connection.
 *
 * Run with the e2e config (it packs the package and starts n8n):
 *   npx jest -c jest.e2e.config.js --roots '<rootDir>/test/channelTrigger'
 */
import { connectClient, disconnect, subscribe } from '../helpers/pusherClient';
import { connect, eventually, node, nodeOutput, pusherNode, startStack, type Execution, type Stack } from '../e2e/harness';
import { presenceUserIds, subscriptionCount, waitForSubscriptions } from './channelState';

const CHANNELS = ['e2e-orders', 'private-e2e-orders', 'presence-e2e-room', 'private-encrypted-e2e-pay'];
const TRIGGER = 'Pusher Channel Trigger';

const workflow = {
	name: 'Pusher channel events',
	nodes: [
		pusherNode(TRIGGER, 'pusherChannelTrigger', {
			channels: CHANNELS.join(' '),
			pusherEvents: ['pusher:member_added'],
			options: { presenceUserId: 'n8n-e2e' },
		}),
		node('Received', 'n8n-nodes-base.noOp'),
	],
	connections: connect([TRIGGER, 'Received']),
};

type Emitted = { channel: string; event: string; data: unknown; userId?: string };

let stack: Stack;

async function emitted(): Promise<{ executions: Execution[]; events: Emitted[] }> {
	const executions = await stack.n8n.executions(stack.n8n.workflowId(workflow.name));
	const finished = executions.filter((e) => e.status !== 'running' && e.status !== 'new');
	return { executions: finished, events: finished.flatMap((e) => nodeOutput(e, TRIGGER)) as Emitted[] };
}

const summary = (e: Emitted) => `${e.channel} ${e.event} ${JSON.stringify(e.data)}`;

beforeAll(async () => {
	stack = await startStack({ workflows: [workflow] });
	for (const channel of CHANNELS) await waitForSubscriptions(stack.sdk, channel, 1, 90_000);
});

afterAll(async () => {
	await stack?.stop();
});

test('each event triggered through the REST API is one execution, decrypted on the encrypted channel', async () => {
	await stack.sdk.trigger('e2e-orders', 'created', { id: 1 });
	await stack.sdk.trigger('private-e2e-orders', 'created', { id: 2 });
	await stack.sdk.trigger('presence-e2e-room', 'note', { id: 3 });
	await stack.sdk.trigger('private-encrypted-e2e-pay', 'paid', { amount: 9.99 });

	const { executions, events } = await eventually('four executions', emitted, ({ events }) => events.length >= 4, 60_000);
	expect(executions.every((e) => e.status === 'success' && e.mode === 'trigger')).toBe(true);
	expect(events.map(summary).sort()).toEqual([
		'e2e-orders created {"id":1}',
		'presence-e2e-room note {"id":3}',
		'private-e2e-orders created {"id":2}',
		'private-encrypted-e2e-pay paid {"amount":9.99}',
	]);
	expect(executions).toHaveLength(4);
	expect(await presenceUserIds(stack.sdk, 'presence-e2e-room')).toEqual(['n8n-e2e']);
});

test('a pusher-js client joining the presence channel is an execution with the member', async () => {
	const alice = await connectClient(stack.soketi, {
		authorize: (socketId, channel) => stack.sdk.authorizeChannel(socketId, channel, { user_id: 'alice', user_info: { name: 'Alice' } }),
	});
	try {
		await subscribe(alice, 'presence-e2e-room');
		const { events } = await eventually(
			'a member_added execution',
			emitted,
			({ events }) => events.some((e) => e.event === 'pusher:member_added'),
			60_000,
		);
		expect(events.find((e) => e.event === 'pusher:member_added')).toMatchObject({
			channel: 'presence-e2e-room',
			userId: 'alice',
			member: { id: 'alice', info: { name: 'Alice' } },
		});
	} finally {
		disconnect(alice);
	}
});

test('after Soketi restarts the trigger resubscribes and keeps starting the workflow', async () => {
	const before = (await emitted()).events.length;
	await stack.soketi.restart();
	for (const channel of CHANNELS) await waitForSubscriptions(stack.sdk, channel, 1, 60_000);
	await stack.sdk.trigger('private-e2e-orders', 'after-restart', { ok: true });
	const { events } = await eventually('the event after the restart', emitted, ({ events }) => events.length > before, 60_000);
	expect(events.filter((e) => e.event === 'after-restart')).toHaveLength(1);
});

test('unpublishing the workflow closes the connection', async () => {
	const id = stack.n8n.workflowId(workflow.name);
	await stack.n8n.api('POST', `/workflows/${id}/deactivate`);
	await eventually('no subscriptions left', async () => await subscriptionCount(stack.sdk, 'e2e-orders'), (count) => count === 0, 30_000);
	for (const channel of CHANNELS.slice(1)) expect(await subscriptionCount(stack.sdk, channel)).toBe(0);
});
