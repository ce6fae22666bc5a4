/**
 * The Pusher Channel Trigger in n8n's own trigger machinery against a real
 * Soketi: events are triggered through the REST API with the official
 * `pusher` SDK, presence members are real pusher-js clients.
 */
import { NodeOperationError } from 'n8n-workflow';
import Pusher from 'pusher';
import type { PresenceChannel } from 'pusher-js';

import { connectClient, disconnect, subscribe, type PusherClient } from '../helpers/pusherClient';
import { soketiCredentialData, startSoketi, type Soketi } from '../helpers/soketi';
import { presenceUserIds, waitForSubscriptions } from './channelState';
import { activateTrigger, listenForTestEvent, trackWebSockets, withoutWebSocket, type ActiveTrigger } from './triggerRunner';
import { startFakePusherServer } from './fakePusherServer';

const MASTER_KEY = Buffer.alloc(32, 11).toString('base64');
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let soketi: Soketi;
let sdk: Pusher;
const active: ActiveTrigger[] = [];
const tracker = trackWebSockets();

beforeAll(async () => {
	soketi = await startSoketi();
	sdk = new Pusher({ ...soketi.pusherOptions(), encryptionMasterKeyBase64: MASTER_KEY });
});

afterEach(async () => {
	await Promise.all(active.splice(0).map(async (trigger) => await trigger.close()));
});

afterAll(async () => {
	tracker.restore();
	await soketi.stop();
});

function credentials(overrides: Record<string, string | number | boolean> = {}) {
	return { ...soketiCredentialData(soketi, MASTER_KEY), ...overrides };
}

