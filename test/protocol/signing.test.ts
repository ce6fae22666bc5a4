import { createSignedQueryString } from 'pusher/lib/requests';
import Token from 'pusher/lib/token';

import { signedQueryString } from '../../nodes/Pusher/protocol';
import { CHANNEL_ALPHABET, seededRandom, UNICODE_ALPHABET } from '../helpers/random';

describe('signedQueryString', () => {
	it('reproduces the worked example in Pusher\'s auth-signatures doc', () => {
		const query = signedQueryString({
			key: '278d425bdf160c739803',
			secret: '7ad3773142a6692b25b8',
			method: 'POST',
			path: '/apps/3/events',
			timestamp: 1353088179,
			body: '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}',
		});
		expect(query).toBe(
			'auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0' +
				'&body_md5=ec365a775a4cd0599faeb73354201b6f' +
				'&auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c',
		);
	});

	it('signs GET requests with parameters in sorted order and no body_md5', () => {
		const query = signedQueryString({
			key: 'k',
			secret: 's',
			method: 'get',
			path: '/apps/1/channels',
			params: { info: 'user_count', filter_by_prefix: 'presence-' },
			timestamp: 1,
		});
		expect(query).toMatch(
			/^auth_key=k&auth_timestamp=1&auth_version=1\.0&filter_by_prefix=presence-&info=user_count&auth_signature=[0-9a-f]{64}$/,
		);
	});

	it.each(['auth_key', 'auth_timestamp', 'auth_version', 'auth_signature', 'body_md5', 'AUTH_KEY'])(
		'refuses a caller-supplied %s parameter',
		(name) => {
			expect(() =>
				signedQueryString({ key: 'k', secret: 's', method: 'GET', path: '/apps/1/channels', params: { [name]: 'x' } }),
			).toThrow(`"${name}"`);
		},
	);

	it.each(['Info', 'filter_By_prefix', 'X'])('refuses the parameter name %s, which Pusher would sign in lower case', (name) => {
		expect(() => signedQueryString({ key: 'k', secret: 's', method: 'GET', path: '/apps/1/channels', params: { [name]: 'x' } })).toThrow(
			`Query parameter "${name}" has capital letters: Pusher signs parameter names in lower case, so write "${name.toLowerCase()}"`,
		);
	});

	it('uses the current time when no timestamp is given', () => {
		const before = Math.floor(Date.now() / 1000);
		const query = signedQueryString({ key: 'k', secret: 's', method: 'GET', path: '/apps/1/channels' });
		const stamp = Number(/auth_timestamp=(\d+)/.exec(query)?.[1]);
		expect(stamp).toBeGreaterThanOrEqual(before);
		expect(stamp).toBeLessThanOrEqual(before + 2);
	});

	it('matches the official SDK byte for byte on 2,000 random requests', () => {
		const random = seededRandom();
		const now = jest.spyOn(Date, 'now');
		try {
			for (let i = 0; i < 2000; i++) {
				const key = random.string('abcdef0123456789', 1, 24);
				const secret = random.string(UNICODE_ALPHABET + CHANNEL_ALPHABET, 1, 40);
				const method = random.pick(['GET', 'POST']);
				const path = `/apps/${random.string(CHANNEL_ALPHABET, 1, 12)}/${random.pick(['events', 'batch_events', 'channels', 'channels/x/users'])}`;
				const params: Record<string, string> = {};
				for (let p = random.int(0, 3); p > 0; p--) params[random.pick(['info', 'filter_by_prefix', 'a', 'z_param', 'x1'])] = random.string(CHANNEL_ALPHABET, 0, 20);
				const body = method === 'POST' ? JSON.stringify({ data: random.string(UNICODE_ALPHABET, 0, 300) }) : undefined;
				const timestamp = random.int(1, 2 ** 31 - 1);

				now.mockReturnValue(timestamp * 1000 + random.int(0, 999));
				const expected = createSignedQueryString(new Token(key, secret), { method, path, params, body });
				const actual = signedQueryString({ key, secret, method, path, params, body, timestamp });
				if (actual !== expected) throw new Error(`seed ${random.seed}, case ${i}: ${actual} !== ${expected}`);
			}
		} finally {
			now.mockRestore();
		}
	});
});
