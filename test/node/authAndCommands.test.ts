import { randomUUID } from 'node:crypto';
import type { PresenceChannel } from 'pusher-js';

import type { RecordedRequest } from '../helpers/countingProxy';
import { collect, connectClient, memberIds, signin, subscribe } from '../helpers/pusherClient';
import { expectItem, type Harness, jsonOf, MASTER_KEY, pairingOf, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => {
	await h?.close();
});
beforeEach(() => h.proxy.reset());

describe('Authorization', () => {
	it('is a working pusher-js auth endpoint: private, presence and encrypted channels, and sign-in', async () => {
		// pusher-js POSTs socket_id and channel_name; the Webhook node hands them on as `body`.
		const viaNode = async (parameters: Record<string, unknown>, body: Record<string, string>) => {
			const { items, error } = await h.run({ resource: 'authorization', source: 'body', ...parameters }, [{ body, headers: {} }]);
			if (error) throw error;
			return items[0].json as never;
		};
		const client = await connectClient(h.soketi, {
			authorize: (socket_id, channel_name) =>
				viaNode(
					{ operation: 'authorizeChannel', presenceMember: { userId: 'grace', userInfo: '{"name":"Grace"}' } },
					{ socket_id, channel_name },
				),
			userAuthenticate: (socket_id) =>
				viaNode({ operation: 'authenticateUser', userId: 'grace', additionalFields: { userInfo: '{"team":"ops"}' } }, { socket_id }),
		});
		await subscribe(client, 'private-desk');
		const room = await subscribe<PresenceChannel>(client, 'presence-desk');
		expect(memberIds(room)).toEqual(['grace']);
		expect(room.members.me.info).toEqual({ name: 'Grace' });
		const sealed = collect(await subscribe(client, 'private-encrypted-desk'), 'memo');
		expect(await signin(client)).toMatchObject({ id: 'grace', user_info: { team: 'ops' } });

		await h.run({
			resource: 'event',
			operation: 'trigger',
			channels: ['private-encrypted-desk'],
			eventName: 'memo',
			dataMode: 'json',
			dataJson: '{"secret":"plans"}',
		});
		expect(await sealed.waitFor(1)).toEqual([{ secret: 'plans' }]);
	});

	it('reads a raw form body and gives the shared secret only for encrypted channels', async () => {
		const { items } = await h.run({ resource: 'authorization', operation: 'authorizeChannel', source: 'body' }, [
			{ body: 'socket_id=123.456&channel_name=private-encrypted-x' },
			{ body: { socket_id: '123.456', channel_name: 'private-x' } },
		]);
		expect(Object.keys(items[0].json).sort()).toEqual(['auth', 'shared_secret']);
		expect(Object.keys(items[1].json)).toEqual(['auth']);
		expect(JSON.stringify(items)).not.toContain(MASTER_KEY);
		expect(JSON.stringify(items)).not.toContain(h.soketi.secret);
	});

	it('takes the socket and channel from fields, and refuses what pusher-js would be refused', async () => {
		const ok = await h.run({ resource: 'authorization', operation: 'authorizeChannel', source: 'fields', socketId: '1.2', channel: 'private-a' });
		expect(ok.items[0].json.auth).toMatch(/^app-key:[0-9a-f]{64}$/);
		const presence = await h.run({ resource: 'authorization', operation: 'authorizeChannel', source: 'fields', socketId: '1.2', channel: 'presence-a' });
		expectItem(presence.error, 0);
		expect(presence.error?.message).toBe('Presence Channel Member: User ID is empty, and presence channel "presence-a" needs one');
		expect((presence.error as { description?: string }).description).toMatch(/^Add Presence Channel Member → User ID/);
		const badSocket = await h.run({ resource: 'authorization', operation: 'authorizeChannel', source: 'fields', socketId: 'x', channel: 'private-a' });
		expectItem(badSocket.error, 0);
		expect(badSocket.error?.message).toBe('Socket ID: Socket ID "x" is not of the form "1234.5678" that Pusher gives each connection');
		const bigInfo = await h.run({
			resource: 'authorization',
			operation: 'authorizeChannel',
			source: 'fields',
			socketId: '1.2',
			channel: 'presence-a',
			presenceMember: { userId: 'grace', userInfo: JSON.stringify({ bio: 'x'.repeat(1100) }) },
		});
		expectItem(bigInfo.error, 0);
		expect(bigInfo.error?.message).toBe('User Info: User info is 1110 bytes of JSON (UTF-8); Pusher allows at most 1024');
		const noBody = await h.run({ resource: 'authorization', operation: 'authorizeChannel', source: 'body' }, [{ nothing: true }]);
		expectItem(noBody.error, 0);
		expect(noBody.error?.message).toBe('Read Request From: The input item has no body.socket_id and body.channel_name, which pusher-js sends');
		const badBodySocket = await h.run({ resource: 'authorization', operation: 'authorizeChannel', source: 'body' }, [{ body: { socket_id: 'x', channel_name: 'private-a' } }]);
		expect(badBodySocket.error?.message).toMatch(/^Read Request From: Socket ID "x" is not of the form .* \(in the request body\)$/);
		const badJson = await h.run({ resource: 'authorization', operation: 'authorizeChannel', source: 'body' }, [{ body: '{"socket_id": ' }]);
		expectItem(badJson.error, 0);
		expect(badJson.error?.message).toBe('Read Request From: The request body starts like JSON but is not valid JSON');
	});
});

