import { websocketUrl } from '../../nodes/Pusher/channelTrigger/websocketUrl';

const QUERY = 'protocol=7&client=n8n-nodes-pusher-channels&version=0.1.0&flash=false';

describe('websocketUrl', () => {
	test.each([
		[{ connection: 'cluster' as const, key: 'abc', cluster: 'eu' }, `wss://ws-eu.pusher.com/app/abc?${QUERY}`],
		[{ key: 'abc' }, `wss://ws-mt1.pusher.com/app/abc?${QUERY}`],
		[{ connection: 'cluster' as const, key: 'abc', cluster: 'other', otherCluster: ' us3 ' }, `wss://ws-us3.pusher.com/app/abc?${QUERY}`],
		[{ connection: 'custom' as const, key: 'app-key', host: '127.0.0.1', port: 6001, useTLS: false }, `ws://127.0.0.1:6001/app/app-key?${QUERY}`],
		[{ connection: 'custom' as const, key: 'k', host: 'https://reverb.example.com/', port: 443, useTLS: true }, `wss://reverb.example.com/app/k?${QUERY}`],
		[{ connection: 'custom' as const, key: 'k', host: 'soketi.local', port: 80, useTLS: false }, `ws://soketi.local/app/k?${QUERY}`],
		[{ connection: 'custom' as const, key: 'k', host: '::1', port: 6001, useTLS: false }, `ws://[::1]:6001/app/k?${QUERY}`],
		[{ connection: 'custom' as const, key: 'k', host: 'api-eu.pusher.com', port: 443, useTLS: true }, `wss://ws-eu.pusher.com/app/k?${QUERY}`],
		[{ connection: 'url' as const, pusherUrlSecret: 'http://key1:secret1@api-ap2.pusher.com/apps/123' }, `wss://ws-ap2.pusher.com/app/key1?${QUERY}`],
		[{ connection: 'url' as const, pusherUrlSecret: 'http://key1:s@api.pusherapp.com/apps/123' }, `wss://ws.pusherapp.com/app/key1?${QUERY}`],
		[{ connection: 'url' as const, pusherUrlSecret: 'http://app-key:app-secret@127.0.0.1:6001/apps/app-id' }, `ws://127.0.0.1:6001/app/app-key?${QUERY}`],
		[{ connection: 'url' as const, pusherUrlSecret: 'https://k:s@soketi.example.com/apps/1' }, `wss://soketi.example.com/app/k?${QUERY}`],
		[{ connection: 'custom' as const, key: 'a/b c', host: 'h', port: 6001, useTLS: false }, `ws://h:6001/app/a%2Fb%20c?${QUERY}`],
	])('%j -> %s', (fields, expected) => {
		expect(websocketUrl(fields)).toBe(expected);
	});

	test('says which field is missing or wrong', () => {
		expect(() => websocketUrl({ connection: 'cluster', key: '' })).toThrow("credential's Key is empty");
		expect(() => websocketUrl({ connection: 'custom', key: 'k', host: ' ' })).toThrow("credential's Host is empty");
		expect(() => websocketUrl({ connection: 'cluster', key: 'k', cluster: 'other', otherCluster: 'e u' })).toThrow('not a Pusher cluster name');
		expect(() => websocketUrl({ connection: 'url', pusherUrlSecret: 'nope' })).toThrow('Pusher URL is not a URL');
	});
});
