/**
 * (d) The Pusher Channel Trigger in a published workflow: it connects to
 * Soketi as a client (signed in as a user, since this Soketi enforces user
 * authentication), subscribes to a public and an encrypted channel, and each
 * event triggered through the REST API with the official SDK that matches its
 * event names starts one execution holding that event, decrypted.
 *
 * Ordering instead of clock: Soketi reports the channels occupied once the
 * trigger has subscribed; the event the trigger must drop is sent before a
 * matching one on the same channel, so it has been handled by the time the
 * matching one shows up as an execution.
 */
import { connect, eventually, node, nodeOutput, pusherNode, startStack, type Stack } from './harness';

const PUBLIC = 'e2e-inbound';
const ENCRYPTED = 'private-encrypted-e2e-inbound';

const workflow = {
	name: 'Listen on channels',
	nodes: [
		pusherNode('Pusher Channel Trigger', 'pusherChannelTrigger', {
			channels: `${PUBLIC} ${ENCRYPTED}`,
			events: 'specific',
			eventNames: 'order-*',
			options: { signIn: true, presenceUserId: 'n8n-e2e' },
		}),
		node('Received', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Channel Trigger', 'Received']),
};

let stack: Stack;

async function occupied(channel: string): Promise<boolean> {
	const response = await stack.sdk.get({ path: `/channels/${channel}` });
	return ((await response.json()) as { occupied?: boolean }).occupied === true;
}

beforeAll(async () => {
	stack = await startStack({ workflows: [workflow] });
	await eventually('the trigger subscribed to both channels', async () => [await occupied(PUBLIC), await occupied(ENCRYPTED)], (both) => both.every(Boolean));
});

afterAll(async () => {
	await stack?.stop();
});

test('events sent through the REST API start one execution each, filtered by name, decrypted', async () => {
	await stack.sdk.trigger(PUBLIC, 'shipment-created', { ignored: true });
	await stack.sdk.trigger(PUBLIC, 'order-created', { id: 1, note: 'é€😀' });
	await stack.sdk.trigger(ENCRYPTED, 'order-paid', { id: 1, amount: 42 });

	const executions = await eventually(
		'two finished executions',
		() => stack.n8n.executions(stack.n8n.workflowId(workflow.name)),
		(list) => list.length >= 2 && list.every((e) => e.status !== 'running' && e.status !== 'new'),
	);
	expect(executions.map((e) => [e.mode, e.status])).toEqual([
		['trigger', 'success'],
		['trigger', 'success'],
	]);
	const events = executions.flatMap((execution) => nodeOutput(execution, 'Pusher Channel Trigger'));
	const byEvent = Object.fromEntries(events.map((e) => [e.event, e]));
	expect(Object.keys(byEvent).sort()).toEqual(['order-created', 'order-paid']);
	expect(byEvent['order-created']).toMatchObject({ channel: PUBLIC, data: { id: 1, note: 'é€😀' } });
	expect(byEvent['order-paid']).toMatchObject({ channel: ENCRYPTED, data: { id: 1, amount: 42 }, encrypted: true });
});
