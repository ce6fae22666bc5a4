/**
 * Pusher Beams in a real n8n 2.x with this package installed from its npm
 * tarball, against the local Beams-like server (./beamsServer.ts), which the
 * credential's Endpoint points at:
 * - examples/beams-token-endpoint.json answers a Beams client's token
 *   request (POST, and GET as Beams' SDKs send it) with a token for the user
 *   the caller's JWT proves, and refuses callers without one;
 * - examples/beams-order-notification.json publishes a new order to the
 *   customer's devices;
 * - a manual workflow, run with `n8n execute`, publishes to 2,500 users in 3 publishes;
 * - n8n's own credential test (POST /rest/credentials/test) passes for the
 *   right key and says what is wrong for a wrong key, a wrong instance, an
 *   endpoint that is not Beams and one where nothing listens.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import jwt from 'jsonwebtoken';

import { freePort } from '../helpers/ports';
import { connect, eventually, exampleWorkflow, node, nodeOutput, startStack, type Stack, type Workflow } from '../e2e/harness';
import { startBeamsServer, type BeamsServer } from './beamsServer';

const APP_JWT_SECRET = 'e2e app login secret, 32 bytes++';
const SHOP_TOKEN = 'e2e-shop-token-5f2c';
const BEAMS_CREDENTIAL = 'Pusher Beams account';

const tokenEndpoint = exampleWorkflow('beams-token-endpoint');
const orderNotification = exampleWorkflow('beams-order-notification');
const manualPublish: Workflow = {
	name: 'Beams: 2,500 users from a manual run',
	nodes: [
		node('Start', 'n8n-nodes-base.manualTrigger'),
		{
			...node('Notify everyone', 'n8n-nodes-pusher-channels.pusherBeams', {
				resource: 'notification',
				operation: 'publishToUsers',
				users: "={{ Array.from({ length: 2500 }, (_, i) => 'u' + i) }}",
				contentMode: 'raw',
				payload: '{ "web": { "notification": { "title": "Sale", "body": "50% off today" } } }',
			}),
			credentials: { pusherBeamsApi: { id: '3', name: BEAMS_CREDENTIAL } },
		},
	],
	connections: connect(['Start', 'Notify everyone']),
};

let beams: BeamsServer;
let stack: Stack;
beforeAll(async () => {
	beams = await startBeamsServer();
	stack = await startStack({
		workflows: [tokenEndpoint, orderNotification, manualPublish],
		credentials: [
			{ name: BEAMS_CREDENTIAL, type: 'pusherBeamsApi', data: { instanceId: beams.instanceId, secretKey: beams.secretKey, endpoint: beams.baseUrl } },
			{ name: 'App login tokens (JWT)', type: 'jwtAuth', data: { keyType: 'passphrase', secret: APP_JWT_SECRET, algorithm: 'HS256' } },
			{ name: 'Shop webhook token', type: 'httpHeaderAuth', data: { name: 'X-Shop-Token', value: SHOP_TOKEN } },
		],
	});
});
afterAll(async () => {
	await stack?.stop();
	await beams?.close();
});
beforeEach(() => beams.reset());

describe('the token endpoint example', () => {
	let url: string;
	beforeAll(async () => {
		url = await stack.n8n.waitForWebhook('beams/token');
	});
	const loginToken = (sub: string, secret = APP_JWT_SECRET) => jwt.sign({ sub }, secret, { algorithm: 'HS256', expiresIn: '5m' });
	const beamsClaims = (token: unknown) =>
		jwt.verify(token as string, beams.secretKey, { algorithms: ['HS256'], issuer: `https://${beams.instanceId}.pushnotifications.pusher.com` }) as jwt.JwtPayload;

	test('answers a POST with { token } for the user the login token names', async () => {
		const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${loginToken('user-7')}` } });
		expect(response.status).toBe(200);
		const body = (await response.json()) as Record<string, unknown>;
		expect(Object.keys(body)).toEqual(['token']);
		const claims = beamsClaims(body.token);
		expect(claims.sub).toBe('user-7');
		expect(claims.exp! - claims.iat!).toBe(86400);
		expect(beams.requests).toHaveLength(0);
	});

	test('answers the GET a Beams token provider sends, ignoring the user_id it claims', async () => {
		const response = await fetch(`${url}?user_id=admin`, { headers: { authorization: `Bearer ${loginToken('user-7')}` } });
		expect(response.status).toBe(200);
		expect(beamsClaims(((await response.json()) as { token: string }).token).sub).toBe('user-7');
	});

	test('refuses a caller without a login token, or with one it did not issue', async () => {
		const anonymous = await fetch(`${url}?user_id=user-7`, { method: 'POST' });
		expect(anonymous.status).toBe(401);
		expect(await anonymous.text()).not.toContain('token":');
		const forged = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${loginToken('user-7', 'another secret')}` } });
		expect(forged.status).toBe(403);
	});
});

describe('the order notification example', () => {
	const order = { orderId: 1042, customerId: 'customer-17', itemCount: 3, total: '€42.50' };

	test("publishes a new order to the customer's devices", async () => {
		const url = await stack.n8n.waitForWebhook('shop/orders');
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shop-token': SHOP_TOKEN }, body: JSON.stringify(order) });
		expect(response.status).toBe(200);
		const [publish] = beams.accepted();
		expect(publish.path).toBe(`/publish_api/v1/instances/${beams.instanceId}/publishes/users`);
		expect(publish.headers.authorization).toBe(`Bearer ${beams.secretKey}`);
		const words = { title: 'Order 1042 confirmed', body: 'Thank you! We are packing your 3 items (€42.50).' };
		expect(publish.json).toEqual({
			users: ['customer-17'],
			apns: { aps: { alert: words }, data: { orderId: 1042 } },
			fcm: { notification: words, data: { orderId: '1042' } },
			web: { notification: { ...words, deep_link: 'https://shop.example.com/orders/1042' }, data: { orderId: 1042 } },
		});
		const publishId = (publish.response!.body as { publishId: string }).publishId;
		expect(await response.json()).toEqual({ publishIds: [publishId], publishes: [{ publishId, users: ['customer-17'] }] });
	});

	test('publishes nothing for a caller without the shop token', async () => {
		const url = stack.n8n.webhookUrl('shop/orders');
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shop-token': 'guess' }, body: JSON.stringify(order) });
		expect(response.status).toBe(403);
		expect(beams.requests).toHaveLength(0);
	});
});

test('a manual run publishes to 2,500 users in 3 publishes', async () => {
	const run = await stack.n8n.execute(stack.n8n.workflowId(manualPublish.name));
	expect(beams.accepted().map((r) => (r.json as { users: string[] }).users.length)).toEqual([1000, 1000, 500]);
	const [output] = nodeOutput(run, 'Notify everyone');
	expect((output.publishes as Array<{ users: string[] }>).flatMap((p) => p.users)).toHaveLength(2500);
	expect(output.publishIds).toEqual(beams.accepted().map((r) => (r.response!.body as { publishId: string }).publishId));
});

describe("n8n's credential test", () => {
	let credentialId: string;
	let notBeams: Server;
	beforeAll(async () => {
		credentialId = stack.n8n.credentials.find((credential) => credential.name === BEAMS_CREDENTIAL)!.id;
		// answers 200 {} to everything, as no Beams would to the test publish
		notBeams = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
		await new Promise<void>((resolve) => notBeams.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		await new Promise((resolve) => notBeams?.close(resolve));
	});

	async function testCredential(data: Record<string, unknown>): Promise<{ status: string; message: string }> {
		const response = await fetch(`${stack.n8n.baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: stack.n8n.cookie },
			body: JSON.stringify({
				credentials: {
					id: credentialId,
					name: 'Beams under test',
					type: 'pusherBeamsApi',
					data: { instanceId: beams.instanceId, secretKey: beams.secretKey, endpoint: beams.baseUrl, ...data },
				},
			}),
		});
		if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	}

	test('passes with the right key, with a publish Beams refuses for its body: nothing is published', async () => {
		expect(await testCredential({})).toMatchObject({ status: 'OK' });
		expect(beams.requests.map((r) => [r.method, r.path, r.json, r.response?.status])).toEqual([
			['POST', `/publish_api/v1/instances/${beams.instanceId}/publishes/interests`, { interests: [] }, 422],
		]);
		expect(beams.accepted()).toHaveLength(0);
	});

	test('says the Primary Key is wrong, without showing it', async () => {
		const result = await testCredential({ secretKey: 'WRONG-KEY-e2e-1234' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Beams refused the Primary Key: copy it again from the Keys tab/);
		expect(result.message).not.toContain('WRONG-KEY-e2e-1234');
		expect(beams.requests.map((r) => r.response?.status)).toEqual([401]);
	});

	test('says the Instance ID is unknown', async () => {
		const result = await testCredential({ instanceId: '00000000-0000-0000-0000-000000000000' });
		expect(result).toMatchObject({ status: 'Error' });
		expect(result.message).toMatch(/^Beams has no instance with this Instance ID/);
	});

	test('says an endpoint that accepts the test publish is not Beams', async () => {
		const result = await testCredential({ endpoint: `http://127.0.0.1:${(notBeams.address() as AddressInfo).port}` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/did not answer as Beams does/);
	});

	test('says when nothing answers at the endpoint', async () => {
		const result = await testCredential({ endpoint: `http://127.0.0.1:${await freePort()}` });
		expect(result.status).toBe('Error');
		// n8n 1.x's credential test puts its own sentence in place of the error code.
		expect(result.message).toMatch(/ECONNREFUSED|refused the connection/);
	});

	test('refuses an instance ID that cannot be one before sending anything', async () => {
		const result = await testCredential({ instanceId: 'my instance' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Instance ID "my instance" has characters an instance ID does not have/);
		expect(beams.requests).toHaveLength(0);
	});
});

test('each webhook call was an execution of its published workflow', async () => {
	const executions = await eventually(
		'the token and order executions to finish',
		() => stack.n8n.executions(stack.n8n.workflowId(tokenEndpoint.name)),
		(list) => list.length >= 2 && list.every((e) => e.status !== 'running' && e.status !== 'new'),
	);
	expect(executions.filter((e) => e.status === 'success').length).toBeGreaterThanOrEqual(2);
});
