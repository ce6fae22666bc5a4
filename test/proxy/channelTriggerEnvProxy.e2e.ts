/**
 * The Pusher Channel Trigger behind a forward proxy when n8n also runs with
 * NODE_USE_ENV_PROXY=1: Node.js then sends its built-in WebSocket client
 * (and fetch) through HTTP_PROXY / HTTPS_PROXY as CONNECT tunnels and honours
 * NO_PROXY, so the trigger reaches a server only the proxy can resolve.
 * ws:// goes through HTTP_PROXY, wss:// through HTTPS_PROXY, NO_PROXY hosts
 * directly (test/proxy/proxySetup.ts). Without the variable it connects
 * directly (test/proxy/behindProxy.e2e.ts).
 */
import { CREDENTIAL_NAME, connect, eventually, node, nodeOutput, pusherNode, type Stack } from '../e2e/harness';
import { HTTP_CREDENTIAL, HTTPS_CREDENTIAL, PLAIN_HOST, startStackBehindProxy, TLS_HOST, usingCredential, type ProxySetup } from './proxySetup';

const listeners = [
	{ name: 'Listen through HTTP_PROXY', credential: HTTP_CREDENTIAL, channel: 'proxy-ws' },
	{ name: 'Listen through HTTPS_PROXY', credential: HTTPS_CREDENTIAL, channel: 'proxy-wss' },
	{ name: 'Listen directly (NO_PROXY)', credential: CREDENTIAL_NAME, channel: 'proxy-direct' },
].map(({ name, credential, channel }) => ({
	name,
	channel,
	nodes: [
		pusherNode('Pusher Channel Trigger', 'pusherChannelTrigger', { channels: channel, options: { signIn: true } }, usingCredential(credential)),
		node('Received', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Channel Trigger', 'Received']),
}));

let proxies: ProxySetup;
let stack: Stack;
let stopAll: (() => Promise<void>) | undefined;

beforeAll(async () => {
	({ proxies, stack, stop: stopAll } = await startStackBehindProxy(listeners, { NODE_USE_ENV_PROXY: '1' }));
});

afterAll(async () => {
	await stopAll?.();
});

async function subscribers(channel: string): Promise<number> {
	const response = await stack.sdk.get({ path: `/channels/${channel}` });
	return ((await response.json()) as { subscription_count?: number }).subscription_count ?? 0;
}

test('ws:// through a CONNECT tunnel of HTTP_PROXY, wss:// through HTTPS_PROXY, NO_PROXY hosts directly; events arrive', async () => {
	await eventually('every trigger subscribed', () => Promise.all(listeners.map((l) => subscribers(l.channel))), (counts) => counts.every((n) => n === 1), 60_000);

	const { http, https } = proxies.notN8nItself();
	expect(http).toEqual([{ kind: 'connect', method: 'CONNECT', target: `${PLAIN_HOST}:${stack.soketi.port}`, path: '', forwarded: true, status: 200 }]);
	expect(https).toEqual([{ kind: 'connect', method: 'CONNECT', target: `${TLS_HOST}:${proxies.tls.port}`, path: '', forwarded: true, status: 200 }]);
	expect(proxies.to('127.0.0.1')).toEqual([]);

	for (const listener of listeners) await stack.sdk.trigger(listener.channel, 'order-created', { via: listener.channel });
	for (const listener of listeners) {
		const [execution] = await eventually(
			`the execution of ${listener.name}`,
			() => stack.n8n.executions(stack.n8n.workflowId(listener.name)),
			(list) => list.length === 1 && list[0].status === 'success',
		);
		expect(nodeOutput(execution, 'Received')).toEqual([expect.objectContaining({ channel: listener.channel, event: 'order-created', data: { via: listener.channel } })]);
	}
});
