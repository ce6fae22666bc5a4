/**
 * User → Send Event and Terminate Connections with user ids that URL escaping
 * would change (an e-mail address; `.` and `=`): the node sends the request
 * the official Node SDK sends, and Soketi acts on it for the pusher-js client
 * signed in as that user. An id with `+` cannot sign in (its channel
 * `#server-to-user-…` is not a channel name), so the node refuses it.
 */
import Pusher from 'pusher';

import type { RecordedRequest } from '../helpers/countingProxy';
import { collect, signin, type PusherClient } from '../helpers/pusherClient';
import { expectItem, startHarness, type Harness } from './harness';

let h: Harness;
let sdk: Pusher;
beforeAll(async () => {
	h = await startHarness();
	// The official SDK, through the same proxy: the oracle for what goes on the wire.
	sdk = new Pusher({ ...h.soketi.pusherOptions(), port: String(h.proxy.port) });
});
afterAll(async () => {
	await h?.close();
});
beforeEach(() => h.proxy.reset());

/** What identifies a request on the wire: method, path exactly as sent, the query's names, the body. */
const shape = (request: RecordedRequest) => ({
	method: request.method,
	path: request.url.split('?')[0],
	query: Object.keys(request.query).sort(),
	body: request.body === '' ? undefined : JSON.parse(request.body),
});

/** Resolves with the state the client leaves `connected` for, or 'connected' if it is still connected after 5 s. */
const leavesConnected = (client: PusherClient) =>
	new Promise<string>((resolve) => {
		const timer = setTimeout(() => resolve('connected'), 5000);
		client.connection.bind('state_change', ({ current }: { current: string }) => {
			if (current === 'connected') return;
			clearTimeout(timer);
			resolve(current);
		});
	});

describe.each(['ada@example.com', 'a.b=c'])('user id %s', (userId) => {
	it('Send Event: the SDK\'s request, on #server-to-user-<id>, reaches the signed-in client', async () => {
		const client = await h.client(userId);
		await signin(client);
		const got = collect(client.user as never, 'notice');

		const { items, error } = await h.run({ resource: 'user', operation: 'sendEvent', userId, eventName: 'notice', dataMode: 'json', dataJson: '{"unread":3}' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ userId, event: 'notice', sent: true });
		expect(await got.waitFor(1)).toEqual([{ unread: 3 }]);

		await sdk.sendToUser(userId, 'notice', { unread: 3 });
		expect(await got.waitFor(2)).toEqual([{ unread: 3 }, { unread: 3 }]);
		const [ours, theirs] = h.proxy.requests.map(shape);
		expect(ours).toEqual(theirs);
		expect(ours.body.channels).toEqual([`#server-to-user-${userId}`]);
	});

	it('Terminate Connections: the SDK\'s request, with the id unescaped in the path, closes the client\'s connection', async () => {
		const client = await h.client(userId);
		await signin(client);
		const closed = leavesConnected(client);
		const { items, error } = await h.run({ resource: 'user', operation: 'terminateConnections', userId });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ userId, terminated: true });
		expect(await closed).not.toBe('connected');

		await sdk.terminateUserConnections(userId);
		const [ours, theirs] = h.proxy.requests.map(shape);
		expect(ours).toEqual(theirs);
		expect(ours.path).toBe(`/apps/${h.soketi.appId}/users/${userId}/terminate_connections`);
	});
});

describe('user ids that cannot be a signed-in user\'s', () => {
	const refused = /^User ID: User ID ".*" has characters a signed-in user's ID cannot have: the user's events go to the channel "#server-to-user-/;

	it('Soketi refuses to sign pusher-js in as "a+b.c=d"', async () => {
		const client = await h.client('a+b.c=d');
		await expect(signin(client)).rejects.toThrow(/The channel name is not allowed/);
	});

	it.each(['a+b.c=d', 'ada lovelace', 'a/b', 'zoë', '50%'])('%s is refused by Send Event, Terminate Connections and Authenticate User, before sending', async (userId) => {
		const send = await h.run({ resource: 'user', operation: 'sendEvent', userId, eventName: 'notice', dataMode: 'json', dataJson: '{}' });
		const terminate = await h.run({ resource: 'user', operation: 'terminateConnections', userId });
		const authenticate = await h.run({ resource: 'authorization', operation: 'authenticateUser', source: 'fields', socketId: '1.2', userId });
		for (const { error } of [send, terminate, authenticate]) {
			expectItem(error, 0);
			expect(error?.message).toMatch(refused);
		}
		expect(h.proxy.requests).toHaveLength(0);
	});
});
