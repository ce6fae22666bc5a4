/**
 * n8n configured for a forward proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY;
 * test/proxy/proxySetup.ts): what each of this package's nodes does there.
 * - The Pusher node and the credential test use n8n's HTTP helpers, which
 *   follow the variables: http:// through HTTP_PROXY (absolute-URI
 *   requests), https:// through HTTPS_PROXY (a CONNECT tunnel), NO_PROXY
 *   hosts directly.
 * - The Pusher Trigger only receives: verified or refused, a webhook makes
 *   no request through either proxy.
 * - The Pusher Channel Trigger's WebSocket (Node's built-in client) does not
 *   follow them: it connects directly, so with a host only the proxy can
 *   reach, activation fails (test/proxy/channelTriggerEnvProxy.e2e.ts: what
 *   NODE_USE_ENV_PROXY=1 changes).
 */
import { collect, connectClient, subscribe } from '../helpers/pusherClient';
import { closeClientSockets, post, signedHeaders, webhookBody } from '../webhookTrigger/http';
import { CREDENTIAL_NAME, connect, eventually, node, nodeOutput, pusherNode, type Stack } from '../e2e/harness';
import type { ProxiedRequest } from '../helpers/forwardProxy';
import { HTTP_CREDENTIAL, HTTPS_CREDENTIAL, isN8nItself, PLAIN_HOST, startStackBehindProxy, TLS_HOST, usingCredential, type ProxySetup } from './proxySetup';

const SEND_PATH = 'proxy/send';
const TRIGGER_ID = '7a0d5c1e-proxy-0000-4000-8000-00000000beef';
const CHANNEL = 'proxy-events';

const sendEvent = (nodeName: string, eventName: string, credential: string) =>
	pusherNode(nodeName, 'pusher', { resource: 'event', operation: 'trigger', channels: [CHANNEL], eventName, dataMode: 'json', dataJson: '{ "via": "n8n" }' }, usingCredential(credential));

const sender = {
	name: 'Send events behind a proxy',
	nodes: [
		node('Start', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path: SEND_PATH, responseMode: 'lastNode', options: {} }, { typeVersion: 2, webhookId: 'proxy-send' }),
		sendEvent('Through HTTP_PROXY', 'via-http-proxy', HTTP_CREDENTIAL),
		sendEvent('Through HTTPS_PROXY', 'via-https-proxy', HTTPS_CREDENTIAL),
		sendEvent('Direct (NO_PROXY)', 'direct', CREDENTIAL_NAME),
	],
	connections: connect(['Start', 'Through HTTP_PROXY'], ['Through HTTP_PROXY', 'Through HTTPS_PROXY'], ['Through HTTPS_PROXY', 'Direct (NO_PROXY)']),
};
const receiver = {
	name: 'Receive webhooks behind a proxy',
	nodes: [pusherNode('Pusher Trigger', 'pusherTrigger', { events: ['channel_occupied'], output: 'event' }, { webhookId: TRIGGER_ID }), node('Received', 'n8n-nodes-base.noOp')],
	connections: connect(['Pusher Trigger', 'Received']),
};
const listener = {
	name: 'Listen behind a proxy',
	publish: false,
	nodes: [pusherNode('Pusher Channel Trigger', 'pusherChannelTrigger', { channels: 'proxy-inbound', options: { signIn: true } }, usingCredential(HTTP_CREDENTIAL)), node('Received', 'n8n-nodes-base.noOp')],
	connections: connect(['Pusher Channel Trigger', 'Received']),
};

let proxies: ProxySetup;
let stack: Stack;
let stopAll: (() => Promise<void>) | undefined;

beforeAll(async () => {
	({ proxies, stack, stop: stopAll } = await startStackBehindProxy([sender, receiver, listener]));
});

afterAll(async () => {
	closeClientSockets();
	const own = [...(proxies?.httpProxy.requests ?? []), ...(proxies?.httpsProxy.requests ?? [])].filter(isN8nItself);
	if (own.length) console.error(`[proxy e2e] n8n's own requests through the proxies: ${[...new Set(own.map((r) => `${r.kind} ${r.target}`))].join(', ')}`);
	await stopAll?.();
});

/** What both proxies were asked from now on, except n8n's own calls home. */
function watch() {
	const start = { http: proxies.httpProxy.requests.length, https: proxies.httpsProxy.requests.length };
	const since = (requests: ProxiedRequest[], from: number) => requests.slice(from).filter((r) => !isN8nItself(r));
	return () => ({ http: since(proxies.httpProxy.requests, start.http), https: since(proxies.httpsProxy.requests, start.https) });
}

