/**
 * `pusherApi` credentials provisioned by API, as users who script their n8n
 * do: each connection (a Pusher cluster, an "Other" cluster, a self-hosted
 * server, a PUSHER_URL) created with POST /api/v1/credentials with the body
 * docs/compatibility.md gives, accepted by this line's public API, and then
 * used by a Pusher node: the two that point at the test's Soketi deliver an
 * event to a pusher-js client, the two cluster ones fail naming the Pusher
 * host they were meant for (nothing on the internet answers here).
 * The same rule for a Pusher Beams credential. Also: the fields the editor's
 * form shows for each connection, computed by this line's own n8n-workflow
 * from the credential type n8n serves the editor.
 */
import path from 'node:path';

import { collect, connectClient, subscribe, type Collector, type PusherClient } from '../helpers/pusherClient';
import { connect, line, node, nodeOutput, pusherNode, startStack, type Stack } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
const { n8nDir } = require('../../scripts/n8n/paths.cjs') as { n8nDir: string };

const CHANNEL = 'e2e-provisioned';
/** n8n's own field on credentials its HTTP Request node may use; 1.x's public API needs it (see the docs). */
const DOMAINS = { allowedHttpRequestDomains: 'all' };

let stack: Stack;
let client: PusherClient;
let received: Collector;

function bodies(): Record<string, Record<string, unknown>> {
	const { soketi } = stack;
	const keys = { appId: soketi.appId, key: soketi.key, secret: soketi.secret };
	return {
		cluster: { connection: 'cluster', ...keys, cluster: 'eu', ...DOMAINS },
		'other cluster': { connection: 'cluster', ...keys, cluster: 'other', otherCluster: 'xy9', ...DOMAINS },
		'self-hosted': { connection: 'custom', ...keys, host: soketi.host, port: soketi.port, useTLS: false, ...DOMAINS },
		'PUSHER_URL': {
			connection: 'url',
			pusherUrlSecret: `http://${soketi.key}:${soketi.secret}@${soketi.host}:${soketi.port}/apps/${soketi.appId}`,
			...DOMAINS,
		},
	};
}

async function createCredential(name: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
	return await stack.n8n.api<{ id: string; name: string }>('POST', '/credentials', { name, type: 'pusherApi', data });
}

beforeAll(async () => {
	stack = await startStack({ workflows: [] });
	client = await connectClient(stack.soketi);
	received = collect(await subscribe(client, CHANNEL), 'provisioned');
});

afterAll(async () => {
	client?.disconnect();
	await stack?.stop();
});

const created: Record<string, { id: string; name: string }> = {};

test('the public API accepts each connection with the documented body', async () => {
	for (const [connection, data] of Object.entries(bodies())) {
		created[connection] = await createCredential(`Pusher (${connection})`, data);
	}
	expect(Object.values(created).every((c) => typeof c.id === 'string' && c.id.length > 0)).toBe(true);
});

test(`without n8n's allowedHttpRequestDomains field: n8n ${line.version} ${line.major >= 2 ? 'accepts it' : 'asks for allowedDomains'}`, async () => {
	const { allowedHttpRequestDomains, ...data } = bodies()['self-hosted'];
	expect(allowedHttpRequestDomains).toBe('all');
	const answer = await createCredential('Pusher (no domain field)', data).then(
		(credential) => ({ status: 200, credential, message: '' }),
		(error: { status: number; body?: { message?: string } }) => ({ status: error.status, message: error.body?.message ?? '' }),
	);
	if (line.major >= 2) {
		expect(answer.status).toBe(200);
	} else {
		expect(answer.status).toBe(400);
		expect(answer.message).toMatch(/requires property "allowedDomains"/);
	}
});

