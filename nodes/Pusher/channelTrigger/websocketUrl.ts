import type { PusherConnection } from '../transport/connection';
import { CLIENT_VERSION } from './clientVersion';

/**
 * The URL a Pusher protocol 7 client connects to, on the credential's
 * WebSocket origin (transport/connection.ts decides it): `/app/{key}` with the
 * client's name and version, which the server may log.
 */
const CLIENT_NAME = 'n8n-nodes-pusher-channels';
const PROTOCOL_VERSION = 7;

export function websocketUrl({ websocketOrigin, key }: Pick<PusherConnection, 'websocketOrigin' | 'key'>): string {
	const query = `protocol=${PROTOCOL_VERSION}&client=${CLIENT_NAME}&version=${CLIENT_VERSION}&flash=false`;
	return `${websocketOrigin}/app/${encodeURIComponent(key)}?${query}`;
}
