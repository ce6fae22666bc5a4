/**
 * The protocol client alone (no n8n) against a scripted local server: the
 * handshake, subscriptions, ping/pong and activity timeout, a dead
 * connection, and what each Pusher close/error code range makes it do.
 */
import { sleep } from 'n8n-workflow';

import type { ChannelMessage } from '../../nodes/Pusher/channelTrigger/messages';
import type {
	ChannelSubscription,
	ClientTiming,
	PusherConnectionError,
	SocketClientOptions,
} from '../../nodes/Pusher/channelTrigger/clientOptions';
import { PusherSocketClient } from '../../nodes/Pusher/channelTrigger/socketClient';
import { builtInWebSocket } from '../../nodes/Pusher/channelTrigger/webSocket';
import { startFakePusherServer, type FakePusherServer } from './fakePusherServer';

const FAST: Partial<ClientTiming> = {
	connectTimeoutMs: 1000,
	subscribeTimeoutMs: 600,
	pongTimeoutMs: 400,
	reconnectBaseMs: 200,
	reconnectMaxMs: 1000,
	stableAfterMs: 60_000,
	closeGraceMs: 500,
};

const servers: FakePusherServer[] = [];
const clients: PusherSocketClient[] = [];

afterEach(async () => {
	await Promise.all(clients.splice(0).map(async (client) => await client.stop()));
	await Promise.all(servers.splice(0).map(async (server) => await server.stop()));
});

async function fakeServer(options: Parameters<typeof startFakePusherServer>[0] = { autoEstablish: {}, autoSubscribe: true }) {
	const server = await startFakePusherServer(options);
	servers.push(server);
	return server;
}

interface Harness {
	client: PusherSocketClient;
	messages: ChannelMessage[];
	fatal: PusherConnectionError[];
	logs: string[];
}

function makeClient(url: string, overrides: Partial<SocketClientOptions> = {}): Harness {
	const messages: ChannelMessage[] = [];
	const fatal: PusherConnectionError[] = [];
	const logs: string[] = [];
	const client = new PusherSocketClient({
		url,
		subscriptions: [{ channel: 'orders' }],
		WebSocket: builtInWebSocket()!,
		sleep,
		onMessage: (message) => messages.push(message),
		onFatalError: (error) => fatal.push(error),
		onLog: (level, message) => logs.push(`${level}: ${message}`),
		timing: FAST,
		random: () => 1,
		...overrides,
	});
	clients.push(client);
	return { client, messages, fatal, logs };
}

/** The reconnection delays the client chose, from its log lines: what it decided, whatever the machine's load did to the clock. */
const reconnectDelays = (logs: string[]) => logs.flatMap((line) => /reconnecting in (\d+) ms/.exec(line)?.[1] ?? []).map(Number);

async function eventually(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
		await sleep(10);
	}
}

const isSubscribe = (frame: { event?: string }) => frame.event === 'pusher:subscribe';

