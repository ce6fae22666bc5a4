/**
 * The Pusher Trigger as n8n runs it: real HTTP requests to a loopback
 * endpoint, the node's webhook() in n8n-core's WebhookContext, and (where
 * noted) the started execution run by n8n-core's WorkflowExecute.
 */
import { randomBytes } from 'node:crypto';

import { encryptPayload } from '../../nodes/Pusher/protocol';
import { closeClientSockets, post, postSigned, sign, signedHeaders, webhookBody } from './http';
import { n8nLogger, SOKETI_CREDENTIALS, TRIGGER_NAME, TriggerEndpoint, type TriggerEndpointOptions } from './triggerEndpoint';

const endpoints: TriggerEndpoint[] = [];
async function endpointWith(options: TriggerEndpointOptions = {}): Promise<{ endpoint: TriggerEndpoint; url: string }> {
	const endpoint = new TriggerEndpoint(options);
	endpoints.push(endpoint);
	return { endpoint, url: await endpoint.listen() };
}
afterEach(async () => {
	await Promise.all(endpoints.splice(0).map(async (endpoint) => await endpoint.close()));
	jest.restoreAllMocks();
});
afterAll(closeClientSockets);

const items = (endpoint: TriggerEndpoint, index = 0) => endpoint.deliveries[index].workflowData?.[0].map((item) => item.json);

describe('a verified webhook', () => {
	it('starts one execution with one item per event, each with its fields and the webhook time_ms', async () => {
		const { endpoint, url } = await endpointWith({ execute: true });
		const events = [
			{ name: 'channel_occupied', channel: 'presence-lobby' },
			{ name: 'member_added', channel: 'presence-lobby', user_id: '42' },
			{ name: 'client_event', channel: 'private-chat', event: 'client-msg', data: '{"text":"hi"}', socket_id: '123.456', user_id: '42' },
			{ name: 'subscription_count', channel: 'news', subscription_count: 5 },
		];
		expect(await postSigned(url, events, 1_700_000_000_123)).toEqual({ status: 200, body: { message: 'Workflow was started' } });

		const expected = [
			{ name: 'channel_occupied', channel: 'presence-lobby', time_ms: 1_700_000_000_123 },
			{ name: 'member_added', channel: 'presence-lobby', user_id: '42', time_ms: 1_700_000_000_123 },
			{ ...events[2], data: { text: 'hi' }, rawData: '{"text":"hi"}', time_ms: 1_700_000_000_123 },
			{ name: 'subscription_count', channel: 'news', subscription_count: 5, time_ms: 1_700_000_000_123 },
		];
		expect(items(endpoint)).toEqual(expected);
		// n8n's engine ran the execution: the trigger's output is what the workflow got
		const run = endpoint.deliveries[0].run!;
		expect(run.status).toBe('success');
		expect(run.data.resultData.runData[TRIGGER_NAME][0].data!.main[0]!.map((item) => item.json)).toEqual(expected);
	});

	it('with Output: Each Webhook, emits one item holding all events', async () => {
		const { endpoint, url } = await endpointWith({ parameters: { output: 'webhook' } });
		await postSigned(url, [{ name: 'channel_occupied', channel: 'a' }, { name: 'channel_vacated', channel: 'b' }], 5);
		expect(items(endpoint)).toEqual([{ time_ms: 5, events: [{ name: 'channel_occupied', channel: 'a' }, { name: 'channel_vacated', channel: 'b' }] }]);
	});

	it('answers 200 and starts nothing when every event is filtered out', async () => {
		const { endpoint, url } = await endpointWith({
			parameters: { events: ['member_added', 'client_event'], dropClientEvents: 'client-typing', channelFilter: 'prefix', channels: 'presence-' },
		});
		const answer = await postSigned(url, [
			{ name: 'channel_occupied', channel: 'presence-a' },
			{ name: 'member_added', channel: 'private-a', user_id: '1' },
			{ name: 'client_event', channel: 'presence-a', event: 'client-typing', data: '{}', socket_id: '1.1' },
		]);
		expect(answer).toEqual({ status: 200, body: { received: 3, emitted: 0 } });
		expect(endpoint.executions()).toEqual([]);

		await postSigned(url, [{ name: 'client_event', channel: 'presence-a', event: 'client-msg', data: '{}', socket_id: '1.1' }]);
		expect(endpoint.executions()).toHaveLength(1);
	});

	it('trusts the additional key pairs given in Options', async () => {
		const { endpoint, url } = await endpointWith({
			parameters: { options: { extraKeys: { pairs: [{ key: 'next-key', secret: 'next-secret' }] } } },
		});
		const body = webhookBody([{ name: 'channel_occupied', channel: 'a' }]);
		expect((await post(url, body, signedHeaders(body, 'next-key', 'next-secret'))).status).toBe(200);
		expect((await post(url, body, signedHeaders(body))).status).toBe(200);
		expect((await post(url, body, signedHeaders(body, 'next-key', 'app-secret'))).status).toBe(401);
		expect(endpoint.executions()).toHaveLength(2);
	});

	it('works with a PUSHER_URL credential', async () => {
		const { endpoint, url } = await endpointWith({
			credentials: { connection: 'url', pusherUrlSecret: 'https://url-key:url-secret@api-eu.pusher.com/apps/1' },
		});
		const body = webhookBody([{ name: 'channel_occupied', channel: 'a' }]);
		expect((await post(url, body, signedHeaders(body, 'url-key', 'url-secret'))).status).toBe(200);
		expect((await post(url, body, signedHeaders(body))).status).toBe(401);
		expect(endpoint.executions()).toHaveLength(1);
	});

	it('decrypts client events on encrypted channels with the credential master key', async () => {
		const encryptionMasterKey = randomBytes(32).toString('base64');
		const { endpoint, url } = await endpointWith({ credentials: { ...SOKETI_CREDENTIALS, encryptionMasterKeySecret: encryptionMasterKey } });
		const channel = 'private-encrypted-vault';
		const payload = encryptPayload({ channel, data: { pin: 1234 }, encryptionMasterKey });
		const wrongKey = encryptPayload({ channel, data: { pin: 1 }, encryptionMasterKey: randomBytes(32).toString('base64') });
		await postSigned(url, [
			{ name: 'client_event', channel, event: 'client-pin', data: payload, socket_id: '1.1' },
			{ name: 'client_event', channel, event: 'client-pin', data: JSON.parse(wrongKey), socket_id: '1.1' },
		]);
		const [good, bad] = items(endpoint)!;
		expect(good).toMatchObject({ data: { pin: 1234 }, rawData: payload, decrypted: true });
		expect(bad).toMatchObject({ data: JSON.parse(wrongKey), rawData: JSON.parse(wrongKey), decryptionError: expect.stringMatching(/authentication failed/) });
	});
});

