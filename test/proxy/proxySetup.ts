/**
 * n8n behind a forward proxy, as the proxy e2e files set it up: one proxy
 * for HTTP_PROXY and another for HTTPS_PROXY (so a test sees which one a
 * request took), NO_PROXY for loopback addresses, and two names for Soketi
 * that only the proxies can resolve:
 * - soketi.proxy.test      → Soketi itself (http:// and ws://)
 * - soketi-tls.proxy.test  → TLS in front of Soketi (https:// and wss://),
 *   trusted by n8n through NODE_EXTRA_CA_CERTS.
 * A request that went around the proxies could not reach Soketi at all (the
 * names do not resolve), so every event a client receives came through them.
 * The stack's usual credential (127.0.0.1) stays direct: NO_PROXY.
 */
import { startForwardProxy, type ForwardProxy, type ProxiedRequest } from '../helpers/forwardProxy';
import { soketiCredentialData, type Soketi } from '../helpers/soketi';
import { startTlsFront, type TlsFront } from '../helpers/tlsFront';
import { ENCRYPTION_MASTER_KEY, startStack, type Stack, type Workflow } from '../e2e/harness';

export const PLAIN_HOST = 'soketi.proxy.test';
export const TLS_HOST = 'soketi-tls.proxy.test';
export const HTTP_CREDENTIAL = 'Pusher through the proxy (http)';
export const HTTPS_CREDENTIAL = 'Pusher through the proxy (https)';

export interface ProxySetup {
	/** HTTP_PROXY */
	httpProxy: ForwardProxy;
	/** HTTPS_PROXY */
	httpsProxy: ForwardProxy;
	tls: TlsFront;
	/** n8n's environment for the proxies (both spellings: lower case wins where both are set). */
	env: Record<string, string>;
	/** startStack's `credentials`: routes the names to this Soketi and returns the credentials that use them. */
	credentials(soketi: Soketi): Array<{ name: string; type: string; data: Record<string, unknown> }>;
	/** Every request either proxy was asked to make, for `host`. */
	to(host: string): ProxiedRequest[];
	/** What each proxy was asked, except n8n's own calls home (api.n8n.io and the like). */
	notN8nItself(): { http: ProxiedRequest[]; https: ProxiedRequest[] };
	close(): Promise<void>;
}

/** n8n calls its own services (api.n8n.io: templates, MCP servers, …) through the proxy too; they are not this package's. */
export const isN8nItself = (request: ProxiedRequest) => /(^|\.)n8n\.(io|cloud)(:\d+)?$/i.test(request.target);

/**
 * Starts both proxies and the TLS front. Soketi's port is known only once
 * startStack has started it, so the names are routed to it then (in
 * `credentials`), before n8n starts.
 */
export async function startProxySetup(): Promise<ProxySetup> {
	const routes: Record<string, string> = {};
	let soketiUrl: string | undefined;
	const tls = await startTlsFront({
		name: TLS_HOST,
		target: () => {
			if (!soketiUrl) throw new Error('proxySetup: Soketi is not known yet');
			return soketiUrl;
		},
	});
	routes[TLS_HOST] = `http://127.0.0.1:${tls.port}`;
	const [httpProxy, httpsProxy] = await Promise.all([startForwardProxy({ hosts: routes }), startForwardProxy({ hosts: routes })]);
	const noProxy = '127.0.0.1,localhost,::1';
	return {
		httpProxy,
		httpsProxy,
		tls,
		env: {
			HTTP_PROXY: httpProxy.url,
			http_proxy: httpProxy.url,
			HTTPS_PROXY: httpsProxy.url,
			https_proxy: httpsProxy.url,
			NO_PROXY: noProxy,
			no_proxy: noProxy,
			NODE_EXTRA_CA_CERTS: tls.caFile,
		},
		credentials(soketi) {
			soketiUrl = soketi.baseUrl;
			routes[PLAIN_HOST] = soketi.baseUrl;
			const base = soketiCredentialData(soketi, ENCRYPTION_MASTER_KEY);
			return [
				{ name: HTTP_CREDENTIAL, type: 'pusherApi', data: { ...base, host: PLAIN_HOST, port: soketi.port, useTLS: false } },
				{ name: HTTPS_CREDENTIAL, type: 'pusherApi', data: { ...base, host: TLS_HOST, port: tls.port, useTLS: true } },
			];
		},
		to: (host) => [...httpProxy.to(host), ...httpsProxy.to(host)],
		notN8nItself: () => ({ http: httpProxy.requests.filter((r) => !isN8nItself(r)), https: httpsProxy.requests.filter((r) => !isN8nItself(r)) }),
		async close() {
			await Promise.all([httpProxy.close(), httpsProxy.close(), tls.close()]);
		},
	};
}

/** A node's `credentials` for the credential named `name` (the extra argument of the harness's pusherNode). */
export const usingCredential = (name: string) => ({ credentials: { pusherApi: { id: name, name } } });

/**
 * A stack (test/e2e/harness.ts) behind the proxies: n8n with their
 * environment plus `env`, the two proxied credentials besides the usual one.
 * n8n publishes through an outbox it polls every 15 s by default; here every 0.5 s.
 */
export async function startStackBehindProxy(workflows: Workflow[], env: Record<string, string> = {}) {
	const proxies = await startProxySetup();
	let stack: Stack;
	try {
		stack = await startStack({
			workflows,
			env: { ...proxies.env, N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500', ...env },
			credentials: (soketi) => proxies.credentials(soketi),
		});
	} catch (error) {
		await proxies.close();
		throw error;
	}
	return {
		proxies,
		stack,
		async stop() {
			await stack.stop();
			await proxies.close();
		},
	};
}