describe('PusherSocketClient', () => {
	test('Node 24 has the built-in WebSocket the client uses', () => {
		expect(typeof builtInWebSocket()).toBe('function');
	});

	test('connects, subscribes each channel with its auth, and delivers channel events with user_id', async () => {
		const server = await fakeServer();
		const subscriptions: ChannelSubscription[] = [
			{ channel: 'orders' },
			{ channel: 'presence-room', authorize: (socketId) => ({ auth: `key:${socketId}`, channel_data: '{"user_id":"n8n"}' }) },
		];
		const { client, messages } = makeClient(server.url(), { subscriptions });
		await client.start();
		expect(client.currentState).toBe('connected');

		const connection = server.connections[0];
		expect(connection.url).toContain('/app/app-key?protocol=7');
		const subscribes = connection.received.filter(isSubscribe).map((frame) => frame.data);
		expect(subscribes).toEqual([
			{ channel: 'orders' },
			{ channel: 'presence-room', auth: `key:${connection.socketId}`, channel_data: '{"user_id":"n8n"}' },
		]);

		connection.send({ event: 'client-move', channel: 'presence-room', data: '{"x":1}', user_id: '7' });
		connection.send({ event: 'other', channel: 'not-subscribed', data: '{}' });
		connection.send({ event: 'created', channel: 'orders', data: { id: 1 } });
		await eventually(() => messages.length >= 4, 2000, 'messages');
		expect(messages.filter((m) => m.event !== 'pusher_internal:subscription_succeeded')).toEqual([
			{ event: 'client-move', channel: 'presence-room', data: '{"x":1}', userId: '7' },
			{ event: 'created', channel: 'orders', data: { id: 1 } },
		]);
	});

	test('signs in when asked, and then delivers the events sent to that user', async () => {
		const server = await fakeServer();
		const { client, messages } = makeClient(server.url(), {
			signin: (socketId) => ({ auth: `key:${socketId}`, user_data: '{"id":"bot"}' }),
		});
		await client.start();
		const connection = server.connections[0];
		const signin = await connection.waitFor((frame) => frame.event === 'pusher:signin');
		expect(signin.data).toEqual({ auth: `key:${connection.socketId}`, user_data: '{"id":"bot"}' });
		connection.send({ event: 'pusher:signin_success', data: { user_data: '{"id":"bot"}' } });
		connection.send({ event: 'direct', channel: '#server-to-user-bot', data: '{"x":1}' });
		await eventually(() => messages.some((m) => m.event === 'direct'), 2000, 'user event');
		expect(messages.find((m) => m.event === 'direct')).toEqual({ event: 'direct', channel: '#server-to-user-bot', data: '{"x":1}' });
	});

	test('without sign-in, user channels are not ours', async () => {
		const server = await fakeServer();
		const { client, messages } = makeClient(server.url());
		await client.start();
		const connection = server.connections[0];
		connection.send({ event: 'direct', channel: '#server-to-user-bot', data: '{}' });
		connection.send({ event: 'after', channel: 'orders', data: '{}' });
		await eventually(() => messages.some((m) => m.event === 'after'), 2000, 'event');
		expect(messages.some((m) => m.event === 'direct')).toBe(false);
		expect(connection.received.some((frame) => frame.event === 'pusher:signin')).toBe(false);
	});

	test('answers pusher:ping with pusher:pong', async () => {
		const server = await fakeServer();
		const { client } = makeClient(server.url());
		await client.start();
		const connection = server.connections[0];
		connection.send({ event: 'pusher:ping', data: {} });
		await connection.waitFor((frame) => frame.event === 'pusher:pong', 2000);
	});

	test('pings after activity_timeout of silence and stays connected when the pong comes', async () => {
		const server = await fakeServer({ autoEstablish: { activityTimeout: 1 }, autoSubscribe: true });
		const { client } = makeClient(server.url());
		await client.start();
		const connection = server.connections[0];
		const started = Date.now();
		await connection.waitFor((frame) => frame.event === 'pusher:ping', 3000);
		expect(Date.now() - started).toBeGreaterThanOrEqual(800);
		await sleep(FAST.pongTimeoutMs! + 200);
		expect(server.connectionCount).toBe(1);
		expect(client.currentState).toBe('connected');
	});

	test('treats a missing pong as a dead connection: reconnects and re-subscribes', async () => {
		const server = await fakeServer({ autoEstablish: { activityTimeout: 1 }, autoSubscribe: true, autoPong: false });
		const { client, logs } = makeClient(server.url(), { subscriptions: [{ channel: 'a' }, { channel: 'b' }] });
		await client.start();
		const first = await server.nextConnection();
		await first.waitFor((frame) => frame.event === 'pusher:ping', 3000);

		const second = await server.nextConnection(5000);
		await second.waitFor((frame) => isSubscribe(frame) && (frame.data as { channel: string }).channel === 'b');
		expect(second.received.filter(isSubscribe)).toHaveLength(2);
		expect(logs.some((line) => line.includes('no pong within 400 ms'))).toBe(true);
		await first.closed;
	});

	test('does not reconnect after a 4000-4099 close: reports it once, with the code', async () => {
		const server = await fakeServer();
		const { client, fatal } = makeClient(server.url());
		await client.start();
		server.connections[0].close(4003, 'App is disabled');
		await eventually(() => fatal.length === 1, 2000, 'fatal error');
		expect(fatal[0].code).toBe(4003);
		expect(fatal[0].message).toContain('App is disabled');
		expect(client.currentState).toBe('stopped');
		await sleep(800);
		expect(server.connectionCount).toBe(1);
		expect(fatal).toHaveLength(1);
	});

	test('does not reconnect after pusher:error 4001 at connect: start() rejects with it', async () => {
		const server = await fakeServer({});
		const { client } = makeClient(server.url('wrong-key'));
		const starting = client.start();
		const connection = await server.nextConnection();
		connection.send({ event: 'pusher:error', data: { code: 4001, message: 'App key wrong-key does not exist.' } });
		connection.close(4001);
		await expect(starting).rejects.toMatchObject({ code: 4001, message: expect.stringContaining('does not exist') });
		await sleep(600);
		expect(server.connectionCount).toBe(1);
	});

	test('reconnects after a delay on 4100-4199', async () => {
		const server = await fakeServer();
		const { client, fatal } = makeClient(server.url());
		await client.start();
		await server.nextConnection();
		const closedAt = Date.now();
		server.connections[0].close(4100, 'Over capacity');
		const second = await server.nextConnection(5000);
		expect(Date.now() - closedAt).toBeGreaterThanOrEqual(FAST.reconnectBaseMs! - 20);
		await second.waitFor(isSubscribe);
		expect(fatal).toEqual([]);
	});

	test('reconnects at once on 4200-4299, also when the code came in pusher:error before a plain close', async () => {
		const server = await fakeServer();
		const { client, logs } = makeClient(server.url(), { timing: { ...FAST, reconnectBaseMs: 3000, reconnectMaxMs: 3000 } });
		await client.start();
		await server.nextConnection();
		server.connections[0].close(4200, 'Restarting');
		const second = await server.nextConnection(2000);
		expect(reconnectDelays(logs)).toEqual([0]);
		await second.waitFor(isSubscribe);

		// The backoff is not reset yet (stableAfterMs not reached): the next 42xx waits a backoff.
		second.send({ event: 'pusher:error', data: { code: 4201, message: 'Pong reply not received' } });
		const closedAt = Date.now();
		second.destroy();
		const third = await server.nextConnection(5000);
		expect(Date.now() - closedAt).toBeGreaterThanOrEqual(1400);
		expect(reconnectDelays(logs)).toEqual([0, 3000]);
		await third.waitFor(isSubscribe);
	});

	test('backs off exponentially up to the cap while the server keeps dropping, and resets once stable', async () => {
		const server = await fakeServer();
		const { client, logs } = makeClient(server.url(), {
			timing: { ...FAST, reconnectBaseMs: 100, reconnectMaxMs: 400, stableAfterMs: 300 },
		});
		await client.start();
		const gaps: number[] = [];
		let connection = await server.nextConnection();
		for (let i = 0; i < 4; i++) {
			const droppedAt = Date.now();
			connection.destroy();
			connection = await server.nextConnection(5000);
			gaps.push(Date.now() - droppedAt);
			await connection.waitFor(isSubscribe);
		}
		// random() = 1: the full delay, 100, 200, 400, 400 ms, and the client waited at least that long.
		expect(reconnectDelays(logs)).toEqual([100, 200, 400, 400]);
		expect(gaps[0]).toBeGreaterThanOrEqual(90);
		expect(gaps[1]).toBeGreaterThanOrEqual(190);
		expect(gaps[2]).toBeGreaterThanOrEqual(390);
		expect(gaps[3]).toBeGreaterThanOrEqual(390);

		await sleep(400); // stable: the next drop starts again from the base delay
		connection.destroy();
		await server.nextConnection(5000);
		expect(reconnectDelays(logs)).toEqual([100, 200, 400, 400, 100]);
	});

	test('a refused subscription fails start() with the server\'s reason', async () => {
		const server = await fakeServer({ autoEstablish: {} });
		const { client } = makeClient(server.url(), {
			subscriptions: [{ channel: 'private-x', authorize: () => ({ auth: 'app-key:bad' }) }],
		});
		const starting = client.start();
		const connection = await server.nextConnection();
		await connection.waitFor(isSubscribe);
		connection.send({
			event: 'pusher:subscription_error',
			channel: 'private-x',
			data: { type: 'AuthError', error: 'The connection is unauthorized.', status: 401 },
		});
		await expect(starting).rejects.toThrow('refused the subscription to "private-x": AuthError: The connection is unauthorized. (status 401)');
		expect(client.currentState).toBe('stopped');
	});

	test('a channel the server refuses is reported on its own; start() resolves and the other channels keep listening', async () => {
		const server = await fakeServer({ autoEstablish: {}, autoSubscribe: (channel) => channel !== 'presence-full' || 'The room is full' });
		const refused: Array<[string, string]> = [];
		const { client, messages, fatal } = makeClient(server.url(), {
			subscriptions: [{ channel: 'orders' }, { channel: 'presence-full', authorize: () => ({ auth: 'k:s', channel_data: '{"user_id":"n8n"}' }) }],
			onSubscriptionError: (channel, error) => refused.push([channel, error.message]),
		});
		await client.start();
		expect(refused).toEqual([['presence-full', 'The server refused the subscription to "presence-full": LimitReached: The room is full (status 4100)']]);
		const connection = server.connections[0];
		connection.send({ event: 'created', channel: 'orders', data: '{"id":1}' });
		await eventually(() => messages.some((m) => m.event === 'created'));
		expect(client.currentState).toBe('connected');
		expect(fatal).toEqual([]);
	});

	test('when every channel is refused start() fails with each reason', async () => {
		const server = await fakeServer({ autoEstablish: {}, autoSubscribe: (channel) => `no ${channel} today` });
		const refused: string[] = [];
		const { client } = makeClient(server.url(), {
			subscriptions: [{ channel: 'a' }, { channel: 'b' }],
			onSubscriptionError: (channel) => refused.push(channel),
		});
		await expect(client.start()).rejects.toThrow(
			'The server refused every subscription ("a": LimitReached: no a today (status 4100); "b": LimitReached: no b today (status 4100))',
		);
		expect(refused).toEqual([]);
		expect(client.currentState).toBe('stopped');
	});

	test('after start(), a reconnection on which every channel is refused is fatal', async () => {
		const server = await fakeServer({ autoEstablish: {}, autoSubscribe: (_channel, connection) => connection.index === 0 || 'App is over quota' });
		const { client, fatal } = makeClient(server.url());
		await client.start();
		server.connections[0].destroy();
		await eventually(() => fatal.length > 0);
		expect(fatal.map((error) => error.message)).toEqual(['The server refused the subscription to "orders": LimitReached: App is over quota (status 4100)']);
		expect(client.currentState).toBe('stopped');
	});

	test('a subscription the server never answers fails start(), naming the channel', async () => {
		const server = await fakeServer({ autoEstablish: {}, autoSubscribe: (channel) => channel !== 'silent-2' });
		const { client } = makeClient(server.url(), { subscriptions: [{ channel: 'orders' }, { channel: 'silent-2' }] });
		const started = Date.now();
		await expect(client.start()).rejects.toThrow('No answer to the subscription to "silent-2" within 600 ms');
		expect(Date.now() - started).toBeGreaterThanOrEqual(550);
		expect(client.currentState).toBe('stopped');
		expect(server.connectionCount).toBe(1);
	});

	test('after start(), a subscription left unanswered counts as a dead connection: it reconnects and subscribes again', async () => {
		// Connection 1 answers; connection 2 does not; connection 3 answers again.
		const server = await fakeServer({ autoEstablish: {}, autoSubscribe: (_channel, connection) => connection.index !== 1 });
		const { client, fatal, logs } = makeClient(server.url());
		await client.start();
		server.connections[0].destroy();
		const third = await eventually(() => server.connectionCount === 3, 5000, 'a third connection').then(() => server.connections[2]);
		await third.waitFor(isSubscribe);
		await eventually(() => client.currentState === 'connected' && logs.filter((line) => line.includes('Subscribed to 1 of 1')).length === 2);
		expect(logs.some((line) => line.includes('No answer to the subscription to "orders" within 600 ms'))).toBe(true);
		expect(fatal).toEqual([]);
	});

	test('a code-less pusher:error while subscribing (how Pusher refuses a bad signature) fails start()', async () => {
		const server = await fakeServer({ autoEstablish: {} });
		const { client } = makeClient(server.url(), {
			subscriptions: [{ channel: 'private-x', authorize: () => ({ auth: 'app-key:bad' }) }],
		});
		const starting = client.start();
		const connection = await server.nextConnection();
		await connection.waitFor(isSubscribe);
		connection.send({ event: 'pusher:error', data: { code: null, message: 'Invalid signature: Expected HMAC SHA256 hex digest' } });
		await expect(starting).rejects.toThrow('Invalid signature');
	});

	test('start() rejects when nothing listens, and when the server never says connection_established', async () => {
		const server = await fakeServer({});
		const port = server.port;
		await server.stop();
		servers.length = 0;
		const refused = makeClient(`ws://127.0.0.1:${port}/app/k?protocol=7`);
		await expect(refused.client.start()).rejects.toThrow(/Could not connect to ws:\/\/127\.0\.0\.1:\d+\/app\/k\?protocol=7/);

		const mute = await fakeServer({});
		const silent = makeClient(mute.url());
		const started = Date.now();
		await expect(silent.client.start()).rejects.toThrow('no pusher:connection_established within 1000 ms');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	test('stop() closes the socket with 1000, resolves a pending start(), and nothing reconnects', async () => {
		const server = await fakeServer();
		const { client } = makeClient(server.url());
		await client.start();
		const connection = server.connections[0];
		await client.stop();
		expect(await connection.closed).toBe(1000);
		expect(client.currentState).toBe('stopped');

		const mute = await fakeServer({});
		const waiting = makeClient(mute.url());
		const starting = waiting.client.start();
		await mute.nextConnection();
		await waiting.client.stop();
		await expect(starting).resolves.toBeUndefined();
		await sleep(300);
		expect(server.connectionCount).toBe(1);
		expect(mute.connectionCount).toBe(1);
	});

	test('stop() while waiting to reconnect cancels the reconnection', async () => {
		const server = await fakeServer();
		const { client } = makeClient(server.url(), { timing: { ...FAST, reconnectBaseMs: 500 } });
		await client.start();
		server.connections[0].destroy();
		await eventually(() => client.currentState === 'waiting', 2000, 'waiting state');
		await client.stop();
		await sleep(700);
		expect(server.connectionCount).toBe(1);
	});
});
