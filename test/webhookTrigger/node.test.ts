/**
 * The Pusher Trigger as n8n runs it: real HTTP requests to a loopback
 * endpoint, the node's webhook() in n8n-core's WebhookContext, and (where
 * noted) the started execution run by n8n-core's WorkflowExecute.
 */
import { randomBytes } from 'node:crypto';

import { encryptPayload } from '../../nodes/Pusher/protocol';
import { dedupeKey, webhookDedupeKey } from '../../nodes/Pusher/webhookTrigger/dedupe';
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
		const timeMs = Date.now();
		expect(await postSigned(url, events, timeMs)).toEqual({ status: 200, body: { received: 4, emitted: 4 } });

		const expected = [
			{ name: 'channel_occupied', channel: 'presence-lobby', time_ms: timeMs, dedupeKey: dedupeKey(events[0], 0, timeMs) },
			{ name: 'member_added', channel: 'presence-lobby', user_id: '42', time_ms: timeMs, dedupeKey: dedupeKey(events[1], 1, timeMs) },
			{ ...events[2], data: { text: 'hi' }, rawData: '{"text":"hi"}', time_ms: timeMs, dedupeKey: dedupeKey(events[2], 2, timeMs) },
			{ name: 'subscription_count', channel: 'news', subscription_count: 5, time_ms: timeMs, dedupeKey: dedupeKey(events[3], 3, timeMs) },
		];
		expect(items(endpoint)).toEqual(expected);
		// n8n's engine ran the execution: the trigger's output is what the workflow got
		const run = endpoint.deliveries[0].run!;
		expect(run.status).toBe('success');
		expect(run.data.resultData.runData[TRIGGER_NAME][0].data!.main[0]!.map((item) => item.json)).toEqual(expected);
	});

	it('with Output: Each Webhook, emits one item holding all events', async () => {
		const { endpoint, url } = await endpointWith({ parameters: { output: 'webhook' } });
		const events = [{ name: 'channel_occupied', channel: 'a' }, { name: 'channel_vacated', channel: 'b' }];
		const timeMs = Date.now();
		await postSigned(url, events, timeMs);
		expect(items(endpoint)).toEqual([
			{
				time_ms: timeMs,
				events: events.map((event, index) => ({ ...event, dedupeKey: dedupeKey(event, index, timeMs) })),
				dedupeKey: webhookDedupeKey(events, timeMs),
			},
		]);
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
		const other = webhookBody([{ name: 'channel_occupied', channel: 'b' }]);
		expect((await post(url, body, signedHeaders(body, 'next-key', 'next-secret'))).status).toBe(200);
		expect((await post(url, other, signedHeaders(other))).status).toBe(200);
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
		expect(meta).toEqual({ node: TRIGGER_NAME, workflowId: endpoint.workflowId });
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
		const { endpoint, url } = await endpointWith({ parameters: { maxAgeSeconds: 60 } });
		expect((await postSigned(url, [{ name: 'channel_occupied', channel: 'a' }], Date.now() - 61_000)).status).toBe(401);
		expect((await postSigned(url, [{ name: 'channel_occupied', channel: 'a' }], Date.now())).status).toBe(200);
		expect(endpoint.executions()).toHaveLength(1);
	});

	it('gets 401 by default when older than 600 s or more than 60 s ahead; 0 turns the check off', async () => {
		const { endpoint, url } = await endpointWith();
		const event = [{ name: 'channel_occupied', channel: 'a' }];
		expect((await postSigned(url, event, Date.now() - 601_000)).status).toBe(401);
		expect((await postSigned(url, event, Date.now() + 61_000)).status).toBe(401);
		expect((await postSigned(url, event, Date.now() - 590_000)).status).toBe(200);
		expect(endpoint.executions()).toHaveLength(1);
		const unchecked = await endpointWith({ parameters: { maxAgeSeconds: 0 } });
		expect((await postSigned(unchecked.url, event, 1)).status).toBe(200);
		expect(unchecked.endpoint.executions()).toHaveLength(1);
	});
});