describe('a request that fails verification', () => {
	it('gets 401, starts nothing, and the reason is logged without the secret', async () => {
		const warn = jest.spyOn(n8nLogger(), 'warn').mockImplementation(() => {});
		const { endpoint, url } = await endpointWith();
		const body = webhookBody([{ name: 'channel_occupied', channel: 'a' }]);
		const answer = await post(url, body, { 'content-type': 'application/json', 'x-pusher-key': 'app-key', 'x-pusher-signature': sign('guess', body) });
		expect(answer).toEqual({ status: 401, body: { error: 'The webhook could not be verified' } });
		expect(endpoint.deliveries[0]).toMatchObject({ status: 401, result: { noWebhookResponse: true } });
		expect(endpoint.executions()).toEqual([]);
		expect(warn).toHaveBeenCalledTimes(1);
		const [message, meta] = warn.mock.calls[0];
		expect(message).toBe('Pusher Trigger answered 401 and started nothing: X-Pusher-Signature does not match the body');
		expect(meta).toEqual({ node: TRIGGER_NAME, workflowId: 'testbed-workflow' });
		expect(JSON.stringify(warn.mock.calls)).not.toContain('app-secret');
	});

	it('gets 400 when it is signed but is not a webhook, and is told why', async () => {
		const warn = jest.spyOn(n8nLogger(), 'warn').mockImplementation(() => {});
		const { endpoint, url } = await endpointWith();
		const body = JSON.stringify({ hello: 'world' });
		const answer = await post(url, body, signedHeaders(body));
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ error: expect.stringMatching(/not \{"time_ms"/) });
		expect(endpoint.executions()).toEqual([]);
		expect(warn.mock.calls[0][0]).toMatch(/^Pusher Trigger answered 400/);
	});

	it('gets 401 when repeated headers arrive (Node joins them into one value)', async () => {
		const { endpoint, url } = await endpointWith();
		const body = webhookBody([{ name: 'channel_occupied', channel: 'a' }]);
		const signature = sign('app-secret', body);
		expect((await post(url, body, { 'x-pusher-key': 'app-key', 'x-pusher-signature': [signature, signature] })).status).toBe(401);
		expect((await post(url, body, { 'x-pusher-key': ['app-key', 'app-key'], 'x-pusher-signature': signature })).status).toBe(401);
		expect(endpoint.executions()).toEqual([]);
	});

	it('gets 401 when older than the configured maximum age', async () => {
		const { endpoint, url } = await endpointWith({ parameters: { options: { maxAgeSeconds: 60 } } });
		expect((await postSigned(url, [{ name: 'channel_occupied', channel: 'a' }], Date.now() - 3_600_000)).status).toBe(401);
		expect((await postSigned(url, [{ name: 'channel_occupied', channel: 'a' }], Date.now())).status).toBe(200);
		expect(endpoint.executions()).toHaveLength(1);
	});
});

