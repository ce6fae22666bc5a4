import { parsePusherUrl } from '../protocol';
import type { PusherCredentialFields } from '../transport/connection';

/**
 * Where a Pusher client connects, from the `pusherApi` credential. The REST
 * API and the WebSocket endpoint differ on Pusher's clusters
 * (`api-eu.pusher.com` vs `ws-eu.pusher.com`, always TLS on 443); a
 * self-hosted server (Soketi, Reverb, Sockudo) serves both on the same host,
 * port and scheme. A PUSHER_URL names the REST host, so Pusher's API hosts in
 * it are mapped to their WebSocket hosts too.
 */
export const CLIENT_NAME = 'n8n-nodes-pusher-channels';
/** Sent as the protocol's `version` query parameter (informational for the server). */
export const CLIENT_VERSION = '0.1.0';
export const PROTOCOL_VERSION = 7;

interface Endpoint {
	host: string;
	port?: number;
	useTLS: boolean;
}

export function websocketUrl(fields: PusherCredentialFields): string {
	if (fields.connection === 'url') {
		const { key, host, port, useTLS } = parsePusherUrl(fields.pusherUrlSecret ?? '');
		return buildUrl(pusherWebSocketHost(host) ?? { host, port, useTLS }, key);
	}
	const key = required(fields.key, 'Key');
	if (fields.connection === 'custom') {
		const host = required(fields.host, 'Host').replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
		return buildUrl(pusherWebSocketHost(host) ?? { host, port: fields.port, useTLS: fields.useTLS !== false }, key);
	}
	const cluster = (fields.cluster === 'other' ? fields.otherCluster : fields.cluster)?.trim() || 'mt1';
	if (!/^[a-z0-9-]+$/i.test(cluster)) throw new Error(`Cluster "${cluster}" is not a Pusher cluster name such as "eu" or "us2"`);
	return buildUrl({ host: `ws-${cluster}.pusher.com`, useTLS: true }, key);
}

/** Pusher's REST hosts (`api-{cluster}.pusher.com`, legacy `api.pusherapp.com`) and their WebSocket hosts. */
function pusherWebSocketHost(host: string): Endpoint | undefined {
	const cluster = /^api-([a-z0-9-]+)\.pusher\.com$/i.exec(host);
	if (cluster) return { host: `ws-${cluster[1].toLowerCase()}.pusher.com`, useTLS: true };
	if (host.toLowerCase() === 'api.pusherapp.com') return { host: 'ws.pusherapp.com', useTLS: true };
	return undefined;
}

function buildUrl({ host, port, useTLS }: Endpoint, key: string): string {
	const defaultPort = useTLS ? 443 : 80;
	const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
	const portPart = port && port !== defaultPort ? `:${port}` : '';
	const query = `protocol=${PROTOCOL_VERSION}&client=${CLIENT_NAME}&version=${CLIENT_VERSION}&flash=false`;
	return `${useTLS ? 'wss' : 'ws'}://${bracketed}${portPart}/app/${encodeURIComponent(key)}?${query}`;
}

function required(value: string | undefined, field: string): string {
	const trimmed = value?.trim();
	if (!trimmed) throw new Error(`The Pusher credential's ${field} is empty`);
	return trimmed;
}