describe('Sauna → Run Command', () => {
	const command = (data: Record<string, unknown>) => ({ schema: 'iglu:com.pusher.sauna.commands/trigger_event/jsonschema/1-0-0', data });
	const envelope = (inner: unknown, whenCreated: string, timeToLive: number | null, commandId: string = randomUUID()) => ({
		schema: 'iglu:com.snowplowanalytics.sauna.commands/command/jsonschema/1-0-0',
		data: {
			envelope: {
				schema: 'iglu:com.snowplowanalytics.sauna.commands/envelope/jsonschema/1-0-0',
				data: { commandId, whenCreated, execution: { semantics: 'AT_LEAST_ONCE', timeToLive }, tags: {} },
			},
			command: inner,
		},
	});

	it('sends valid commands once, reports expired and invalid ones without sending, and does not retry failures', async () => {
		const client = await h.client();
		const got = collect(await subscribe(client, 'sauna'), 'alert');
		const now = new Date().toISOString();
		const input = [
			command({ channels: ['sauna'], event: 'alert', data: { n: 1 } }),
			envelope(command({ channels: ['sauna'], event: 'alert', data: { n: 2 } }), now, 60_000, 'fresh'),
			envelope(command({ channels: ['sauna'], event: 'alert', data: { n: 3 } }), '2020-01-01T00:00:00Z', 1000, 'stale'),
			envelope(command({ channels: ['sauna'], event: 'alert', data: { n: 4 } }), '2020-01-01T00:00:00Z', null, 'forever'),
			command({ channels: Array.from({ length: 11 }, (_, i) => `c${i}`), event: 'alert', data: {} }),
			command({ channels: ['sauna'], event: 'alert', data: 'not an object' }),
			command({ channels: ['sauna'], event: 'alert', data: {}, extra: true }),
			{ schema: 'iglu:com.example/other/jsonschema/1-0-0', data: {} },
			envelope(command({ channels: ['sauna'], event: 'alert', data: { n: 9 } }), now, null, 'refused'),
		];
		// The ninth command's request is refused with a 503, which a retry would retry. Sauna does not:
		// it reports the command as failed, even with n8n's Retry On Fail on for the node.
		const ninth = (request: RecordedRequest) => request.body.includes('{\\"n\\":9}');
		h.proxy.when(ninth, { kind: 'fail', failure: { status: 503, body: 'Service unavailable' } });
		const { items, error } = await h.run({ resource: 'sauna', operation: 'runCommand', command: '={{ $json }}', options: {} }, input, {
			node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});
		expect(error).toBeUndefined();
		expect(h.proxy.requests).toHaveLength(4);
		expect(h.proxy.requests.filter(ninth)).toHaveLength(1);
		expect(jsonOf(items).map((item) => [item.commandId, item.status])).toEqual([
			[null, 'sent'],
			['fresh', 'sent'],
			['stale', 'expired'],
			['forever', 'sent'],
			[null, 'invalid'],
			[null, 'invalid'],
			[null, 'invalid'],
			[null, 'invalid'],
			['refused', 'failed'],
		]);
		expect(items[8].json).toMatchObject({ httpStatus: 503, deliveredToChannels: 0 });
		expect(String(items[8].json.reason)).toMatch(/^Pusher answered 503 .*Service unavailable/);
		expect(pairingOf(items)).toEqual(input.map((_, i) => i));
		// The refused command never arrives: an event sent after it comes next.
		await h.run({ resource: 'event', operation: 'trigger', channels: ['sauna'], eventName: 'alert', dataMode: 'json', dataJson: '{"marker":true}' });
		expect(await got.waitFor(4)).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }, { marker: true }]);
	});

	it("n8n's Retry On Fail does re-run a node whose request fails (what the test above relies on)", async () => {
		h.proxy.failNext(1, { status: 503, body: 'Service unavailable' });
		const { items, error } = await h.run(
			{ resource: 'event', operation: 'trigger', channels: ['sauna'], eventName: 'alert', dataMode: 'json', dataJson: '{}' },
			[{}],
			{ node: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.sent).toBe(true);
		expect(h.proxy.requests).toHaveLength(2);
	});

	it('reports a refused command as failed with the status, after exactly one request', async () => {
		h.proxy.failNext(1, { status: 403, body: 'Over quota' });
		const { items } = await h.run({ resource: 'sauna', operation: 'runCommand', command: '={{ $json }}' }, [
			envelope(command({ channels: ['sauna'], event: 'alert', data: {} }), new Date().toISOString(), null, 'c-403'),
		]);
		expect(items[0].json).toMatchObject({ commandId: 'c-403', status: 'failed', httpStatus: 403 });
		expect(String(items[0].json.reason)).toMatch(/Over quota/);
		expect(h.proxy.requests).toHaveLength(1);
	});
});

