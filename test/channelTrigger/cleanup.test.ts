/**
 * closeFunction leaves nothing running: no socket, no timer, whatever state
 * the connection is in. jest's --detectOpenHandles does not see timers made
 * inside node_modules (n8n-workflow's sleep, which the node's timers use), so
 * the timers the node's timer.ts creates are tracked with async_hooks, and
 * sockets with Node's list of active resources (only this file's scripted
 * local server and the trigger open TCP connections here).
 */
import { createHook } from 'node:async_hooks';

import { startFakePusherServer, type FakePusherServer } from './fakePusherServer';
import { activateTrigger, type ActiveTrigger } from './triggerRunner';

type TimeoutResource = { _destroyed?: boolean };
const nodeTimers: TimeoutResource[] = [];
const hook = createHook({
	init(_asyncId, type, _triggerAsyncId, resource) {
		if (type !== 'Timeout') return;
		const limit = Error.stackTraceLimit;
		Error.stackTraceLimit = 50;
		const stack = new Error().stack ?? '';
		Error.stackTraceLimit = limit;
		if (/channelTrigger[\\/]timer\.ts/.test(stack)) nodeTimers.push(resource as TimeoutResource);
	},
});

let server: FakePusherServer;
let trigger: ActiveTrigger | undefined;

beforeAll(() => hook.enable());
afterAll(() => hook.disable());

beforeEach(async () => {
	nodeTimers.length = 0;
	server = await startFakePusherServer({ autoEstablish: { activityTimeout: 30 }, autoSubscribe: true });
});

afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
	await server.stop();
});

const pendingNodeTimers = () => nodeTimers.filter((timer) => timer._destroyed !== true).length;
const openSockets = () => process.getActiveResourcesInfo().filter((type) => type === 'TCPSocketWrap').length;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check() && Date.now() < deadline) await pause(5);
}

async function activate() {
	trigger = await activateTrigger({
		parameters: { channels: 'orders private-orders' },
		credentials: { connection: 'custom', appId: 'app-id', key: 'app-key', secret: 'app-secret', host: '127.0.0.1', port: server.port, useTLS: false },
	});
	return trigger;
}

describe('closeFunction leaves no socket and no timer', () => {
	test('while connected (activity timer pending)', async () => {
		const socketsBefore = openSockets();
		await activate();
		expect(pendingNodeTimers()).toBe(1);
		expect(openSockets()).toBe(socketsBefore + 2); // client end and server end

		await trigger!.close();
		expect(await (await server.nextConnection()).closed).toBe(1000);
		expect(pendingNodeTimers()).toBe(0);
		await eventually(() => openSockets() === socketsBefore);
		expect(openSockets()).toBe(socketsBefore);
	});

	test('while waiting to reconnect (backoff timer pending)', async () => {
		const socketsBefore = openSockets();
		await activate();
		(await server.nextConnection()).destroy();
		await eventually(() => openSockets() === socketsBefore);
		expect(pendingNodeTimers()).toBe(1);

		await trigger!.close();
		expect(pendingNodeTimers()).toBe(0);
		await pause(1500);
		expect(server.connectionCount).toBe(1);
		expect(openSockets()).toBe(socketsBefore);
	});

	test('while a ping waits for its pong (activity and pong timers pending)', async () => {
		await server.stop();
		server = await startFakePusherServer({ autoEstablish: { activityTimeout: 1 }, autoSubscribe: true, autoPong: false });
		const socketsBefore = openSockets();
		await activate();
		const connection = await server.nextConnection();
		await connection.waitFor((frame) => frame.event === 'pusher:ping', 3000);
		expect(pendingNodeTimers()).toBe(2);

		await trigger!.close();
		await connection.closed;
		expect(pendingNodeTimers()).toBe(0);
		await eventually(() => openSockets() === socketsBefore);
		expect(openSockets()).toBe(socketsBefore);
	});

	test('while still connecting (connect timer pending)', async () => {
		await server.stop();
		server = await startFakePusherServer({});
		const socketsBefore = openSockets();
		const activation = activateTrigger({
			parameters: { channels: 'orders' },
			credentials: { connection: 'custom', appId: 'app-id', key: 'app-key', secret: 'app-secret', host: '127.0.0.1', port: server.port, useTLS: false },
		});
		const connection = await server.nextConnection();
		expect(pendingNodeTimers()).toBe(1);
		// The server never says connection_established; dropping it fails the activation.
		connection.destroy();
		await expect(activation).rejects.toThrow('Could not connect');
		expect(pendingNodeTimers()).toBe(0);
		await eventually(() => openSockets() === socketsBefore);
		expect(openSockets()).toBe(socketsBefore);
	});
});
