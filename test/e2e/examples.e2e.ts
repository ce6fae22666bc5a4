/**
 * The other example workflows, imported and published in a real n8n as users
 * would: the Sauna command runner answers each command's outcome and delivers
 * the valid ones; the order form pushes each submission to the `orders`
 * channel; the presence report publishes each presence channel's user count;
 * Pusher webhooks reach the chat message once per event.
 */
import type { PresenceChannel } from 'pusher-js';

import { collect, connectClient, memberIds, subscribe } from '../helpers/pusherClient';
import { eventually, exampleWorkflow, goLive, nodeOutput, startStack, type Stack } from './harness';

const sauna = exampleWorkflow('sauna-command-runner');
const form = exampleWorkflow('form-to-channel');
const report = exampleWorkflow('schedule-presence-report');
/**
 * The presence report exactly as imported, except that its schedule fires every
 * second instead of every hour, and that it goes live only once the members are there.
 */
const reportEverySecond = {
	...report,
	name: `${report.name} (every second)`,
	publish: false,
	nodes: report.nodes.map((node) =>
		node.type === 'n8n-nodes-base.scheduleTrigger' ? { ...node, parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 1 }] } } } : node,
	),
};
const chat = exampleWorkflow('webhook-to-chat');

let stack: Stack;
beforeAll(async () => {
	stack = await startStack({
		workflows: [sauna, form, report, reportEverySecond, chat],
		// The chat example's Pusher Trigger (webhook id pusher-events) gets Soketi's webhooks.
		webhooks: (n8nBaseUrl) => [{ url: `${n8nBaseUrl}/webhook/pusher-events/webhook`, event_types: ['member_added', 'member_removed', 'client_event'] }],
	});
});
afterAll(async () => {
	await stack?.stop();
});

const command = (data: Record<string, unknown>) => ({ schema: 'iglu:com.pusher.sauna.commands/trigger_event/jsonschema/1-0-0', data });
const envelope = (commandId: string, whenCreated: string, timeToLive: number | null, inner: unknown) => ({
	schema: 'iglu:com.snowplowanalytics.sauna.commands/command/jsonschema/1-0-0',
	data: {
		envelope: {
			schema: 'iglu:com.snowplowanalytics.sauna.commands/envelope/jsonschema/1-0-0',
			data: { commandId, whenCreated, execution: { semantics: 'AT_LEAST_ONCE', timeToLive }, tags: {} },
		},
		command: inner,
	},
});

test('the Sauna runner answers each outcome and delivers the valid, unexpired commands', async () => {
	const url = await stack.n8n.waitForWebhook('sauna/pusher');
	const client = await connectClient(stack.soketi);
	const alerts = collect(await subscribe(client, 'ops'), 'alert');
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			commands: [
				envelope('fresh', new Date().toISOString(), 60_000, command({ channels: ['ops'], event: 'alert', data: { level: 'high' } })),
				envelope('stale', '2020-01-01T00:00:00Z', 1000, command({ channels: ['ops'], event: 'alert', data: { level: 'old' } })),
				command({ channels: [], event: 'alert', data: {} }),
			],
		}),
	});
	expect(response.status).toBe(200);
	const outcomes = (await response.json()) as Array<{ commandId: string | null; status: string }>;
	expect(outcomes.map(({ commandId, status }) => [commandId, status])).toEqual([
		['fresh', 'sent'],
		['stale', 'expired'],
		[null, 'invalid'],
	]);
	expect(await alerts.waitFor(1)).toEqual([{ level: 'high' }]);
	client.disconnect();
});

test('the order form pushes each submission to the orders channel', async () => {
	const url = `${stack.n8n.baseUrl}/form/order-form`;
	const client = await connectClient(stack.soketi);
	const orders = collect(await subscribe(client, 'orders'), 'order-created');
	// The form's fields are field-0, field-1… in the order the workflow lists them.
	const submit = () => {
		const body = new FormData();
		body.set('field-0', 'Ada Lovelace');
		body.set('field-1', '42');
		return fetch(url, { method: 'POST', body });
	};
	// A refused submission (the form not registered yet) starts nothing, so trying again cannot send twice.
	const response = await eventually('the form to accept a submission', submit, (answer) => answer.status < 400, 30_000);
	expect(response.status).toBeLessThan(400);
	const [order] = (await orders.waitFor(1, 30_000)) as Array<Record<string, unknown>>;
	expect(order).toMatchObject({ customer: 'Ada Lovelace', amount: 42 });
	client.disconnect();
});

/** A client on Soketi whose presence subscriptions are signed by the SDK, as the given member. */
const member = async (userId: string) =>
	await connectClient(stack.soketi, { authorize: (socketId, channel) => stack.sdk.authorizeChannel(socketId, channel, { user_id: userId, user_info: { name: userId } }) });

test('the presence report publishes the user count of each presence channel to admin', async () => {
	const [ada, bob] = [await member('ada'), await member('bob')];
	const room = await subscribe<PresenceChannel>(ada, 'presence-report-room');
	await subscribe(bob, 'presence-report-room');
	await subscribe(ada, 'presence-report-other');
	await eventually('two members in the room', async () => memberIds(room), (ids) => ids.length === 2);
	const watcher = await connectClient(stack.soketi);
	const reports = collect(await subscribe(watcher, 'admin'), 'presence-report');
	await goLive(stack.n8n, stack.n8n.workflowId(reportEverySecond.name));
	// Each run publishes one report per presence channel, in one batch.
	const [first, second] = (await reports.waitFor(2)) as Array<{ channel: string; users: number }>;
	expect([first, second].sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
		{ channel: 'presence-report-other', users: 1 },
		{ channel: 'presence-report-room', users: 2 },
	]);
	for (const client of [ada, bob, watcher]) client.disconnect();
});

test('Pusher webhooks to a chat channel: each presence join and client event becomes one message', async () => {
	const carol = await member('carol');
	const lobby = await subscribe<PresenceChannel>(carol, 'presence-chat-lobby');
	lobby.trigger('client-wave', { hi: true });
	const messages = await eventually(
		'the messages for the join and the client event',
		async () => (await stack.n8n.executions(stack.n8n.workflowId(chat.name))).flatMap((e) => nodeOutput(e, 'Write message').map((item) => item.text)),
		(texts) => texts.includes('carol joined presence-chat-lobby') && texts.some((text) => String(text).includes('sent client-wave on presence-chat-lobby')),
	);
	expect(messages.filter((text) => text === 'carol joined presence-chat-lobby')).toHaveLength(1);
	carol.disconnect();
});
