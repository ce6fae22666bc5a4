/**
 * Cross-check with the shared test bed's webhook runner (test/helpers/n8n/webhook.ts):
 * the trigger loaded from the package as n8n loads it, requests routed by
 * its webhook description, answered by n8n's rules, and the run that follows.
 * (The other trigger tests use ./triggerEndpoint.ts, which also keeps static
 * data between requests as n8n saves it.)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { NodeTypeRegistry, REPO_ROOT, startWebhookServer, type WebhookServer } from '../helpers/n8nEngine';
import { closeClientSockets, post, signedHeaders, webhookBody } from './http';
import { SOKETI_CREDENTIALS, TRIGGER_TYPE } from './triggerEndpoint';

let server: WebhookServer;

beforeAll(async () => {
	if (!existsSync(path.join(REPO_ROOT, 'dist/nodes/Pusher/PusherWebhookTrigger.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` before this test');
	}
	const nodeTypes = await new NodeTypeRegistry().addPackage(REPO_ROOT);
	server = await startWebhookServer({
		nodeTypes,
		nodes: [{ name: 'Pusher Trigger', type: TRIGGER_TYPE, parameters: { channelFilter: 'prefix', channels: 'presence-' } }],
		credentials: { pusherApi: SOKETI_CREDENTIALS },
	});
});
afterAll(async () => {
	await server?.close();
	closeClientSockets();
});

it('serves the trigger at /webhook/<id>/webhook, starts a run for a signed webhook and refuses a forged one', async () => {
	expect(new URL(server.url).pathname).toMatch(/^\/webhook\/[^/]+\/webhook$/);
	const timeMs = Date.now();
	const body = webhookBody([{ name: 'member_added', channel: 'presence-a', user_id: '7' }, { name: 'channel_occupied', channel: 'private-b' }], timeMs);

	expect(await post(server.url, body, signedHeaders(body))).toEqual({ status: 200, body: { received: 2, emitted: 1 } });
	expect(await post(server.url, body, signedHeaders(body, 'app-key', 'forged'))).toEqual({
		status: 401,
		body: { error: 'The webhook could not be verified' },
	});

	// calls are listed as they finish: the started one waits for its run, so find each by its answer
	const calls = await server.waitForCalls(2);
	const started = calls.find((call) => call.response.status === 200)!;
	const refused = calls.find((call) => call.response.status === 401)!;
	expect(started.emitted?.[0].map((item) => item.json)).toEqual([
		{ name: 'member_added', channel: 'presence-a', user_id: '7', time_ms: timeMs, dedupeKey: expect.stringMatching(/^[\w-]{22}$/) },
	]);
	expect(started.run?.status).toBe('success');
	expect(refused).toMatchObject({ webhookResult: { noWebhookResponse: true }, response: { status: 401 } });
	expect(refused.emitted).toBeUndefined();
	expect(refused.run).toBeUndefined();
});