describe('API Request → Send Signed Request', () => {
	it('makes signed GET and POST requests to any app path', async () => {
		const client = await h.client();
		const got = collect(await subscribe(client, 'custom'), 'raw');
		const list = await h.run({ resource: 'custom', operation: 'request', method: 'GET', path: '/channels', query: { parameter: [{ name: 'filter_by_prefix', value: 'cus' }] } });
		expect(list.error).toBeUndefined();
		expect(list.items[0].json.channels).toHaveProperty('custom');
		const post = await h.run({ resource: 'custom', operation: 'request', method: 'POST', path: '/events', body: '{"name":"raw","channels":["custom"],"data":"hi"}' });
		expect(post.error).toBeUndefined();
		expect(await got.waitFor(1)).toEqual(['hi']);
	});

	it('refuses a query parameter name with capitals, which Pusher would sign in lower case, before sending', async () => {
		const { error } = await h.run({
			resource: 'custom',
			operation: 'request',
			method: 'GET',
			path: '/channels',
			query: { parameter: [{ name: 'Filter_By_Prefix', value: 'cus' }] },
		});
		expectItem(error, 0);
		expect(error?.message).toBe(
			'Query Parameters: Query parameter "Filter_By_Prefix" has capital letters: Pusher signs parameter names in lower case, so write "filter_by_prefix"',
		);
		expect(h.proxy.requests).toHaveLength(0);
	});

	it('refuses a path with a query string', async () => {
		const { error } = await h.run({ resource: 'custom', operation: 'request', method: 'GET', path: '/channels?x=1' });
		expectItem(error, 0);
		expect(error?.message).toMatch(/Path: /);
	});
});