test(`a Pusher Beams credential takes the same body rule: n8n ${line.version} ${line.major >= 2 ? 'accepts it with or without the domain field' : 'needs the domain field'}`, async () => {
	const data = { instanceId: '8f9a6e22-2483-49aa-8552-125f1a4c5781', secretKey: 'beams-e2e-secret' };
	const create = async (body: Record<string, unknown>) =>
		await stack.n8n.api<{ id: string }>('POST', '/credentials', { name: 'Beams', type: 'pusherBeamsApi', data: body }).then(
			() => 200,
			(error: { status: number }) => error.status,
		);
	expect(await create({ ...data, ...DOMAINS })).toBe(200);
	expect(await create(data)).toBe(line.major >= 2 ? 200 : 400);
});

test('a Pusher node sends with each stored credential: Soketi delivers, the clusters fail naming their host', async () => {
	const send = (connection: string) =>
		pusherNode(
			connection,
			'pusher',
			{
				resource: 'event',
				operation: 'trigger',
				channels: [CHANNEL],
				eventName: 'provisioned',
				dataMode: 'json',
				dataJson: JSON.stringify({ via: connection }),
			},
			{ credentials: { pusherApi: created[connection] }, onError: 'continueRegularOutput' },
		);
	const connections = Object.keys(created);
	const workflow = {
		name: 'Send with provisioned credentials',
		nodes: [node('Start', 'n8n-nodes-base.manualTrigger'), ...connections.map(send)],
		connections: connect(...connections.map((c): [string, string] => ['Start', c])),
		settings: { executionOrder: 'v1' },
	};
	const { id } = await stack.n8n.api<{ id: string }>('POST', '/workflows', workflow);
	const run = await stack.n8n.execute(id);

	expect(nodeOutput(run, 'self-hosted')).toEqual([expect.objectContaining({ sent: true })]);
	expect(nodeOutput(run, 'PUSHER_URL')).toEqual([expect.objectContaining({ sent: true })]);
	expect((await received.waitFor(2)).map((data) => (data as { via: string }).via).sort()).toEqual(['PUSHER_URL', 'self-hosted']);
	// The package's own message on both lines (n8n 1.x's HTTP helpers hide the cause it is built from).
	const unreachable = (host: string) => [
		{ error: expect.stringMatching(/^Could not reach the Pusher server to trigger "provisioned"/), description: expect.stringContaining(host) },
	];
	expect(nodeOutput(run, 'cluster')).toEqual(unreachable('api-eu.pusher.com'));
	expect(nodeOutput(run, 'other cluster')).toEqual(unreachable('api-xy9.pusher.com'));
});

test("the editor's form shows each connection's fields, and only those", async () => {
	const response = await fetch(`${stack.n8n.baseUrl}/types/credentials.json`, { headers: { cookie: stack.n8n.cookie } });
	expect(response.status).toBe(200);
	const types = (await response.json()) as Array<{ name: string; properties: Array<{ name: string; type: string; default: unknown }> }>;
	const properties = types.find((type) => type.name === 'pusherApi')!.properties;
	const { NodeHelpers } = require(path.join(n8nDir, 'node_modules/n8n-workflow')) as {
		NodeHelpers: { displayParameter(values: object, property: object, node: null, description: null): boolean };
	};
	const shown = (values: Record<string, unknown>) => {
		const withDefaults = { ...Object.fromEntries(properties.map((p) => [p.name, p.default])), ...values };
		return properties
			.filter((p) => !/^allowed(HttpRequest)?Domains$/.test(p.name) && NodeHelpers.displayParameter(withDefaults, p, null, null))
			.map((p) => p.name);
	};
	const keys = ['appId', 'key', 'secret'];
	expect(shown({ connection: 'cluster' })).toEqual(['connection', ...keys, 'cluster', 'encryptionMasterKeySecret']);
	expect(shown({ connection: 'cluster', cluster: 'other' })).toEqual(['connection', ...keys, 'cluster', 'otherCluster', 'encryptionMasterKeySecret']);
	expect(shown({ connection: 'custom' })).toEqual(['connection', ...keys, 'host', 'port', 'useTLS', 'encryptionMasterKeySecret']);
	expect(shown({ connection: 'url' })).toEqual(['connection', 'pusherUrlSecret', 'encryptionMasterKeySecret']);
});
