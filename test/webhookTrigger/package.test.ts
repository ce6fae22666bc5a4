/**
 * The Pusher Trigger as n8n loads it from the built package (dist/, via the
 * package.json `n8n` section and n8n-core's PackageDirectoryLoader): its
 * description passes n8n's checks, its codex is found, and the compiled code
 * answers webhooks like the sources do. Needs `npm run build` first (npm test does it).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { NodeTypeRegistry } from '../helpers/n8n/nodeTypes';
import { closeClientSockets, post, postSigned, signedHeaders, webhookBody } from './http';
import { TRIGGER_TYPE, TriggerEndpoint } from './triggerEndpoint';

const root = path.resolve(__dirname, '../..');
let nodeTypes: NodeTypeRegistry;

beforeAll(async () => {
	if (!existsSync(path.join(root, 'dist/nodes/Pusher/PusherWebhookTrigger.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` before this test');
	}
	nodeTypes = await new NodeTypeRegistry().addPackage(root);
});
afterAll(closeClientSockets);

it('is registered as n8n-nodes-pusher-channels.pusherWebhookTrigger with its codex and one POST webhook', () => {
	const { description } = nodeTypes.getByNameAndVersion(TRIGGER_TYPE);
	expect(description).toMatchObject({
		name: 'pusherWebhookTrigger',
		displayName: 'Pusher Trigger',
		group: ['trigger'],
		inputs: [],
		credentials: [{ name: 'pusherApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }],
		codex: {
			categories: expect.arrayContaining(['Communication']),
			resources: {
				primaryDocumentation: [{ url: 'https://github.com/n8n-nodes-pusher-channels/n8n-nodes-pusher-channels/blob/main/docs/nodes/pusher-trigger.md' }],
			},
		},
	});
	const parameters = description.properties.map((property) => [property.name, property.default]);
	expect(parameters).toEqual([
		['setupNotice', ''],
		['events', ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss', 'subscription_count']],
		['channelFilter', 'any'],
		['channels', ''],
		['dropClientEvents', ''],
		['output', 'event'],
		['maxAgeSeconds', 600],
		['options', {}],
	]);
});

it('the compiled node verifies, emits and refuses like the sources', async () => {
	const endpoint = new TriggerEndpoint({ nodeTypes, execute: true });
	const url = await endpoint.listen();
	try {
		const timeMs = Date.now();
		expect((await postSigned(url, [{ name: 'member_added', channel: 'presence-a', user_id: '1' }], timeMs)).status).toBe(200);
		const body = webhookBody([{ name: 'channel_occupied', channel: 'a' }]);
		expect((await post(url, body, signedHeaders(body, 'app-key', 'wrong'))).status).toBe(401);
		expect(endpoint.executions().map((d) => d.workflowData![0].map((item) => item.json))).toEqual([
			[{ name: 'member_added', channel: 'presence-a', user_id: '1', time_ms: timeMs, dedupeKey: expect.stringMatching(/^[\w-]{22}$/) }],
		]);
		expect(endpoint.executions()[0].run?.status).toBe('success');
	} finally {
		await endpoint.close();
	}
});
