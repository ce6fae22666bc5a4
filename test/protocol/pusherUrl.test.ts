import { parsePusherUrl } from '../../nodes/Pusher/protocol';

describe('parsePusherUrl', () => {
	it('reads a Pusher cluster URL', () => {
		expect(parsePusherUrl('https://278d425bdf160c739803:7ad3773142a6692b25b8@api-eu.pusher.com/apps/3')).toEqual({
			appId: '3',
			key: '278d425bdf160c739803',
			secret: '7ad3773142a6692b25b8',
			host: 'api-eu.pusher.com',
			useTLS: true,
		});
	});

	it('reads a Soketi URL with a port and a string app id', () => {
		expect(parsePusherUrl('http://app-key:app-secret@127.0.0.1:6001/apps/app-id')).toEqual({
			appId: 'app-id',
			key: 'app-key',
			secret: 'app-secret',
			host: '127.0.0.1',
			port: 6001,
			useTLS: false,
		});
	});

	it('decodes percent-escaped secrets and tolerates a trailing slash', () => {
		expect(parsePusherUrl('https://k:a%2Fb%40c@h.example/apps/9/').secret).toBe('a/b@c');
	});

	it.each([
		['not a url', /not a URL/],
		['ftp://k:s@h/apps/1', /http:\/\/ or https:\/\//],
		['https://k:s@h/app/1', /\/apps\/APP_ID/],
		['https://k:s@h/apps/1/events', /\/apps\/APP_ID/],
		['https://h/apps/1', /KEY:SECRET/],
		['https://k@h/apps/1', /KEY:SECRET/],
	])('refuses %s', (url, message) => {
		expect(() => parsePusherUrl(url)).toThrow(message);
	});

	it('never repeats the secret in an error', () => {
		expect(() => parsePusherUrl('ftp://key:TOPSECRET@h/apps/1')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('TOPSECRET') }));
	});
});
