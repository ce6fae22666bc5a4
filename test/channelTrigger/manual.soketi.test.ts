/**
 * "Listen for test event": n8n-core's WorkflowExecute runs the trigger in
 * manual mode, which connects in `manualTriggerFunction`, takes the first
 * selected event as the node's output, and closes the connection.
 */
import Pusher from 'pusher';

import { soketiCredentialData, startSoketi, type Soketi } from '../helpers/soketi';
import { waitForSubscriptions } from './channelState';
import { listenForTestEvent, NODE_NAME, trackWebSockets } from './triggerRunner';

let soketi: Soketi;
let sdk: Pusher;
const tracker = trackWebSockets();

beforeAll(async () => {
	soketi = await startSoketi();
	sdk = new Pusher(soketi.pusherOptions());
});

afterAll(async () => {
	tracker.restore();
	await soketi.stop();
});

function credentials(overrides: Record<string, string | number | boolean> = {}) {
	return { ...soketiCredentialData(soketi), ...overrides };
}

describe('Pusher Channel Trigger: listen for test event', () => {
	test('resolves with the first selected event, then closes the connection', async () => {
		const before = tracker.sockets.length;
		const run = listenForTestEvent({
			parameters: { channels: 'manual-orders private-manual', events: 'specific', eventNames: 'order-*' },
			credentials: credentials(),
		});
		await waitForSubscriptions(sdk, 'manual-orders', 1);
		await waitForSubscriptions(sdk, 'private-manual', 1);
		await sdk.trigger('manual-orders', 'ignored', { n: 0 });
		await sdk.trigger('private-manual', 'order-created', { n: 1 });
		await sdk.trigger('manual-orders', 'order-created', { n: 2 });

		const result = await run;
		expect(result.status).toBe('success');
		expect(result.data[NODE_NAME].map((item) => item.json)).toEqual([
			{
				channel: 'private-manual',
				event: 'order-created',
				data: { n: 1 },
				rawData: '{"n":1}',
				receivedAt: expect.any(String),
			},
		]);

		const opened = tracker.sockets.slice(before);
		expect(opened).toHaveLength(1);
		expect(opened[0].readyState).toBe(3);
		await waitForSubscriptions(sdk, 'manual-orders', 0);
	});

	test('a connection the server refuses ends the test run with the error', async () => {
		const result = await listenForTestEvent({ parameters: { channels: 'orders' }, credentials: credentials({ key: 'nope' }) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('App key nope does not exist');
	});
});
