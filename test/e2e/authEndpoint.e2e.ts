/**
 * (c) examples/auth-endpoint.json, imported and published in a real n8n as
 * users would, is a pusher-js channel authorization endpoint that is safe to
 * publish: the Webhook node verifies the caller's JWT (n8n's JWT auth), the
 * presence identity comes from the token's claims, and a rule signs only the
 * user's own private channels and the presence rooms it lists. pusher-js
 * (Node build, its own HTTP auth transport, the token in
 * `channelAuthorization.headers`) subscribes through it to a private, a
 * presence and an end-to-end encrypted channel; everything else is refused.
 */
import jwt from 'jsonwebtoken';
import type { PresenceChannel } from 'pusher-js';

import { collect, connectClient, memberIds, subscribe, type PusherClient } from '../helpers/pusherClient';
import { eventually, exampleWorkflow, startStack, type Stack } from './harness';

const workflow = exampleWorkflow('auth-endpoint');
const AUTH_PATH = 'pusher/auth';
const JWT_SECRET = 'the app signs its session tokens with this';

let stack: Stack;
let endpoint: string;

const tokenFor = (user: string, secret = JWT_SECRET) =>
	jwt.sign({ sub: user, name: `${user[0].toUpperCase()}${user.slice(1)}` }, secret, { algorithm: 'HS256', expiresIn: '10m' });

/** A client whose channel authorization is the n8n workflow, signed in to the app as `user`. */
async function clientAs(user: string): Promise<PusherClient> {
	return await connectClient(stack.soketi, {
		pusherOptions: {
			channelAuthorization: { endpoint, transport: 'ajax', headers: { Authorization: `Bearer ${tokenFor(user)}` } },
		},
	});
}

/** What the endpoint answers a direct POST, as pusher-js would send it. */
async function ask(channel: string, authorization?: string): Promise<{ status: number; body: string }> {
	const response = await fetch(endpoint, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
		body: new URLSearchParams({ socket_id: '1234.5678', channel_name: channel }),
	});
	return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
	stack = await startStack({
		workflows: [workflow],
		credentials: [{ name: 'JWT for pusher-js', type: 'jwtAuth', data: { keyType: 'passphrase', secret: JWT_SECRET, algorithm: 'HS256' } }],
	});
	endpoint = await stack.n8n.waitForWebhook(AUTH_PATH);
});

afterAll(async () => {
	await stack?.stop();
});

test("the user's own private channel", async () => {
	const client = await clientAs('carol');
	const channel = await subscribe(client, 'private-user-carol');
	const got = collect(channel, 'created');
	await stack.sdk.trigger('private-user-carol', 'created', { id: 7 });
	expect(await got.waitFor(1)).toEqual([{ id: 7 }]);
	client.disconnect();
});

test('a listed presence room: members are who their tokens say they are', async () => {
	const carol = await clientAs('carol');
	const dave = await clientAs('dave');
	const room = await subscribe<PresenceChannel>(carol, 'presence-lobby');
	await subscribe(dave, 'presence-lobby');
	expect(await eventually('two members', async () => memberIds(room), (ids) => ids.length === 2)).toEqual(['carol', 'dave']);
	expect(room.members.me).toEqual({ id: 'carol', info: { name: 'Carol' } });
	carol.disconnect();
	dave.disconnect();
});

test("the user's own encrypted channel: the endpoint hands out the shared secret, pusher-js decrypts", async () => {
	const client = await clientAs('erin');
	const channel = await subscribe(client, 'private-encrypted-user-erin');
	const got = collect(channel, 'opened');
	await stack.sdk.trigger('private-encrypted-user-erin', 'opened', { code: 'é€😀' });
	expect(await got.waitFor(1)).toEqual([{ code: 'é€😀' }]);
	client.disconnect();
});

test("another user's channels and unlisted rooms get 403; pusher-js is refused", async () => {
	const carol = `Bearer ${tokenFor('carol')}`;
	for (const channel of ['private-user-dave', 'private-encrypted-user-dave', 'presence-secret', 'private-orders', 'private-user-carolx']) {
		const answer = await ask(channel, carol);
		expect([channel, answer.status]).toEqual([channel, 403]);
		expect(JSON.parse(answer.body)).toEqual({ error: `You may not subscribe to ${channel}` });
		expect(answer.body).not.toMatch(/"auth"/);
	}
	const client = await clientAs('carol');
	await expect(subscribe(client, 'private-user-dave')).rejects.toThrow(/403/);
	client.disconnect();
});

test('a request without a token, or with one not signed by the app, is refused by the Webhook node', async () => {
	expect((await ask('private-user-carol')).status).toBe(401);
	const forged = await ask('private-user-carol', `Bearer ${tokenFor('carol', 'guessed secret')}`);
	expect(forged.status).toBe(403);
	expect(forged.body).not.toMatch(/"auth"/);
});

test('each authorization and refusal by the rule was an execution of the published workflow', async () => {
	// Respond to Webhook answers before the execution ends: wait for the ends.
	const executions = await eventually(
		'finished executions',
		() => stack.n8n.executions(stack.n8n.workflowId(workflow.name)),
		(list) => list.length >= 10 && list.every((e) => e.status !== 'running' && e.status !== 'new'),
	);
	expect(executions.every((e) => e.mode === 'webhook' && e.status === 'success')).toBe(true);
});
