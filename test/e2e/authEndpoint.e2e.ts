/**
 * (c) examples/auth-endpoint.json (Webhook → Pusher Authorize Channel →
 * Respond to Webhook), imported and published in a real n8n as users would,
 * is pusher-js's channel authorization endpoint: pusher-js (Node build, its
 * own HTTP auth transport) subscribes through it to a private, a presence and
 * an end-to-end encrypted channel, and gets events on each.
 */
import type { PresenceChannel } from 'pusher-js';

import { collect, connectClient, memberIds, subscribe, type PusherClient } from '../helpers/pusherClient';
import { eventually, exampleWorkflow, startStack, type Stack } from './harness';

const workflow = exampleWorkflow('auth-endpoint');
const AUTH_PATH = 'pusher/auth';

let stack: Stack;
let endpoint: string;

/** A client whose channel authorization is the n8n workflow; `?user=` names the presence member (as the example reads it). */
async function clientAs(user: string): Promise<PusherClient> {
	return await connectClient(stack.soketi, {
		pusherOptions: { channelAuthorization: { endpoint: `${endpoint}?user=${encodeURIComponent(user)}`, transport: 'ajax' } },
	});
}

beforeAll(async () => {
	stack = await startStack({ workflows: [workflow] });
	endpoint = await stack.n8n.waitForWebhook(AUTH_PATH);
});

afterAll(async () => {
	await stack?.stop();
});

test('a private channel', async () => {
	const client = await clientAs('carol');
	const channel = await subscribe(client, 'private-e2e-orders');
	const got = collect(channel, 'created');
	await stack.sdk.trigger('private-e2e-orders', 'created', { id: 7 });
	expect(await got.waitFor(1)).toEqual([{ id: 7 }]);
	client.disconnect();
});

test('a presence channel: members are who the workflow says they are', async () => {
	const carol = await clientAs('carol');
	const dave = await clientAs('dave');
	const room = await subscribe<PresenceChannel>(carol, 'presence-e2e-lobby');
	await subscribe(dave, 'presence-e2e-lobby');
	expect(await eventually('two members', async () => memberIds(room), (ids) => ids.length === 2)).toEqual(['carol', 'dave']);
	expect(room.members.me).toEqual({ id: 'carol', info: { name: 'carol' } });
	carol.disconnect();
	dave.disconnect();
});

test('an encrypted channel: the endpoint hands out the shared secret, pusher-js decrypts', async () => {
	const client = await clientAs('erin');
	const channel = await subscribe(client, 'private-encrypted-e2e-vault');
	const got = collect(channel, 'opened');
	await stack.sdk.trigger('private-encrypted-e2e-vault', 'opened', { code: 'é€😀' });
	expect(await got.waitFor(1)).toEqual([{ code: 'é€😀' }]);
	client.disconnect();
});

test('each authorization was an execution of the published workflow', async () => {
	// Respond to Webhook answers before the execution ends: wait for the ends.
	const executions = await eventually(
		'four finished executions',
		() => stack.n8n.executions(stack.n8n.workflowId(workflow.name)),
		(list) => list.length >= 4 && list.every((e) => e.status !== 'running' && e.status !== 'new'),
	);
	expect(executions.every((e) => e.mode === 'webhook' && e.status === 'success')).toBe(true);
});