async function activate(parameters: Record<string, unknown>, credentialOverrides: Record<string, string | number | boolean> = {}) {
	const trigger = await activateTrigger({ parameters: parameters as never, credentials: credentials(credentialOverrides) });
	active.push(trigger);
	return trigger;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectNodeError(error: unknown, message: string, description: string) {
	expect(error).toBeInstanceOf(NodeOperationError);
	expect((error as NodeOperationError).message).toContain(message);
	expect((error as NodeOperationError).description).toContain(description);
}

describe('Pusher Channel Trigger on Soketi', () => {
	test('takes Channels and Event Names from expressions that return arrays', async () => {
		const trigger = await activate({ channels: '={{ ["expr-a", "expr-b"] }}', events: 'specific', eventNames: '={{ ["hit", "also-*"] }}' });
		await sdk.trigger(['expr-a', 'expr-b'], 'miss', {});
		await sdk.trigger(['expr-a', 'expr-b'], 'hit', {});
		await sdk.trigger('expr-b', 'also-this', {});
		const items = await trigger.waitForItems(3);
		await pause(300);
		expect(trigger.items).toHaveLength(3);
		expect(items.map(({ channel, event }) => `${String(channel)} ${String(event)}`).sort()).toEqual(['expr-a hit', 'expr-b also-this', 'expr-b hit']);
	});

	test('takes the text an expression returns as one channel name, refused before connecting', async () => {
		const failed = await activate({ channels: '={{ "expr-a expr-b" }}' }).catch((error: unknown) => error);
		expectNodeError(failed, 'Channels: Channel name "expr-a expr-b" has characters Pusher does not allow', 'separated by spaces or new lines');
	});

	test('each event arrives exactly once on public, private, presence and encrypted channels, encrypted ones decrypted', async () => {
		const channels = ['orders', 'private-orders', 'presence-lobby', 'private-encrypted-payments'];
		const trigger = await activate({ channels: channels.join('\n') });
		// Activation returns once subscribed: events triggered now are received.
		await sdk.trigger('orders', 'created', { id: 1 });
		await sdk.trigger('private-orders', 'created', { id: 2 });
		await sdk.trigger('presence-lobby', 'announce', 'plain text');
		await sdk.trigger('private-encrypted-payments', 'paid', { amount: 12.5, currency: '€' });
		await sdk.trigger(['orders', 'private-orders'], 'bulk', { id: 3 });

		const items = await trigger.waitForItems(6);
		await pause(500);
		expect(trigger.items).toHaveLength(6);
		expect(trigger.executions).toBe(6);
		const summary = items.map(({ channel, event, data }) => ({ channel, event, data }));
		expect(summary).toEqual(
			expect.arrayContaining([
				{ channel: 'orders', event: 'created', data: { id: 1 } },
				{ channel: 'private-orders', event: 'created', data: { id: 2 } },
				{ channel: 'presence-lobby', event: 'announce', data: 'plain text' },
				{ channel: 'private-encrypted-payments', event: 'paid', data: { amount: 12.5, currency: '€' } },
				{ channel: 'orders', event: 'bulk', data: { id: 3 } },
				{ channel: 'private-orders', event: 'bulk', data: { id: 3 } },
			]),
		);
		expect(items[0]).toEqual({
			channel: 'orders',
			event: 'created',
			data: { id: 1 },
			rawData: '{"id":1}',
			receivedAt: expect.stringMatching(ISO_TIME),
		});
		const encrypted = items.find((item) => item.channel === 'private-encrypted-payments')!;
		expect(encrypted).toMatchObject({ rawData: '{"amount":12.5,"currency":"€"}', encrypted: true });
		expect(await presenceUserIds(sdk, 'presence-lobby')).toEqual(['n8n']);
		expect(trigger.errors).toEqual([]);
	});

	test('presence: members joining and leaving are emitted with the member, client events carry the sender', async () => {
		const trigger = await activate({
			channels: 'presence-room',
			pusherEvents: ['pusher:member_added', 'pusher:member_removed'],
			options: { presenceUserId: 'workflow-bot', presenceUserInfo: '{"role":"bot"}' },
		});
		const alice = await connectClient(soketi, {
			authorize: (socketId, channel) => sdk.authorizeChannel(socketId, channel, { user_id: 'alice', user_info: { name: 'Alice' } }),
		});
		const room = await subscribe<PresenceChannel>(alice, 'presence-room');
		expect(room.members.get('workflow-bot')).toEqual({ id: 'workflow-bot', info: { role: 'bot' } });

		const [added] = await trigger.waitForItems(1);
		expect(added).toMatchObject({
			channel: 'presence-room',
			event: 'pusher:member_added',
			userId: 'alice',
			member: { id: 'alice', info: { name: 'Alice' } },
		});

		room.trigger('client-wave', { hello: 'n8n' });
		const [, wave] = await trigger.waitForItems(2);
		expect(wave).toMatchObject({ event: 'client-wave', data: { hello: 'n8n' }, userId: 'alice' });

		disconnect(alice);
		const [, , removed] = await trigger.waitForItems(3);
		expect(removed).toMatchObject({ event: 'pusher:member_removed', userId: 'alice', member: { id: 'alice' } });
		await pause(300);
		expect(trigger.items).toHaveLength(3);
	});

	test('only the chosen event names start the workflow; Pusher events only when chosen', async () => {
		const trigger = await activate({ channels: 'orders presence-names', events: 'specific', eventNames: 'order-* deleted' });
		for (const name of ['order-created', 'other', 'deleted', 'Deleted', 'order-paid', 'orders']) {
			await sdk.trigger('orders', name, { name });
		}
		const alice = await connectClient(soketi, {
			authorize: (socketId, channel) => sdk.authorizeChannel(socketId, channel, { user_id: 'alice' }),
		});
		await subscribe(alice, 'presence-names');
		await sdk.trigger('orders', 'deleted', { last: true });

		await trigger.waitForItems(4);
		await pause(400);
		expect(trigger.items.map((item) => item.event)).toEqual(['order-created', 'deleted', 'order-paid', 'deleted']);
	});

	test('after Soketi is killed and restarted on the same port it reconnects, re-subscribes and resumes', async () => {
		const trigger = await activate({ channels: 'orders private-orders presence-orders' });
		await sdk.trigger('orders', 'before', { n: 1 });
		await trigger.waitForItems(1);

		await soketi.restart();
		for (const channel of ['orders', 'private-orders', 'presence-orders']) await waitForSubscriptions(sdk, channel, 1, 30_000);
		await sdk.trigger('orders', 'after', { n: 2 });
		await sdk.trigger('private-orders', 'after', { n: 3 });
		await sdk.trigger('presence-orders', 'after', { n: 4 });

		const items = await trigger.waitForItems(4, 15_000);
		await pause(400);
		expect(trigger.items).toHaveLength(4);
		expect(items.map((item) => `${item.channel}:${item.event}`)).toEqual([
			'orders:before',
			'orders:after',
			'private-orders:after',
			'presence-orders:after',
		]);
		expect(await presenceUserIds(sdk, 'presence-orders')).toEqual(['n8n']);
		expect(trigger.errors).toEqual([]);
	});

	test('after Soketi is SIGKILLed (no close frame, code 1006) and started again it backs off, reconnects and resumes', async () => {
		const trigger = await activate({ channels: 'killed private-killed' });
		process.kill(-soketi.pid!, 'SIGKILL');
		await pause(1500); // down for a while: a few attempts fail
		await soketi.restart();
		await waitForSubscriptions(sdk, 'killed', 1, 30_000);
		await waitForSubscriptions(sdk, 'private-killed', 1, 30_000);
		await sdk.trigger(['killed', 'private-killed'], 'back', { ok: true });
		const items = await trigger.waitForItems(2, 15_000);
		expect(items.map((item) => item.channel).sort()).toEqual(['killed', 'private-killed']);
		expect(trigger.errors).toEqual([]);
	});

	test('closeFunction closes the socket: the server sees the subscription go, and no socket stays open', async () => {
		const before = tracker.sockets.length;
		const trigger = await activate({ channels: 'closing private-closing' });
		await waitForSubscriptions(sdk, 'closing', 1);
		const opened = tracker.sockets.slice(before);
		expect(opened).toHaveLength(1);
		expect(opened[0].url).toBe(`ws://127.0.0.1:${soketi.port}/app/${soketi.key}?protocol=7&client=n8n-nodes-pusher-channels&version=0.1.0&flash=false`);

		await trigger.close();
		expect(opened[0].readyState).toBe(3);
		await waitForSubscriptions(sdk, 'closing', 0);
		await waitForSubscriptions(sdk, 'private-closing', 0);
		await sdk.trigger('closing', 'late', {});
		await pause(300);
		expect(trigger.items).toEqual([]);
		expect(tracker.sockets.slice(before)).toHaveLength(1);
	});

	test('an event that cannot be decrypted is saved as a failed execution; the trigger keeps listening', async () => {
		const trigger = await activate(
			{ channels: 'private-encrypted-secrets orders' },
			{ encryptionMasterKeySecret: Buffer.alloc(32, 12).toString('base64') },
		);
		await sdk.trigger('private-encrypted-secrets', 'secret', { x: 1 });
		const failure = await trigger.waitForFailedExecution();
		expect(failure.message).toContain('Event "secret" on "private-encrypted-secrets" could not be decrypted');
		expect(failure.constructor.name).toBe('NodeOperationError');

		await sdk.trigger('orders', 'still-here', {});
		await trigger.waitForItems(1);
		expect(trigger.errors).toEqual([]);
	});
});

describe('Pusher Channel Trigger on a Soketi that enforces user authentication', () => {
	let strict: Soketi;
	let strictSdk: Pusher;
	beforeAll(async () => {
		strict = await startSoketi({ userAuthentication: true, userAuthenticationTimeoutMs: 1500 });
		strictSdk = new Pusher(strict.pusherOptions());
	});
	afterAll(async () => {
		await strict.stop();
	});

	test('without sign-in the server closes the connection with 4009: reported once through emitError, with the fix', async () => {
		const trigger = await activate({ channels: 'orders' }, { port: strict.port });
		const error = await trigger.waitForError(5000);
		expectNodeError(error, 'pusher:error 4009: Connection not authorized within timeout', 'turn on Sign In as User');
		await pause(1500);
		expect(trigger.errors).toHaveLength(1);
	});

	test('signed in it stays connected past the timeout and receives events sent to its user', async () => {
		const trigger = await activate(
			{ channels: 'orders', options: { signIn: true, presenceUserId: 'workflow-bot' } },
			{ port: strict.port },
		);
		await pause(2500);
		await strictSdk.trigger('orders', 'still-connected', {});
		await strictSdk.sendToUser('workflow-bot', 'direct', { hello: 'bot' });
		const items = await trigger.waitForItems(2);
		expect(items.map(({ channel, event, data }) => ({ channel, event, data }))).toEqual([
			{ channel: 'orders', event: 'still-connected', data: {} },
			{ channel: '#server-to-user-workflow-bot', event: 'direct', data: { hello: 'bot' } },
		]);
		expect(trigger.errors).toEqual([]);
	});
});

describe('Pusher Channel Trigger when Soketi refuses one subscription (a presence room over its member limit)', () => {
	let small: Soketi;
	let smallSdk: Pusher;
	let alice: PusherClient;
	beforeAll(async () => {
		small = await startSoketi({ maxPresenceMembers: 1 });
		smallSdk = new Pusher(small.pusherOptions());
		// Alice fills the one seat of presence-full.
		alice = await connectClient(small, {
			authorize: (socketId, channel) => smallSdk.authorizeChannel(socketId, channel, { user_id: 'alice' }),
		});
		await subscribe(alice, 'presence-full');
	});
	afterAll(async () => {
		disconnect(alice);
		await small.stop();
	});
	const REFUSED = 'The server refused the subscription to "presence-full": LimitReached: The maximum members per presence channel limit was reached (status 4100)';

	test('the refused channel is saved as a failed execution; the workflow stays active and the other channels listen', async () => {
		const trigger = await activate({ channels: 'orders presence-full' }, { port: small.port });
		const failure = await trigger.waitForFailedExecution();
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure.message).toBe(REFUSED);
		await smallSdk.trigger('orders', 'created', { id: 1 });
		const [item] = await trigger.waitForItems(1);
		expect(item).toMatchObject({ channel: 'orders', event: 'created', data: { id: 1 } });
		expect(await presenceUserIds(smallSdk, 'presence-full')).toEqual(['alice']);
		expect(trigger.errors).toEqual([]);
		expect(trigger.failedExecutions).toHaveLength(1);
	});

	test('when no channel can be subscribed the activation fails, with the reason', async () => {
		const error = await activate({ channels: 'presence-full' }, { port: small.port }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe(REFUSED);
	});

	test('listening for a test event ends with the refusal, so the user sees it, and closes the connection', async () => {
		const before = tracker.sockets.length;
		const result = await listenForTestEvent({ parameters: { channels: 'orders presence-full' }, credentials: credentials({ port: small.port }) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(REFUSED);
		const opened = tracker.sockets.slice(before);
		expect(opened).toHaveLength(1);
		expect(opened[0].readyState).toBe(3);
		await waitForSubscriptions(smallSdk, 'orders', 0);
	});
});

describe('Pusher Channel Trigger activation errors', () => {
	test('a wrong app key fails the activation with the server\'s 4001 and what to check', async () => {
		const error = await activate({ channels: 'orders' }, { key: 'wrong-key' }).catch((caught: unknown) => caught);
		expectNodeError(error, 'App key wrong-key does not exist', 'check the Key and the cluster or host');
	});

	test('a wrong secret fails the activation with the refused subscription', async () => {
		await expect(activate({ channels: 'private-orders' }, { secret: 'not-the-secret' })).rejects.toThrow(
			'The server refused the subscription to "private-orders"',
		);
	});

	test('an encrypted channel without a master key fails before connecting', async () => {
		const before = tracker.sockets.length;
		const failed = await activate({ channels: 'private-encrypted-x' }, { encryptionMasterKeySecret: '' }).catch((error: unknown) => error);
		expectNodeError(
			failed,
			'Channels: Channel "private-encrypted-x" is end-to-end encrypted, and the credential has no Encryption Master Key',
			'Set the Encryption Master Key the app encrypts with in the Pusher credential',
		);
		expect(tracker.sockets.length).toBe(before);
	});

	test('nothing listening fails the activation with the URL', async () => {
		const server = await startFakePusherServer();
		const { port } = server;
		await server.stop();
		await expect(activate({ channels: 'orders' }, { port })).rejects.toThrow(
			`Could not connect to ws://127.0.0.1:${port}/app/app-key`,
		);
	});

	test('without a built-in WebSocket (Node.js 20) its message itself says that it needs Node.js 22 or newer', async () => {
		const missing = withoutWebSocket();
		try {
			const error = await activate({ channels: 'orders' }).catch((caught: unknown) => caught);
			expectNodeError(error, 'needs Node.js 22 or newer', 'Run n8n on Node.js 22 or newer');
		} finally {
			missing.restore();
		}
	});

	test('a server that never answers a subscription fails the activation after 10 s, naming the channel', async () => {
		const server = await startFakePusherServer({ autoEstablish: {}, autoSubscribe: (channel) => channel !== 'silent' });
		try {
			const started = Date.now();
			await expect(activate({ channels: 'orders silent' }, { port: server.port })).rejects.toThrow(
				'No answer to the subscription to "silent" within 10000 ms',
			);
			expect(Date.now() - started).toBeGreaterThanOrEqual(9_900);
			expect((await server.connections[0].closed) ?? 1000).toBe(1000);
			expect(server.connectionCount).toBe(1);
		} finally {
			await server.stop();
		}
	});

	test('a 4000-4099 close after activation is reported through emitError, once, and nothing reconnects', async () => {
		const server = await startFakePusherServer({ autoEstablish: {}, autoSubscribe: true });
		try {
			const trigger = await activate({ channels: 'orders' }, { port: server.port });
			const connection = await server.nextConnection();
			connection.close(4004, 'Over connection quota');
			const error = await trigger.waitForError();
			expectNodeError(error, 'code 4004: Over connection quota', 'over its connection quota');
			await pause(1500);
			expect(server.connectionCount).toBe(1);
			expect(trigger.errors).toHaveLength(1);
		} finally {
			await server.stop();
		}
	});
});