describe('API errors', () => {
	const triggerOne = (options: Record<string, unknown> = {}) => ({
		resource: 'event',
		operation: 'trigger',
		channels: ['errors'],
		eventName: 'e',
		dataMode: 'text',
		dataText: 'x'.repeat(100),
		options,
	});

	it('turns a 413 into advice with the size sent', async () => {
		h.proxy.failNext(1, { status: 413, body: 'Request Entity Too Large' });
		const { error } = await h.run(triggerOne());
		expect(error?.message).toMatch(/^Pusher answered 413 to trigger "e" \(\d+ bytes were sent\)/);
		expect((error as { description?: string }).description).toMatch(/make the event data smaller.*The server said: Request Entity Too Large/);
	});

	it('retries a 503 when asked to, and not otherwise', async () => {
		h.proxy.failNext(1, { status: 503, body: 'busy' });
		const failed = await h.run(triggerOne());
		expect(failed.error?.message).toMatch(/Pusher answered 503/);
		expect(h.proxy.requests).toHaveLength(1);

		h.proxy.reset();
		h.proxy.failNext(2, { status: 503, body: 'busy' });
		const retried = await h.run(triggerOne({ retry: true, maxRetries: 3, retryDelay: 10 }));
		expect(retried.error).toBeUndefined();
		expect(retried.items[0].json.sent).toBe(true);
		expect(h.proxy.requests).toHaveLength(3);
	});

	it('gives up after the maximum number of retries and says so', async () => {
		h.proxy.failNext(3, { status: 429, body: { error: 'Too many', code: 4290 } });
		const { error } = await h.run(triggerOne({ retry: true, maxRetries: 2, retryDelay: 1 }));
		expect(error?.message).toMatch(/Pusher answered 429 to trigger "e" after 3 attempts/);
		expect(h.proxy.requests).toHaveLength(3);
	});

	it('times out a request that gets no answer', async () => {
		h.proxy.hangNext(1);
		const { error } = await h.run(triggerOne({ timeout: 300 }));
		expect(error?.message).toMatch(/Could not reach the Pusher server to trigger "e"/);
	});

	it('explains a 401 from a wrong secret, and never shows the secret', async () => {
		const saved = h.credentials.secret;
		h.credentials.secret = 'wrong-secret-value';
		try {
			const { error } = await h.run(triggerOne());
			expect(error?.message).toMatch(/Pusher answered 401/);
			expect((error as { description?: string }).description).toMatch(/check the Key and Secret/);
			expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
			expect(String((error as { stack?: string }).stack)).not.toContain('wrong-secret-value');
		} finally {
			h.credentials.secret = saved;
		}
	});

	it('explains an unknown app id', async () => {
		const saved = h.credentials.appId;
		h.credentials.appId = 'no-such-app';
		try {
			const { error } = await h.run(triggerOne());
			expect(error?.message).toMatch(/Pusher answered 4\d\d/);
		} finally {
			h.credentials.appId = saved;
		}
	});
});

describe('Credential', () => {
	it('connects through a PUSHER_URL as well', async () => {
		const saved = { ...h.credentials };
		Object.assign(h.credentials, {
			connection: 'url',
			pusherUrlSecret: `http://${h.soketi.key}:${h.soketi.secret}@127.0.0.1:${h.proxy.port}/apps/${h.soketi.appId}`,
			appId: '',
			key: '',
			secret: '',
		});
		try {
			const { items, error } = await h.run({ resource: 'channel', operation: 'getAll' });
			expect(error).toBeUndefined();
			expect(items.every((item) => typeof item.json.name === 'string')).toBe(true);
			expect(h.proxy.requests).toHaveLength(1);
		} finally {
			Object.assign(h.credentials, saved);
		}
	});

	it('refuses a master key that is not 32 bytes before any request', async () => {
		const saved = h.credentials.encryptionMasterKeySecret;
		h.credentials.encryptionMasterKeySecret = Buffer.alloc(16).toString('base64');
		try {
			const { error } = await h.run({ resource: 'channel', operation: 'getAll' });
			expect(error?.message).toMatch(/encryption master key must be base64 of exactly 32 bytes/);
			expect(h.proxy.requests).toHaveLength(0);
		} finally {
			h.credentials.encryptionMasterKeySecret = saved;
		}
	});
});
