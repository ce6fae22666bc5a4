/**
 * (b) The Pusher Trigger in a published workflow: Soketi sends its webhooks to
 * the workflow's production URL (through a recording proxy), real pusher-js
 * clients join a presence channel, open a public one and send client events,
 * and the executions n8n records hold exactly the events the trigger is set up
 * to pass: channel_occupied, member_added and client_event on presence-e2e-*
 * channels, except client-typing. A forged webhook gets 401 and starts nothing.
 *
 * No waiting on the clock: the proxy shows when Soketi's webhook requests
 * have been answered, and the trigger decides in its answer whether it starts
 * the workflow (`emitted: 0` when everything was filtered out).
 */
import type { PresenceChannel } from 'pusher-js';

import { countingProxy, type CountingProxy, type RecordedRequest } from '../helpers/countingProxy';
import { connectClient, memberIds, subscribe, type PusherClient } from '../helpers/pusherClient';
import { connect, eventually, node, nodeOutput, pusherNode, startStack, type Execution, type Stack } from './harness';

const WEBHOOK_ID = '5f0c2a9e-3d7b-4c1e-9a6f-e2e0b1c0ffee';
const WEBHOOK_PATH = `${WEBHOOK_ID}/webhook`;
const ROOM = 'presence-e2e-room';
const OTHER = 'e2e-other';

