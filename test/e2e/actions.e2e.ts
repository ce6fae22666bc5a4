/**
 * (a) The Pusher node in a real n8n: a manual-trigger workflow, run with
 * `n8n execute`, triggers events on Soketi, and a pusher-js client (Node
 * build) subscribed to every channel receives exactly those events: one event,
 * one event to two channels, a batch of 25 items, and one on an end-to-end
 * encrypted channel (decrypted by pusher-js with the shared secret).
 *
 * "Exactly": after the workflow has run, a sentinel event is sent to each
 * channel with the official SDK; pusher-js delivers a channel's events in
 * order, so once the sentinel is in, everything sent before it is too.
 */
import { collect, connectClient, subscribe, type Collector } from '../helpers/pusherClient';
import { connect, eventually, node, nodeOutput, pusherNode, startStack, type Stack } from './harness';

const SENTINEL = 'e2e-end';
const CHANNELS = ['e2e-single', 'e2e-multi-a', 'e2e-multi-b', 'e2e-batch', 'private-encrypted-e2e'];

const workflow = {
	name: 'Send events',
	nodes: [
		node('Start', 'n8n-nodes-base.manualTrigger'),
		pusherNode('Single', 'pusher', {
			resource: 'event',
			operation: 'trigger',
			channels: ['e2e-single'],
			eventName: 'greeting',
			dataMode: 'json',
			dataJson: '{ "message": "Hello from n8n", "unicode": "é€中😀" }',
		}),
		pusherNode('Multi', 'pusher', {
			resource: 'event',
			operation: 'trigger',
			channels: ['e2e-multi-a', 'e2e-multi-b'],
			eventName: 'broadcast',
			dataMode: 'json',
			dataJson: '{ "to": "both" }',
		}),
		node('25 items', 'n8n-nodes-base.code', { jsCode: 'return Array.from({ length: 25 }, (_, i) => ({ json: { i } }));' }, { typeVersion: 2 }),
		pusherNode('Batch', 'pusher', {
			resource: 'event',
			operation: 'triggerBatch',
			channel: 'e2e-batch',
			eventName: 'item',
			dataMode: 'json',
			dataJson: '={{ { "i": $json.i } }}',
		}),
		pusherNode('Encrypted', 'pusher', {
			resource: 'event',
			operation: 'trigger',
			channels: ['private-encrypted-e2e'],
			eventName: 'secret',
			dataMode: 'json',
			dataJson: '{ "pin": "1234" }',
		}),
	],
	connections: connect(['Start', 'Single'], ['Start', 'Multi'], ['Start', '25 items'], ['25 items', 'Batch'], ['Start', 'Encrypted']),
};

let stack: Stack;
const received: Record<string, Collector> = {};
let run: Awaited<ReturnType<Stack['n8n']['execute']>>;

/** What a channel got before the sentinel: [event name, data]. */
function eventsOn(channel: string): Array<[string, unknown]> {
	const events = received[channel].received;
	const end = events.findIndex((e) => e.event === SENTINEL);
	return events.slice(0, end).map((e) => [e.event, e.data]);
}

beforeAll(async () => {
	stack = await startStack({ workflows: [workflow] });
	const client = await connectClient(stack.soketi, {
		authorize: (socketId, channel) => stack.sdk.authorizeChannel(socketId, channel),
	});
	for (const channel of CHANNELS) received[channel] = collect(await subscribe(client, channel));

	run = await stack.n8n.execute(stack.n8n.workflowId(workflow.name));

	for (const channel of CHANNELS) await stack.sdk.trigger(channel, SENTINEL, {});
	await eventually(
		'the sentinel on every channel',
		async () => CHANNELS.filter((channel) => !received[channel].received.some((e) => e.event === SENTINEL)),
		(missing) => missing.length === 0,
	);
});

afterAll(async () => {
	await stack?.stop();
});

test('the workflow ran successfully and n8n recorded the execution', async () => {
	expect(run.data.resultData).not.toHaveProperty('error');
	const executions = await stack.n8n.executions(stack.n8n.workflowId(workflow.name));
	expect(executions.map((e) => [e.mode, e.status])).toEqual([['cli', 'success']]);
});

test('one event to one channel', () => {
	expect(eventsOn('e2e-single')).toEqual([['greeting', { message: 'Hello from n8n', unicode: 'é€中😀' }]]);
	expect(nodeOutput(run, 'Single')).toEqual([expect.objectContaining({ event: 'greeting', channels: ['e2e-single'], sent: true })]);
});

test('one event to two channels', () => {
	expect(eventsOn('e2e-multi-a')).toEqual([['broadcast', { to: 'both' }]]);
	expect(eventsOn('e2e-multi-b')).toEqual([['broadcast', { to: 'both' }]]);
});

test('a batch of 25 items arrives as 25 events, in item order', () => {
	expect(eventsOn('e2e-batch')).toEqual(Array.from({ length: 25 }, (_, i) => ['item', { i }]));
	expect(nodeOutput(run, 'Batch')).toHaveLength(25);
});

test('an event on an encrypted channel is decrypted by pusher-js', () => {
	expect(eventsOn('private-encrypted-e2e')).toEqual([['secret', { pin: '1234' }]]);
});
