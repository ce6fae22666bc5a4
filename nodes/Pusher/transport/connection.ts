import { parsePusherUrl } from '../protocol/pusherUrl';

/**
 * Turns the `pusherApi` credential's fields into where and as whom to talk:
 * a Pusher cluster, a self-hosted Pusher-protocol server (Soketi, Laravel
 * Reverb, Sockudo), or a PUSHER_URL string. The one place that reads a host:
 * the credential test, the Pusher node, the Pusher Trigger and the Channel
 * Trigger all get their REST origin and WebSocket origin from here.
 */
export interface PusherCredentialFields {
	connection?: 'cluster' | 'custom' | 'url';
	appId?: string;
	key?: string;
	secret?: string;
	cluster?: string;
	otherCluster?: string;
	host?: string;
	port?: number;
	useTLS?: boolean;
	/** PUSHER_URL (named so n8n's scanner sees that it holds a secret). */
	pusherUrlSecret?: string;
	/** Base64 of 32 bytes. */
	encryptionMasterKeySecret?: string;
}

export interface PusherConnection {
	appId: string;
	key: string;
	secret: string;
	/** The REST API: `http[s]://host[:port]`, no trailing slash. */
	origin: string;
	/** The WebSocket endpoint: `ws[s]://host[:port]`, no trailing slash. */
	websocketOrigin: string;
	/** Base64 of 32 bytes, for `private-encrypted-` channels. */
	encryptionMasterKey?: string;
}

/** A server: host without brackets, the port when it is not the scheme's default. */
export interface ServerAddress {
	host: string;
	port?: number;
	useTLS: boolean;
}

export function resolveConnection(fields: PusherCredentialFields): PusherConnection {
	const encryptionMasterKey = fields.encryptionMasterKeySecret?.trim() || undefined;
	if (fields.connection === 'url') {
		const { appId, key, secret, host, port, useTLS } = parsePusherUrl(fields.pusherUrlSecret ?? '');
		return withOrigins({ appId, key, secret, encryptionMasterKey }, { host: unbracket(host), port, useTLS });
	}
	const credentials = {
		appId: required(fields.appId, 'App ID'),
		key: required(fields.key, 'Key'),
		secret: required(fields.secret, 'Secret'),
		encryptionMasterKey,
	};
	if (fields.connection === 'custom') {
		return withOrigins(credentials, parseServerAddress(fields.host, fields.port, fields.useTLS !== false));
	}
	if (fields.cluster === 'other' && !fields.otherCluster?.trim()) throw new Error("The Pusher credential's Cluster Name is empty");
	const cluster = (fields.cluster === 'other' ? fields.otherCluster : fields.cluster)?.trim() || 'mt1';
	if (!/^[a-z0-9-]+$/i.test(cluster)) throw new Error(`Cluster "${cluster}" is not a Pusher cluster name such as "eu" or "us2"`);
	return withOrigins(credentials, { host: `api-${cluster.toLowerCase()}.pusher.com`, useTLS: true });
}

/**
 * Reads the Host field of a self-hosted server: `host`, `host:port`,
 * `scheme://host[:port]`, IPv4, IPv6 with or without brackets. A port or
 * scheme typed in Host wins over the Port and Use TLS fields; a path, query,
 * or user name is refused with a message that says what to change.
 */
