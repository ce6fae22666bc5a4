import { parsePusherUrl } from '../protocol/pusherUrl';

/**
 * Turns the `pusherApi` credential's fields into where and as whom to talk:
 * a Pusher cluster, a self-hosted Pusher-protocol server (Soketi, Laravel
 * Reverb, Sockudo), or a PUSHER_URL string.
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
	/** `scheme://host[:port]`, no trailing slash. */
	origin: string;
	/** Base64 of 32 bytes, for `private-encrypted-` channels. */
	encryptionMasterKey?: string;
}

export function resolveConnection(fields: PusherCredentialFields): PusherConnection {
	const encryptionMasterKey = fields.encryptionMasterKeySecret?.trim() || undefined;
	if (fields.connection === 'url') {
		const { appId, key, secret, host, port, useTLS } = parsePusherUrl(fields.pusherUrlSecret ?? '');
		return { appId, key, secret, origin: origin(useTLS, host, port), encryptionMasterKey };
	}

	const appId = required(fields.appId, 'App ID');
	const key = required(fields.key, 'Key');
	const secret = required(fields.secret, 'Secret');
	if (fields.connection === 'custom') {
		const host = required(fields.host, 'Host').replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
		return { appId, key, secret, origin: origin(fields.useTLS !== false, host, fields.port), encryptionMasterKey };
	}
	const cluster = (fields.cluster === 'other' ? fields.otherCluster : fields.cluster)?.trim() || 'mt1';
	if (!/^[a-z0-9-]+$/i.test(cluster)) throw new Error(`Cluster "${cluster}" is not a Pusher cluster name such as "eu" or "us2"`);
	return { appId, key, secret, origin: `https://api-${cluster}.pusher.com`, encryptionMasterKey };
}

function origin(useTLS: boolean, host: string, port?: number): string {
	const defaultPort = useTLS ? 443 : 80;
	const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
	return `${useTLS ? 'https' : 'http'}://${bracketed}${port && port !== defaultPort ? `:${port}` : ''}`;
}

function required(value: string | undefined, field: string): string {
	const trimmed = value?.trim();
	if (!trimmed) throw new Error(`The Pusher credential's ${field} is empty`);
	return trimmed;
}