test('the Pusher node: http:// through HTTP_PROXY, https:// through a CONNECT tunnel of HTTPS_PROXY, NO_PROXY hosts directly', async () => {
	const client = await connectClient(stack.soketi);
	const got = collect(await subscribe(client, CHANNEL));
	const seen = watch();

	const answer = await post(await stack.n8n.waitForWebhook(SEND_PATH), '{}', { 'content-type': 'application/json' });
	expect(answer.status).toBe(200);
	await got.waitFor(3);
	expect(got.received.map((e) => e.event)).toEqual(['via-http-proxy', 'via-https-proxy', 'direct']);

	const { http, https } = seen();
	expect(http).toEqual([
		expect.objectContaining({ kind: 'http', method: 'POST', target: `${PLAIN_HOST}:${stack.soketi.port}`, forwarded: true, status: 200 }),
	]);
	expect(http[0].path).toMatch(/^\/apps\/app-id\/events\?/);
	expect(https).toEqual([{ kind: 'connect', method: 'CONNECT', target: `${TLS_HOST}:${proxies.tls.port}`, path: '', forwarded: true, status: 200 }]);
	expect(proxies.to('127.0.0.1')).toEqual([]);
	client.disconnect();
});

describe('the credential test', () => {
	async function testCredential(name: string, data: Record<string, unknown> = {}) {
		const { data: saved } = await stack.n8n.api<{ data: Array<{ id: string; name: string }> }>('GET', '/credentials');
		const credential = saved.find((c) => c.name === name)!;
		const stored = proxies.credentials(stack.soketi).find((c) => c.name === name)!;
		const response = await fetch(`${stack.n8n.baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: stack.n8n.cookie },
			body: JSON.stringify({ credentials: { id: credential.id, name, type: 'pusherApi', data: { ...stored.data, ...data } } }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	}

	test('passes through the proxies for both credentials', async () => {
		const seen = watch();
		expect(await testCredential(HTTP_CREDENTIAL)).toMatchObject({ status: 'OK' });
		expect(await testCredential(HTTPS_CREDENTIAL)).toMatchObject({ status: 'OK' });
		const { http, https } = seen();
		expect(http).toEqual([expect.objectContaining({ kind: 'http', target: `${PLAIN_HOST}:${stack.soketi.port}`, forwarded: true, status: 200 })]);
		// A tunnel n8n still holds open from the last call may carry this request, so there is at most one new CONNECT.
		expect(https.every((r) => r.kind === 'connect' && r.target === `${TLS_HOST}:${proxies.tls.port}` && r.status === 200)).toBe(true);
		expect(https.length).toBeLessThanOrEqual(1);
	});

	test('fails with the proxy\'s answer when the proxy cannot reach the host', async () => {
		const seen = watch();
		const result = await testCredential(HTTP_CREDENTIAL, { host: 'unreachable.proxy.test' });
		expect(result.status).toBe('Error');
		expect(seen().http).toEqual([expect.objectContaining({ target: `unreachable.proxy.test:${stack.soketi.port}`, forwarded: false, status: 502 })]);
		console.error(`[proxy e2e] credential test through a proxy that answers 502: "${result.message}"`);
	});
});

test('the Pusher Trigger answers signed and forged webhooks and asks neither proxy for anything', async () => {
	const url = await stack.n8n.waitForWebhook(`${TRIGGER_ID}/webhook`);
	const seen = watch();
	const body = webhookBody([{ name: 'channel_occupied', channel: 'proxy-webhook' }]);
	expect((await post(url, body, signedHeaders(body, stack.soketi.key, stack.soketi.secret))).status).toBe(200);
	expect((await post(url, body, signedHeaders(body, stack.soketi.key, 'forged'))).status).toBe(401);
	const executions = await eventually(
		'the execution',
		() => stack.n8n.executions(stack.n8n.workflowId(receiver.name)),
		(list) => list.length === 1 && list[0].status === 'success',
	);
	expect(nodeOutput(executions[0], 'Received')).toEqual([expect.objectContaining({ channel: 'proxy-webhook' })]);
	expect(seen()).toEqual({ http: [], https: [] });
});

/** n8n 2.x publishes in the background: its publication status says how each trigger's activation went. */
async function publicationOf(workflowId: string) {
	const response = await fetch(`${stack.n8n.baseUrl}/rest/workflows/${workflowId}/publication-status`, { headers: { cookie: stack.n8n.cookie } });
	return ((await response.json()) as { data: { status: string; triggers: Array<{ status: string; errorMessage: string | null }> } }).data;
}

test('the Pusher Channel Trigger connects directly, not through the proxy: a host only the proxy can resolve fails its activation', async () => {
	const seen = watch();
	const id = stack.n8n.workflowId(listener.name);
	await stack.n8n.api('POST', `/workflows/${id}/publish`, {});
	const publication = await eventually('the publication to settle', () => publicationOf(id), (p) => p.status !== 'in_progress' && p.status !== 'not_published', 60_000);
	expect(publication.status).toBe('failed');
	expect(publication.triggers[0].errorMessage).toMatch(`Could not connect to ws://${PLAIN_HOST}:${stack.soketi.port}/app/`);
	expect(seen()).toEqual({ http: [], https: [] });
	console.error(`[proxy e2e] Channel Trigger activation behind the proxy: ${publication.triggers[0].errorMessage}`);
});
