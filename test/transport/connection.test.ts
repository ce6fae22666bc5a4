import { readFileSync } from 'node:fs';
import path from 'node:path';

import { websocketUrl } from '../../nodes/Pusher/channelTrigger/websocketUrl';
import { resolveConnection, type PusherCredentialFields } from '../../nodes/Pusher/transport/connection';

const VERSION = (JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
const QUERY = `protocol=7&client=n8n-nodes-pusher-channels&version=${VERSION}&flash=false`;
const app = { appId: 'app-id', key: 'app-key', secret: 'app-secret' };
const custom = (host: string, port?: number, useTLS = true): PusherCredentialFields => ({ ...app, connection: 'custom', host, port, useTLS });

/** Every form the Host field takes, with the REST origin and the WebSocket origin each must give. */
const HOSTS: Array<[label: string, fields: PusherCredentialFields, rest: string, ws: string]> = [
	['a name, TLS on the default port', custom('soketi.example.com', 443), 'https://soketi.example.com', 'wss://soketi.example.com'],
	['a name and the Port field', custom('soketi.example.com', 6001, false), 'http://soketi.example.com:6001', 'ws://soketi.example.com:6001'],
	['host:port wins over Port', custom('localhost:6001', 443, false), 'http://localhost:6001', 'ws://localhost:6001'],
	['host:port with TLS', custom('soketi.example.com:8443', 443), 'https://soketi.example.com:8443', 'wss://soketi.example.com:8443'],
	['http:// wins over Use TLS', custom('http://soketi.local', 80, true), 'http://soketi.local', 'ws://soketi.local'],
	['https:// wins over Use TLS off', custom('https://reverb.example.com/', 443, false), 'https://reverb.example.com', 'wss://reverb.example.com'],
	['ws:// and a port', custom('ws://127.0.0.1:6001', 443, true), 'http://127.0.0.1:6001', 'ws://127.0.0.1:6001'],
	['wss:// and a port', custom('wss://sockudo.example.com:6002', 80, false), 'https://sockudo.example.com:6002', 'wss://sockudo.example.com:6002'],
	['scheme, host and port with the Port field ignored', custom('http://localhost:6001', 8080, true), 'http://localhost:6001', 'ws://localhost:6001'],
	['IPv4 and the Port field', custom('127.0.0.1', 6001, false), 'http://127.0.0.1:6001', 'ws://127.0.0.1:6001'],
	['IPv4:port', custom('10.0.0.5:8080', 443, false), 'http://10.0.0.5:8080', 'ws://10.0.0.5:8080'],
	['IPv6 without brackets', custom('::1', 6001, false), 'http://[::1]:6001', 'ws://[::1]:6001'],
	['IPv6 in brackets', custom('[::1]', 6001, false), 'http://[::1]:6001', 'ws://[::1]:6001'],
	['IPv6 in brackets with a port', custom('[2001:db8::7]:6001', 443, false), 'http://[2001:db8::7]:6001', 'ws://[2001:db8::7]:6001'],
	['IPv6 with a scheme and port', custom('https://[fe80::1:2]:9443', 80, false), 'https://[fe80::1:2]:9443', 'wss://[fe80::1:2]:9443'],
	['the default port of the scheme is left out', custom('http://soketi.local:80', 6001, true), 'http://soketi.local', 'ws://soketi.local'],
	['no Port at all', custom('soketi.local', undefined, false), 'http://soketi.local', 'ws://soketi.local'],
	['surrounding spaces and a docker-style name', custom('  my_soketi:6001 ', 443, false), 'http://my_soketi:6001', 'ws://my_soketi:6001'],
	["a Pusher API host typed as self-hosted", custom('api-eu.pusher.com', 443), 'https://api-eu.pusher.com', 'wss://ws-eu.pusher.com'],
	['a cluster', { ...app, connection: 'cluster', cluster: 'eu' }, 'https://api-eu.pusher.com', 'wss://ws-eu.pusher.com'],
	['no connection: mt1', { ...app }, 'https://api-mt1.pusher.com', 'wss://ws-mt1.pusher.com'],
	['another cluster', { ...app, connection: 'cluster', cluster: 'other', otherCluster: ' US3 ' }, 'https://api-us3.pusher.com', 'wss://ws-us3.pusher.com'],
	['PUSHER_URL on a cluster', { connection: 'url', pusherUrlSecret: 'http://k:s@api-ap2.pusher.com/apps/1' }, 'http://api-ap2.pusher.com', 'wss://ws-ap2.pusher.com'],
	['PUSHER_URL, legacy host', { connection: 'url', pusherUrlSecret: 'https://k:s@api.pusherapp.com/apps/1' }, 'https://api.pusherapp.com', 'wss://ws.pusherapp.com'],
	['PUSHER_URL, Soketi', { connection: 'url', pusherUrlSecret: 'http://k:s@127.0.0.1:6001/apps/app-id' }, 'http://127.0.0.1:6001', 'ws://127.0.0.1:6001'],
	['PUSHER_URL, IPv6', { connection: 'url', pusherUrlSecret: 'http://k:s@[::1]:6001/apps/app-id' }, 'http://[::1]:6001', 'ws://[::1]:6001'],
];

describe('resolveConnection: the one host parser', () => {
	it.each(HOSTS)('%s: REST origin and WebSocket origin', (_label, fields, rest, ws) => {
		const connection = resolveConnection(fields);
		expect(connection.origin).toBe(rest);
		expect(connection.websocketOrigin).toBe(ws);
		expect(websocketUrl(connection)).toBe(`${ws}/app/${encodeURIComponent(connection.key)}?${QUERY}`);
	});

	it.each([
		['a path', 'soketi.local/sub', /Host "soketi.local\/sub" has a path or query \("\/sub"\)/],
		['a path after the port', 'soketi.local:6001/sub/', /has a path or query/],
		['a query', 'soketi.local?x=1', /has a path or query/],
		['another scheme', 'ftp://soketi.local', /scheme other than http:\/\/, https:\/\/, ws:\/\/ or wss:\/\//],
		['a user name', 'user:pw@soketi.local', /holds a user name/],
		['a bad port', 'soketi.local:99999', /port that is not a number from 1 to 65535/],
		['a non-numeric port', 'soketi.local:abc', /port that is not a number/],
		['brackets around a name', '[soketi.local]:6001', /not an IPv6 address/],
		['colons that are no IPv6', 'a:b:c', /neither a host name nor an IPv6 address/],
		['spaces inside', 'soketi local', /characters a host name cannot have/],
		['only a scheme', 'https://', /has no host name/],
		['only spaces', '  ', /credential's Host is empty/],
	])('refuses %s with a message naming the Host field', (_label, host, message) => {
		expect(() => resolveConnection(custom(host, 443))).toThrow(message);
	});

	it('refuses a Port outside 1-65535 and names the field', () => {
		expect(() => resolveConnection(custom('soketi.local', 70000))).toThrow("credential's Port 70000 is not a number");
	});

	it('says which field is missing', () => {
		expect(() => resolveConnection({ ...app, key: '' })).toThrow("credential's Key is empty");
		expect(() => resolveConnection({ ...app, appId: ' ' })).toThrow("credential's App ID is empty");
		expect(() => resolveConnection({ ...app, connection: 'cluster', cluster: 'other', otherCluster: 'e u' })).toThrow('not a Pusher cluster name');
		expect(() => resolveConnection({ ...app, connection: 'cluster', cluster: 'other', otherCluster: ' ' })).toThrow("credential's Cluster Name is empty");
		expect(() => resolveConnection({ connection: 'url', pusherUrlSecret: 'nope' })).toThrow('Pusher URL is not a URL');
	});

	it('encodes the key in the WebSocket path', () => {
		expect(websocketUrl(resolveConnection({ ...custom('h', 6001, false), key: 'a/b c' }))).toBe(`ws://h:6001/app/a%2Fb%20c?${QUERY}`);
	});
});