describe('Drop Duplicates', () => {
	it('drops a retried webhook, keeping only fingerprints in static data', async () => {
		const { endpoint, url } = await endpointWith({ parameters: { options: { dedupeWindowSeconds: 300 } } });
		const events = [{ name: 'client_event', channel: 'private-a', event: 'client-msg', data: '{"secret":"s3cr3t"}', socket_id: '1.1' }];
		const timeMs = Date.now();
		expect(await postSigned(url, events, timeMs)).toEqual({ status: 200, body: { message: 'Workflow was started' } });
		expect(await postSigned(url, events, timeMs)).toEqual({ status: 200, body: { received: 1, emitted: 0 } });
		expect(endpoint.executions()).toHaveLength(1);

		const stored = endpoint.staticData[`node:${TRIGGER_NAME}`] as { seenEvents: Record<string, number> };
		expect(Object.keys(stored.seenEvents)).toHaveLength(1);
		expect(JSON.stringify(endpoint.staticData)).not.toContain('s3cr3t');

		// the same event in a later webhook happened again
		await postSigned(url, events, timeMs + 1);
		expect(endpoint.executions()).toHaveLength(2);
	});

	it('keeps static data bounded', async () => {
		const { endpoint, url } = await endpointWith({ parameters: { options: { dedupeWindowSeconds: 300, dedupeMaxEntries: 3 } } });
		for (let i = 0; i < 10; i++) await postSigned(url, [{ name: 'member_added', channel: 'presence-a', user_id: String(i) }], 1000 + i);
		expect(endpoint.executions()).toHaveLength(10);
		const stored = endpoint.staticData[`node:${TRIGGER_NAME}`] as { seenEvents: Record<string, number> };
		expect(Object.keys(stored.seenEvents)).toHaveLength(3);
	});

	it('is off by default: static data stays untouched', async () => {
		const { endpoint, url } = await endpointWith();
		const events = [{ name: 'channel_occupied', channel: 'a' }];
		await postSigned(url, events, 1);
		await postSigned(url, events, 1);
		expect(endpoint.executions()).toHaveLength(2);
		expect(endpoint.staticData).toEqual({});
	});
});

describe('webhook lifecycle (no remote registration: Pusher has no webhook API)', () => {
	it('keeps only the node state: the URL it was activated for, and forgets everything on delete', async () => {
		const endpoint = new TriggerEndpoint({ staticData: { [`node:${TRIGGER_NAME}`]: { seenEvents: { abc: 1 } } } });
		expect(await endpoint.lifecycle('checkExists', 'https://n8n.example.com')).toBe(false);
		expect(await endpoint.lifecycle('create', 'https://n8n.example.com')).toBe(true);
		expect(endpoint.staticData[`node:${TRIGGER_NAME}`]).toEqual({
			seenEvents: { abc: 1 },
			webhookUrl: 'https://n8n.example.com/webhook/c0ffee00-pusher-trigger/webhook',
		});
		expect(await endpoint.lifecycle('checkExists', 'https://n8n.example.com')).toBe(true);
		// a new public URL (e.g. WEBHOOK_URL changed) counts as not set up, so n8n calls create again
		expect(await endpoint.lifecycle('checkExists', 'https://other.example.com')).toBe(false);
		expect(await endpoint.lifecycle('delete', 'https://n8n.example.com')).toBe(true);
		expect(endpoint.staticData[`node:${TRIGGER_NAME}`]).toEqual({});
		expect(await endpoint.lifecycle('checkExists', 'https://n8n.example.com')).toBe(false);
	});
});