export function parseServerAddress(hostField: string | undefined, portField: number | undefined, useTLSField: boolean): ServerAddress {
	const typed = required(hostField, 'Host');
	const fail = (problem: string): never => {
		throw new Error(`The Pusher credential's Host ${JSON.stringify(typed)} ${problem}`);
	};
	let useTLS = useTLSField;
	let rest = typed;
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
	if (scheme) {
		const name = scheme[1].toLowerCase();
		if (!['http', 'https', 'ws', 'wss'].includes(name)) fail('starts with a scheme other than http://, https://, ws:// or wss://');
		useTLS = name === 'https' || name === 'wss';
		rest = rest.slice(scheme[0].length);
	}
	const end = rest.search(/[/?#]/);
	if (end !== -1) {
		const after = rest.slice(end);
		if (after !== '/') fail(`has a path or query (${JSON.stringify(after)}): give only the server's name and port; a Pusher server answers at its root`);
		rest = rest.slice(0, end);
	}
	if (rest.includes('@')) fail('holds a user name: put the key and secret in their own fields');

	let host = rest;
	let typedPort: string | undefined;
	const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
	if (bracketed) {
		host = bracketed[1];
		typedPort = bracketed[2];
		if (!isIPv6(host)) fail('has brackets around something that is not an IPv6 address');
	} else if (rest.split(':').length === 2) {
		[host, typedPort] = rest.split(':');
	} else if (rest.includes(':') && !isIPv6(rest)) {
		fail('is neither a host name nor an IPv6 address');
	}
	if (host === '') fail('has no host name');
	if (!isIPv6(host) && !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(host)) {
		fail('has characters a host name cannot have');
	}
	let port = portField;
	if (typedPort !== undefined) {
		if (!/^\d{1,5}$/.test(typedPort) || Number(typedPort) < 1 || Number(typedPort) > 65535) fail('has a port that is not a number from 1 to 65535');
		port = Number(typedPort);
	}
	if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
		throw new Error(`The Pusher credential's Port ${port} is not a number from 1 to 65535`);
	}
	return { host, useTLS, ...(port && port !== (useTLS ? 443 : 80) ? { port } : {}) };
}

/** `scheme://host[:port]` for the address, with IPv6 hosts in brackets. */
export function originOf({ host, port, useTLS }: ServerAddress, schemes: [secure: string, plain: string] = ['https', 'http']): string {
	const name = host.includes(':') ? `[${host}]` : host;
	const defaultPort = useTLS ? 443 : 80;
	return `${useTLS ? schemes[0] : schemes[1]}://${name}${port && port !== defaultPort ? `:${port}` : ''}`;
}

/**
 * Pusher's clusters serve the REST API and the WebSocket endpoint on
 * different hosts (`api-eu.pusher.com`, `ws-eu.pusher.com`; legacy
 * `api.pusherapp.com`, `ws.pusherapp.com`), always over TLS on 443. A
 * self-hosted server serves both on the same host, port and scheme.
 */
function websocketAddress(rest: ServerAddress): ServerAddress {
	const cluster = /^api-([a-z0-9-]+)\.pusher\.com$/i.exec(rest.host);
	if (cluster) return { host: `ws-${cluster[1].toLowerCase()}.pusher.com`, useTLS: true };
	if (rest.host.toLowerCase() === 'api.pusherapp.com') return { host: 'ws.pusherapp.com', useTLS: true };
	return rest;
}

function withOrigins(credentials: Omit<PusherConnection, 'origin' | 'websocketOrigin'>, rest: ServerAddress): PusherConnection {
	return { ...credentials, origin: originOf(rest), websocketOrigin: originOf(websocketAddress(rest), ['wss', 'ws']) };
}

/** An IPv6 address: up to 8 groups of 1-4 hex digits, at most one "::", optionally ending in an IPv4 address. */
function isIPv6(text: string): boolean {
	const ipv4Tail = /(^|:)(\d{1,3}\.){3}\d{1,3}$/.test(text);
	const hex = ipv4Tail ? text.replace(/(\d{1,3}\.){3}\d{1,3}$/, '0:0') : text;
	if (!/^[0-9A-Fa-f:]+$/.test(hex) || hex.split('::').length > 2) return false;
	const groups = hex.split(':');
	const compressed = hex.includes('::');
	const filled = groups.filter((group) => group !== '');
	if (filled.some((group) => group.length > 4)) return false;
	return compressed ? filled.length < 8 : groups.length === 8 && filled.length === 8;
}

function unbracket(host: string): string {
	return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function required(value: string | undefined, field: string): string {
	const trimmed = typeof value === 'string' ? value.trim() : '';
	if (!trimmed) throw new Error(`The Pusher credential's ${field} is empty`);
	return trimmed;
}