describe('duplicates', () => {
	it('starts nothing for a retried webhook this process already emitted; static data stays untouched', async () => {
		const { endpoint, url } = await endpointWith();
		const events = [{ name: 'client_event', channel: 'private-a', event: 'client-msg', data: '{"secret":"s3cr3t"}', socket_id: '1.1' }];
		const timeMs = Date.now();
		expect(await postSigned(url, events, timeMs)).toEqual({ status: 200, body: { received: 1, emitted: 1 } });
		expect(await postSigned(url, events, timeMs)).toEqual({ status: 200, body: { received: 1, emitted: 0 } });
		expect(endpoint.executions()).toHaveLength(1);
		expect(endpoint.staticData).toEqual({});
		expect(JSON.stringify(items(endpoint))).not.toMatch(/dedupeKey":"[^"]*s3cr3t/);

		// the same event in a later webhook happened again
		await postSigned(url, events, timeMs + 1);
		expect(endpoint.executions()).toHaveLength(2);
	});

	it('keeps the triggers of two workflows apart', async () => {
		const first = await endpointWith();
		const second = await endpointWith({ workflowId: 'another-workflow' });
		const events = [{ name: 'channel_occupied', channel: 'a' }];
		const timeMs = Date.now();
		await postSigned(first.url, events, timeMs);
		await postSigned(second.url, events, timeMs);
		expect(first.endpoint.executions()).toHaveLength(1);
		expect(second.endpoint.executions()).toHaveLength(1);
	});
});

describe('a request no key could have signed', () => {
	it('is refused with 401 before the credential is read', async () => {
		// A credential that cannot be used answers 503 once it is read: a 401 shows it was not.
		const { endpoint, url } = await endpointWith({ credentials: { ...SOKETI_CREDENTIALS, secret: '  ' } });
		const body = webhookBody([{ name: 'channel_occupied', channel: 'a' }]);
		const answers = [
			await post(url, body, { 'content-type': 'application/json', 'x-pusher-key': 'app-key' }),
			await post(url, body, { 'content-type': 'application/json', 'x-pusher-key': 'app-key', 'x-pusher-signature': 'not-hex' }),
			await post(url, '', { 'content-type': 'application/json', 'x-pusher-key': 'app-key', 'x-pusher-signature': 'a'.repeat(64) }),
		];
		expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
		// A well-formed signature needs the secret to be judged.
		expect((await post(url, body, signedHeaders(body, 'app-key', 'guess'))).status).toBe(503);
		expect(endpoint.executions()).toEqual([]);
	});
});

describe('a credential that cannot be used', () => {
	it('gets 503 with nothing about the set-up, starts nothing, and the reason is logged without secrets', async () => {
		const error = jest.spyOn(n8nLogger(), 'error').mockImplementation(() => {});
		const { endpoint, url } = await endpointWith({ credentials: { ...SOKETI_CREDENTIALS, secret: '  ' } });
		const answer = await postSigned(url, [{ name: 'channel_occupied', channel: 'a' }]);
		expect(answer).toEqual({ status: 503, body: { error: 'This webhook cannot be verified right now' } });
		expect(endpoint.executions()).toEqual([]);
		expect(error).toHaveBeenCalledTimes(1);
		expect(error.mock.calls[0][0]).toBe("Pusher Trigger cannot verify webhooks and answered 503: The Pusher credential's Secret is empty");
		const broken = await endpointWith({ credentials: { connection: 'url', pusherUrlSecret: 'https://k:hunter2@/apps/1' } });
		expect((await postSigned(broken.url, [{ name: 'channel_occupied', channel: 'a' }])).status).toBe(503);
		expect(JSON.stringify(error.mock.calls)).not.toContain('hunter2');
	});
});

