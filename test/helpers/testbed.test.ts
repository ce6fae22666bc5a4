/**
 * Proves the test bed against a real Soketi: process handling, pusher-js
 * clients with the official `pusher` SDK as server and authorizer, the
 * counting proxy, and the in-process n8n engine.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { get as httpGet } from 'node:http';
import path from 'node:path';

import Pusher from 'pusher';
import type { PresenceChannel } from 'pusher-js';

import { countingProxy, type CountingProxy } from './countingProxy';
import { NodeTypeRegistry, runNode, runWebhook, runWorkflow, startWebhookServer } from './n8nEngine';
import { listenersOnPort } from './ports';
import { collect, connectClient, disconnect, memberIds, signin, socketIdOf, subscribe } from './pusherClient';
import { startSoketi, type Soketi } from './soketi';

const FIXTURES = path.join(__dirname, 'fixtures');
const TEST_HTTP = 'n8n-nodes-testbed-fixtures.testHttp';
const TEST_WEBHOOK = 'n8n-nodes-testbed-fixtures.testWebhook';

function getStatus(url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		httpGet(url, { agent: false }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		}).on('error', reject);
	});
}

function processExists(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function sdkFor(server: { appId: string; key: string; secret: string }, baseUrl: string, extra: Partial<Pusher.Options> = {}) {
	const url = new URL(baseUrl);
	return new Pusher({ appId: server.appId, key: server.key, secret: server.secret, host: url.hostname, port: url.port, useTLS: false, ...extra } as Pusher.Options);
}

describe('startSoketi', () => {
	test('starts on a free port, answers GET /, and stop() leaves no process', async () => {
		const soketi = await startSoketi();
		const pid = soketi.pid!;
		expect(await getStatus(`${soketi.baseUrl}/`)).toBe(200);
		expect(listenersOnPort(soketi.port, pid)).toEqual({ ours: 1, total: 1 });

		await soketi.stop();
		expect(soketi.pid).toBeUndefined();
		expect(processExists(pid)).toBe(false);
		expect(() => process.kill(-pid, 0)).toThrow(); // the whole process group is gone
		await expect(getStatus(`${soketi.baseUrl}/`)).rejects.toThrow();
	});

	test('runs two instances side by side on different ports', async () => {
		const [a, b] = await Promise.all([startSoketi({ key: 'key-a' }), startSoketi({ key: 'key-b' })]);
		try {
			expect(a.port).not.toBe(b.port);
			const [clientA, clientB] = await Promise.all([connectClient(a), connectClient(b)]);
			expect(socketIdOf(clientA)).toMatch(/^\d+\.\d+$/);
			expect(socketIdOf(clientB)).toMatch(/^\d+\.\d+$/);
			// each only knows its own app key
			await expect(connectClient({ key: 'key-b', port: a.port })).rejects.toThrow(/4001/);
		} finally {
			await Promise.all([a.stop(), b.stop()]);
		}
	});

	test('restart() keeps the port; connected clients reconnect at once', async () => {
		const soketi = await startSoketi();
		try {
			const client = await connectClient(soketi);
			const before = socketIdOf(client);
			const reconnected = new Promise<void>((resolve) => {
				client.connection.bind('state_change', ({ previous, current }: { previous: string; current: string }) => {
					if (previous !== 'connected' && current === 'connected') resolve();
				});
			});
			const oldPid = soketi.pid!;
			await soketi.restart();
			expect(processExists(oldPid)).toBe(false);
			await reconnected;
			expect(socketIdOf(client)).not.toBe(before);
			expect(await getStatus(`${soketi.baseUrl}/`)).toBe(200);
		} finally {
			await soketi.stop();
		}
	});

	test('maxEventPayloadKb sets the event size limit; errors come back as 200 + {error, code}', async () => {
		const soketi = await startSoketi({ maxEventPayloadKb: 1 });
		try {
			const sdk = new Pusher(soketi.pusherOptions());
			await expect(sdk.trigger('sizes', 'fits', 'é'.repeat(500))).resolves.toMatchObject({ status: 200 }); // 1000 bytes
			// Soketi's quirk: the rejection arrives with HTTP 200
			const tooBig = await sdk.trigger('sizes', 'too-big', 'é'.repeat(513)); // 1026 bytes
			expect(tooBig.status).toBe(200);
			expect(await tooBig.json()).toEqual({ error: 'The event data should be less than 1 KB.', code: 413 });

			// …which the proxy can turn into the status Pusher answers with
			const proxy = await countingProxy(soketi.baseUrl, { restoreErrorStatus: true });
			await expect(sdkFor(soketi, proxy.baseUrl).trigger('sizes', 'too-big', 'é'.repeat(513))).rejects.toMatchObject({ status: 413 });
			expect(proxy.requests[0].response).toMatchObject({ status: 413, upstreamStatus: 200, injected: false });
			await proxy.close();
		} finally {
			await soketi.stop();
		}
	});

	test('reports Soketi output when it cannot start', async () => {
		await expect(startSoketi({ extraEnv: { SOKETI_ADAPTER_DRIVER: 'no-such-driver' }, startTimeoutMs: 3000 })).rejects.toThrow(/Soketi on port \d+/);
	});
});

describe('pusher-js clients and the official SDK on Soketi', () => {
	const masterKey = randomBytes(32).toString('base64');
	let soketi: Soketi;
	let sdk: Pusher;

	beforeAll(async () => {
		soketi = await startSoketi();
		sdk = new Pusher({ ...soketi.pusherOptions(), encryptionMasterKeyBase64: masterKey });
	});
	afterAll(async () => await soketi.stop());

	const authorize = (socketId: string, channel: string) => sdk.authorizeChannel(socketId, channel);

	test('public channel', async () => {
		const client = await connectClient(soketi);
		const channel = await subscribe(client, 'news');
		const got = collect(channel, 'created');
		await sdk.trigger('news', 'created', { id: 1, text: 'héllo' });
		expect(await got.waitFor(1)).toEqual([{ id: 1, text: 'héllo' }]);
		disconnect(client);
	});

	test('private channel authorized by the SDK; a bad signature is refused', async () => {
		const client = await connectClient(soketi, { authorize });
		const channel = await subscribe(client, 'private-orders');
		const got = collect(channel, 'paid');
		await sdk.trigger('private-orders', 'paid', { order: 7 });
		expect(await got.waitFor(1)).toEqual([{ order: 7 }]);

		const forger = new Pusher({ ...soketi.pusherOptions(), secret: 'not-the-secret' });
		const intruder = await connectClient(soketi, { authorize: (s, c) => forger.authorizeChannel(s, c) });
		await expect(subscribe(intruder, 'private-orders')).rejects.toThrow(/subscription to private-orders failed/);
	});

	test('presence channel member list', async () => {
		const presence = (userId: string) => (socketId: string, channel: string) =>
			sdk.authorizeChannel(socketId, channel, { user_id: userId, user_info: { name: userId } });
		const alice = await connectClient(soketi, { authorize: presence('alice') });
		await subscribe(alice, 'presence-room');
		const bob = await connectClient(soketi, { authorize: presence('bob') });
		const bobsView = await subscribe<PresenceChannel>(bob, 'presence-room');
		expect(memberIds(bobsView)).toEqual(['alice', 'bob']);

		const users = await (await sdk.get({ path: '/channels/presence-room/users' })).json();
		expect(users.users.map((u: { id: string }) => u.id).sort()).toEqual(['alice', 'bob']);
	});

	test('encrypted channel: the SDK encrypts, pusher-js decrypts, the wire carries ciphertext', async () => {
		const proxy = await countingProxy(soketi.baseUrl);
		const viaProxy = sdkFor(soketi, proxy.baseUrl, { encryptionMasterKeyBase64: masterKey });
		const client = await connectClient(soketi, { authorize });
		const channel = await subscribe(client, 'private-encrypted-vault');
		const got = collect(channel, 'secret');
		await viaProxy.trigger('private-encrypted-vault', 'secret', { code: 'open sesame' });
		expect(await got.waitFor(1)).toEqual([{ code: 'open sesame' }]);

		const sent = JSON.parse(proxy.requests[0].body) as { data: string };
		expect(Object.keys(JSON.parse(sent.data))).toEqual(['nonce', 'ciphertext']);
		expect(proxy.requests[0].body).not.toContain('open sesame');
		await proxy.close();
	});

	test('user sign-in and sendToUser', async () => {
		const client = await connectClient(soketi, { userAuthenticate: (socketId) => sdk.authenticateUser(socketId, { id: 'u-1' }) });
		expect(await signin(client)).toMatchObject({ id: 'u-1' });
		const got = collect(client.user, 'notice');
		await sdk.sendToUser('u-1', 'notice', { n: 1 });
		await got.waitFor(1);
		expect(got.events[0]).toEqual({ n: 1 });
	});
});

describe('countingProxy', () => {
	let soketi: Soketi;
	let proxy: CountingProxy;
	let sdk: Pusher;

	beforeAll(async () => {
		soketi = await startSoketi();
		proxy = await countingProxy(soketi.baseUrl);
		sdk = sdkFor(soketi, proxy.baseUrl, { timeout: 2000 });
	});
	afterAll(async () => {
		await proxy.close();
		await soketi.stop();
	});
	beforeEach(() => proxy.reset());

	test('records each request it forwards', async () => {
		await sdk.trigger('a', 'e1', 1);
		await sdk.triggerBatch([
			{ channel: 'a', name: 'e2', data: 2 },
			{ channel: 'b', name: 'e3', data: 3 },
		]);
		expect(proxy.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`POST /apps/${soketi.appId}/events`,
			`POST /apps/${soketi.appId}/batch_events`,
		]);
		expect(proxy.requests[0].query).toMatchObject({ auth_key: soketi.key, auth_version: '1.0' });
		expect(JSON.parse(proxy.requests[1].body).batch).toHaveLength(2);
		expect(proxy.requests.map((r) => r.response)).toEqual([
			{ status: 200, body: '{"ok":true}', injected: false, upstreamStatus: 200 },
			{ status: 200, body: '{"ok":true}', injected: false, upstreamStatus: 200 },
		]);
	});

	test('injects a 503, then forwards again', async () => {
		proxy.failNext(1, { status: 503, body: 'service unavailable' });
		await expect(sdk.trigger('a', 'e', 1)).rejects.toMatchObject({ status: 503, body: 'service unavailable' });
		await expect(sdk.trigger('a', 'e', 2)).resolves.toBeDefined();
		expect(proxy.requests.map((r) => r.response?.status)).toEqual([503, 200]);
		expect(proxy.requests[0].response?.injected).toBe(true);
	});

	test('holds a request for client timeouts', async () => {
		proxy.hangNext(1);
		const impatient = sdkFor(soketi, proxy.baseUrl, { timeout: 200 });
		await expect(impatient.trigger('a', 'e', 1)).rejects.toThrow();
		await expect(proxy.waitForRequests(1)).resolves.toHaveLength(1);
	});
});

describe('n8n engine', () => {
	let soketi: Soketi;
	let proxy: CountingProxy;
	let nodeTypes: NodeTypeRegistry;

	beforeAll(async () => {
		soketi = await startSoketi();
		proxy = await countingProxy(soketi.baseUrl);
		nodeTypes = await new NodeTypeRegistry().addPackage(FIXTURES);
	});
	afterAll(async () => {
		await proxy.close();
		await soketi.stop();
	});
	beforeEach(() => proxy.reset());

	const call = (parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
		name: 'Call',
		type: TEST_HTTP,
		parameters: { baseUrl: proxy.baseUrl, path: '/', method: 'GET', ...parameters },
		...extra,
	});

	test('loads a package like n8n does', () => {
		expect(nodeTypes.nodeTypeNames()).toEqual(expect.arrayContaining([TEST_HTTP, TEST_WEBHOOK]));
		expect(nodeTypes.getByNameAndVersion(TEST_HTTP, 2).description.name).toBe('testHttp');
		expect(nodeTypes.credentialTypes.getSupportedNodes('testApi')).toEqual([TEST_HTTP, TEST_WEBHOOK]);
	});

	test('runs a workflow: credentials authenticate requests, items keep their pairing', async () => {
		const result = await runWorkflow({
			nodeTypes,
			nodes: [call({ path: '={{ "/?n=" + $json.n }}' })],
			inputItems: [{ n: 1 }, { n: 2 }],
			credentials: { testApi: { apiKey: 'secret-1' } },
		});
		expect(result.status).toBe('success');
		expect(result.executionOrder).toEqual(['Input', 'Call']);
		expect(result.data.Call).toEqual([
			{ json: { response: 'OK' }, pairedItem: { item: 0 } },
			{ json: { response: 'OK' }, pairedItem: { item: 1 } },
		]);
		// function-form authenticate, with the credential type's default header name
		expect(proxy.requests.map((r) => [r.query.n, r.headers['x-test-key']])).toEqual([
			['1', 'secret-1'],
			['2', 'secret-1'],
		]);
	});

	test('applies a generic (declarative) authenticate', async () => {
		await runNode({
			nodeTypes,
			node: call({ authentication: 'testGenericApi' }),
			credentials: { testGenericApi: { apiKey: 'g-1' } },
		});
		expect(proxy.requests[0].headers['x-generic-key']).toBe('g-1');
		expect(proxy.requests[0].query.via).toBe('generic');
	});

	test('continueOnFail turns a failed item into an error item', async () => {
		proxy.failNext(1, { status: 503, body: 'down' });
		const { items, status } = await runNode({
			nodeTypes,
			node: call({}, { onError: 'continueRegularOutput' }),
			inputItems: [{ n: 1 }, { n: 2 }],
			credentials: { testApi: { apiKey: 'k' } },
		});
		expect(status).toBe('success');
		expect(items).toEqual([
			// n8n's own wording for a 503 from httpRequestWithAuthentication
			{ json: { error: expect.stringMatching(/^Service unavailable/) }, pairedItem: { item: 0 } },
			{ json: { response: 'OK' }, pairedItem: { item: 1 } },
		]);
	});

	test('without continueOnFail the execution fails with the node error', async () => {
		proxy.failNext(1, { status: 503, body: 'down' });
		const result = await runNode({ nodeTypes, node: call(), credentials: { testApi: { apiKey: 'k' } } });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Service unavailable/);
		expect(result.nodeErrors.Call).toMatchObject({ httpCode: '503' });
	});

	test('missing credentials fail like in n8n', async () => {
		const result = await runNode({ nodeTypes, node: call() });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/credentials/i);
	});

	describe('webhooks', () => {
		const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
		const trigger = { name: 'Hook', type: TEST_WEBHOOK, parameters: {} };

		test('a signed request runs the workflow; a bad signature gets the node\'s 401', async () => {
			const body = JSON.stringify({ hello: 'wörld' });
			const ok = await runWebhook({
				nodeTypes,
				nodes: [trigger, call()],
				credentials: { testApi: { apiKey: 'hook-secret' } },
				request: { headers: { 'content-type': 'application/json', 'x-signature': sign('hook-secret', body) }, body },
			});
			expect(ok.response.status).toBe(200);
			// The fixture's webhook description sets no responseData: n8n then answers the literal text.
			expect(ok.response.body).toBe('firstEntryJson');
			expect(ok.emitted?.[0][0].json.body).toEqual({ hello: 'wörld' });
			expect(ok.run?.executionOrder).toEqual(['Hook', 'Call']);
			expect(ok.run?.data.Call).toEqual([{ json: { response: 'OK' }, pairedItem: { item: 0 } }]);

			const bad = await runWebhook({
				nodeTypes,
				nodes: [trigger],
				credentials: { testApi: { apiKey: 'hook-secret' } },
				request: { headers: { 'content-type': 'application/json', 'x-signature': sign('other', body) }, body },
			});
			expect(bad.response).toMatchObject({ status: 401, body: 'invalid signature' });
			expect(bad.emitted).toBeUndefined();
			expect(bad.run).toBeUndefined();
		});

		test('wrong method or path gets 404', async () => {
			const call404 = await runWebhook({ nodeTypes, nodes: [trigger], request: { method: 'GET' } });
			expect(call404.response.status).toBe(404);
		});

		test('Soketi delivers its signed webhooks to the trigger', async () => {
			const server = await startWebhookServer({
				nodeTypes,
				nodes: [{ ...trigger, parameters: { signatureHeader: 'x-pusher-signature' } }],
				credentials: { testApi: { apiKey: 'app-secret' } },
			});
			const withHooks = await startSoketi({ webhooks: [{ url: server.url, event_types: ['channel_occupied'] }] });
			try {
				const client = await connectClient(withHooks);
				await subscribe(client, 'orders');
				const [delivered] = await server.waitForCalls(1);
				expect(delivered.response.status).toBe(200);
				const { body, headers } = delivered.emitted![0][0].json as { body: { events: unknown[] }; headers: Record<string, string> };
				expect(headers['x-pusher-key']).toBe(withHooks.key);
				expect(body.events).toEqual([{ name: 'channel_occupied', channel: 'orders' }]);
			} finally {
				await withHooks.stop();
				await server.close();
			}
		});

		test('batchWebhooks: Soketi sends the events of one batch window in one request', async () => {
			const server = await startWebhookServer({
				nodeTypes,
				nodes: [{ ...trigger, parameters: { signatureHeader: 'x-pusher-signature' } }],
				credentials: { testApi: { apiKey: 'app-secret' } },
			});
			const withHooks = await startSoketi({
				webhooks: [{ url: server.url, event_types: ['channel_occupied'] }],
				batchWebhooks: true,
				webhookBatchMs: 1000,
			});
			try {
				const client = await connectClient(withHooks);
				await Promise.all([subscribe(client, 'one'), subscribe(client, 'two')]);
				const [delivered] = await server.waitForCalls(1);
				const { body } = delivered.emitted![0][0].json as { body: { events: Array<{ channel: string }> } };
				expect(body.events.map((event) => event.channel).sort()).toEqual(['one', 'two']);
			} finally {
				await withHooks.stop();
				await server.close();
			}
		});
	});
});
