/**
 * The workflows the real-n8n benchmarks import, as the editor would export them.
 *
 * Throughput: one workflow per side, `Webhook → Items → <side>`. The Webhook
 * node answers when the last node has finished; "Items" is a Code node that
 * makes `n` items `{ data: eventData(offset + i) }` (the same events as every
 * other benchmark); the side sends them to channel `bench`:
 *   node-trigger   the Pusher node, Event → Trigger, Data `{{ $json.data }}`
 *   node-batch     the Pusher node, Event → Trigger Batch (10 per request)
 *   code-trigger   a Code node with the official SDK, `trigger` once per item, one at a time
 *   code-batch     a Code node with the official SDK, `triggerBatch` in tens, one at a time
 *   node-batch-fixed  diagnostic: Trigger Batch with a fixed Data text, no expression per item
 *   node-batch-input  Trigger Batch with Send Data As → Input Item, field `data`: no expression per item
 *   node-batch-input-10  the same with Parallel Requests 10
 *   code-batch-10  the Code node's `triggerBatch` in tens, 10 calls in flight (100 items at a time)
 * The Code nodes are what a user without this package would write.
 *
 * Webhooks: the Pusher Trigger, and n8n's own Webhook node with header auth,
 * each followed by a No Op, each answering as soon as it has the request.
 *
 * Channel Trigger: the Pusher Channel Trigger on channel `bench-inbound`.
 */
import { eventData } from '../lib/eventData.mjs';
import { HEADER_CREDENTIAL, PUSHER_CREDENTIAL } from './stack.mjs';

export const PACKAGE = 'n8n-nodes-pusher-channels';
export const CHANNEL = 'bench';
export const EVENT = 'bench-event';
export const SIDES = ['node-trigger', 'node-batch', 'code-trigger', 'code-batch', 'node-batch-fixed', 'node-batch-input', 'node-batch-input-10', 'code-batch-10'];
export const PUSHER_TRIGGER_WEBHOOK_ID = '8b1c9e0a-5d2f-4f7a-9c3e-be2c00000001';
export const WEBHOOK_NODE_PATH = 'bench-header-auth';
export const INBOUND_CHANNEL = 'bench-inbound';

const position = (i) => [i * 220, 0];
const pusherCredential = { pusherApi: { id: 'bench', name: PUSHER_CREDENTIAL } };

function chain(name, nodes) {
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { name, nodes: nodes.map((node, i) => ({ id: `${name}-${i}`.replace(/[^A-Za-z0-9-]/g, '-'), position: position(i), ...node })), connections, settings: { executionOrder: 'v1' } };
}

const code = (name, jsCode) => ({ name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode } });

/** Webhook path of a side's workflow. */
export const throughputPath = (side) => `bench-${side}`;

function sdkClient({ counterPort, app }) {
	const options = { appId: app.appId, key: app.key, secret: app.secret, host: '127.0.0.1', port: String(counterPort), useTLS: false };
	return `const Pusher = require('pusher');\nconst pusher = new Pusher(${JSON.stringify(options)});\nconst items = $input.all();\n`;
}

const triggerBatchNode = (data) => ({
	name: 'Send',
	type: `${PACKAGE}.pusher`,
	typeVersion: 1,
	credentials: pusherCredential,
	parameters: { resource: 'event', operation: 'triggerBatch', channel: CHANNEL, eventName: EVENT, ...data },
});
const text = (dataText) => ({ dataMode: 'text', dataText });

const SIDE_NODES = {
	'node-trigger': () => ({
		name: 'Send',
		type: `${PACKAGE}.pusher`,
		typeVersion: 1,
		credentials: pusherCredential,
		parameters: { resource: 'event', operation: 'trigger', channels: CHANNEL, eventName: EVENT, dataMode: 'text', dataText: '={{ $json.data }}' },
	}),
	'node-batch': () => triggerBatchNode(text('={{ $json.data }}')),
	'node-batch-fixed': () => triggerBatchNode(text(eventData(0))),
	'node-batch-input': () => triggerBatchNode({ dataMode: 'input', dataField: 'data' }),
	'node-batch-input-10': () => triggerBatchNode({ dataMode: 'input', dataField: 'data', options: { parallelRequests: 10 } }),
	'code-trigger': (ctx) =>
		code(
			'Send',
			`${sdkClient(ctx)}for (const item of items) {\n  await pusher.trigger(${JSON.stringify(CHANNEL)}, ${JSON.stringify(EVENT)}, item.json.data);\n}\nreturn items.map(() => ({ json: { sent: true } }));\n`,
		),
	'code-batch': (ctx) =>
		code(
			'Send',
			`${sdkClient(ctx)}for (let start = 0; start < items.length; start += 10) {\n  await pusher.triggerBatch(items.slice(start, start + 10).map((item) => ({ channel: ${JSON.stringify(CHANNEL)}, name: ${JSON.stringify(EVENT)}, data: item.json.data })));\n}\nreturn items.map(() => ({ json: { sent: true } }));\n`,
		),
	'code-batch-10': (ctx) =>
		code(
			'Send',
			`${sdkClient(ctx)}const batch = (start) => pusher.triggerBatch(items.slice(start, start + 10).map((item) => ({ channel: ${JSON.stringify(CHANNEL)}, name: ${JSON.stringify(EVENT)}, data: item.json.data })));\nfor (let start = 0; start < items.length; start += 100) {\n  const calls = [];\n  for (let at = start; at < Math.min(start + 100, items.length); at += 10) calls.push(batch(at));\n  await Promise.all(calls);\n}\nreturn items.map(() => ({ json: { sent: true } }));\n`,
		),
};

const ITEMS = `${eventData.toString()}\nconst { n, offset } = $input.first().json.body;\nreturn Array.from({ length: n }, (_, i) => ({ json: { data: eventData(offset + i) } }));\n`;

export function throughputWorkflow(side, ctx) {
	return chain(`bench ${side}`, [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: `bench-${side}`,
			parameters: { httpMethod: 'POST', path: throughputPath(side), responseMode: 'lastNode', responseData: 'noData', options: {} },
		},
		code('Items', ITEMS),
		SIDE_NODES[side](ctx),
	]);
}

export function webhookWorkflows() {
	return [
		chain('bench pusher trigger', [
			{
				name: 'Pusher Trigger',
				type: `${PACKAGE}.pusherWebhookTrigger`,
				typeVersion: 1,
				webhookId: PUSHER_TRIGGER_WEBHOOK_ID,
				credentials: pusherCredential,
				parameters: { events: ['channel_occupied'], channelFilter: 'any', output: 'event' },
			},
			{ name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		]),
		chain('bench webhook node', [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: 'bench-header-auth',
				credentials: { httpHeaderAuth: { id: 'bench', name: HEADER_CREDENTIAL } },
				parameters: { httpMethod: 'POST', path: WEBHOOK_NODE_PATH, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
			},
			{ name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		]),
	];
}

export function channelTriggerWorkflow() {
	return chain('bench channel trigger', [
		{
			name: 'Pusher Channel Trigger',
			type: `${PACKAGE}.pusherChannelTrigger`,
			typeVersion: 1,
			credentials: pusherCredential,
			parameters: { channels: INBOUND_CHANNEL, events: 'all' },
		},
		{ name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]);
}