const workflow = {
	name: 'Pusher webhooks',
	nodes: [
		pusherNode(
			'Pusher Trigger',
			'pusherTrigger',
			{
				events: ['channel_occupied', 'member_added', 'client_event'],
				channelFilter: 'prefix',
				channels: 'presence-e2e-',
				dropClientEvents: 'client-typing',
				output: 'event',
			},
			{ webhookId: WEBHOOK_ID },
		),
		node('Received', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Trigger', 'Received']),
};

type WebhookEvent = { name: string; channel: string; user_id?: string; event?: string; data?: unknown };

let stack: Stack;
let proxy: CountingProxy;
let alice: PusherClient;
let bob: PusherClient;

/** The events of the webhook requests Soketi sent that n8n has answered. */
function answeredWebhookEvents(requests: RecordedRequest[]): WebhookEvent[] {
	return requests
		.filter((r) => r.path === `/webhook/${WEBHOOK_PATH}` && r.response)
		.flatMap((r) => (JSON.parse(r.body) as { events: WebhookEvent[] }).events);
}

/** `name channel [client event name | member's user_id]` */
const summary = (e: WebhookEvent) => [e.name, e.channel, e.name === 'client_event' ? e.event : e.user_id].filter(Boolean).join(' ');

/** Every event the trigger emitted, over all executions of the workflow. */
async function emittedEvents(): Promise<{ executions: Execution[]; events: WebhookEvent[] }> {
	const executions = await stack.n8n.executions(stack.n8n.workflowId(workflow.name));
	const events = executions.flatMap((execution) => nodeOutput(execution, 'Pusher Trigger')) as WebhookEvent[];
	return { executions, events };
}

const presenceAuth = (userId: string) => (socketId: string, channel: string) =>
	stack.sdk.authorizeChannel(socketId, channel, { user_id: userId, user_info: { name: userId } });

beforeAll(async () => {
	stack = await startStack({
		workflows: [workflow],
		webhooks: async (n8nBaseUrl) => {
			proxy = await countingProxy(n8nBaseUrl);
			return [
				{
					url: `${proxy.baseUrl}/webhook/${WEBHOOK_PATH}`,
					event_types: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event'],
				},
			];
		},
	});
	await stack.n8n.waitForWebhook(WEBHOOK_PATH);

	alice = await connectClient(stack.soketi, { authorize: presenceAuth('alice') });
	bob = await connectClient(stack.soketi, { authorize: presenceAuth('bob') });
	const aliceRoom = await subscribe<PresenceChannel>(alice, ROOM);
	await subscribe(bob, ROOM);
	await eventually('both members in the room', async () => memberIds(aliceRoom), (ids) => ids.length === 2);
	await subscribe(alice, OTHER);
	aliceRoom.trigger('client-typing', { typing: true });
	aliceRoom.trigger('client-hello', { text: 'hi' });
	bob.unsubscribe(ROOM);

	// Everything above has reached n8n once the webhooks for all of it are answered.
	const expectedWebhooks = [
		`channel_occupied ${ROOM}`,
		`member_added ${ROOM} alice`,
		`member_added ${ROOM} bob`,
		`channel_occupied ${OTHER}`,
		`client_event ${ROOM} client-typing`,
		`client_event ${ROOM} client-hello`,
		`member_removed ${ROOM} bob`,
	];
	await eventually(
		'Soketi webhooks for all activity, answered by n8n',
		async () => answeredWebhookEvents(proxy.requests).map(summary),
		(seen) => expectedWebhooks.every((expected) => seen.includes(expected)),
	);
});

afterAll(async () => {
	alice?.disconnect();
	bob?.disconnect();
	await stack?.stop();
	await proxy?.close();
});

test('the executions hold the subscribed, joined and client events, as the trigger filters them', async () => {
	const { executions, events } = await eventually(
		'executions with the four events the trigger passes',
		emittedEvents,
		({ executions, events }) => events.length >= 4 && executions.every((e) => e.status !== 'running' && e.status !== 'new'),
	);
	expect(executions.every((e) => e.status === 'success' && e.mode === 'webhook')).toBe(true);
	expect(events.map(summary).sort()).toEqual([
		`channel_occupied ${ROOM}`,
		`client_event ${ROOM} client-hello`,
		`member_added ${ROOM} alice`,
		`member_added ${ROOM} bob`,
	]);
	const hello = events.find((e) => e.event === 'client-hello');
	expect(hello).toMatchObject({ channel: ROOM, user_id: 'alice', data: { text: 'hi' } });
	expect(events.every((e) => typeof (e as { time_ms?: unknown }).time_ms === 'number')).toBe(true);
});

test('webhooks whose events were all filtered out are acknowledged without starting the workflow', () => {
	const filteredOnly = proxy.requests.filter((r) => {
		const events = (JSON.parse(r.body) as { events: WebhookEvent[] }).events;
		return events.every((e) => e.channel === OTHER || e.event === 'client-typing' || e.name === 'member_removed');
	});
	expect(filteredOnly.length).toBeGreaterThanOrEqual(3);
	for (const request of filteredOnly) {
		expect(request.response?.status).toBe(200);
		expect(JSON.parse(request.response!.body)).toMatchObject({ emitted: 0 });
	}
});

test('every webhook Soketi sent was answered 200 with {received, emitted}, whether it started the workflow or not', () => {
	const answered = proxy.requests.filter((r) => r.path === `/webhook/${WEBHOOK_PATH}` && r.response);
	expect(answered.length).toBeGreaterThanOrEqual(7);
	for (const request of answered) {
		const events = (JSON.parse(request.body) as { events: WebhookEvent[] }).events;
		expect(request.response?.status).toBe(200);
		expect(JSON.parse(request.response!.body)).toEqual({ received: events.length, emitted: expect.any(Number) });
	}
	expect(answered.some((r) => (JSON.parse(r.response!.body) as { emitted: number }).emitted > 0)).toBe(true);
});

test('a forged webhook gets 401 and no execution', async () => {
	const before = (await emittedEvents()).executions.length;
	const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_occupied', channel: 'presence-e2e-forged' }] });
	const response = await fetch(stack.n8n.webhookUrl(WEBHOOK_PATH), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-pusher-key': stack.soketi.key, 'x-pusher-signature': 'f'.repeat(64) },
		body,
	});
	expect(response.status).toBe(401);
	// The trigger refused it in its answer: nothing can have been started after that.
	const after = await emittedEvents();
	expect(after.executions).toHaveLength(before);
	expect(after.events.some((e) => e.channel === 'presence-e2e-forged')).toBe(false);
});
