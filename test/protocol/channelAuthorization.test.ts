import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import Pusher from 'pusher';
import Token from 'pusher/lib/token';

import { authenticateUser, authorizeChannel } from '../../nodes/Pusher/protocol';
import { CHANNEL_ALPHABET, seededRandom, UNICODE_ALPHABET } from '../helpers/random';

const sdk = (key: string, secret: string, encryptionMasterKeyBase64?: string) =>
	new Pusher({ appId: '1', key, secret, cluster: 'mt1', encryptionMasterKeyBase64 });

describe('authorizeChannel', () => {
	it('reproduces the private-channel example in Pusher\'s docs', () => {
		expect(
			authorizeChannel({
				key: '278d425bdf160c739803',
				secret: '7ad3773142a6692b25b8',
				socketId: '1234.1234',
				channel: 'private-foobar',
			}),
		).toEqual({ auth: '278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4' });
	});

	it('reproduces the presence-channel example in Pusher\'s docs', () => {
		const channelData = '{"user_id":10,"user_info":{"name":"Mr. Pusher"}}';
		expect(
			authorizeChannel({
				key: '278d425bdf160c739803',
				secret: '7ad3773142a6692b25b8',
				socketId: '1234.1234',
				channel: 'presence-foobar',
				presenceData: channelData,
			}),
		).toEqual({
			auth: '278d425bdf160c739803:afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c',
			channel_data: channelData,
		});
	});

	it('matches the official SDK on 1,500 random private, presence and encrypted channels', () => {
		const random = seededRandom();
		for (let i = 0; i < 1500; i++) {
			const key = random.string('abcdef0123456789', 1, 20);
			const secret = random.string(UNICODE_ALPHABET + CHANNEL_ALPHABET, 1, 30);
			const masterKey = Buffer.from(random.bytes(32)).toString('base64');
			const socketId = `${random.int(0, 1e9)}.${random.int(0, 1e9)}`;
			const kind = random.pick(['private-', 'presence-', 'private-encrypted-', '', 'private-cache-', 'presence-cache-']);
			const channel = kind + random.string(CHANNEL_ALPHABET, 1, 164 - kind.length);
			const presenceData = kind.startsWith('presence-')
				? { user_id: random.string(UNICODE_ALPHABET, 1, 20), user_info: { name: random.string(UNICODE_ALPHABET, 0, 30) } }
				: undefined;

			const expected = sdk(key, secret, masterKey).authorizeChannel(socketId, channel, presenceData as never);
			const actual = authorizeChannel({ key, secret, socketId, channel, presenceData, encryptionMasterKey: masterKey });
			if (!isDeepStrictEqual(actual, expected)) {
				throw new Error(`seed ${random.seed}, case ${i}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
			}
		}
	});

	it('uses a presence string verbatim and serializes an object once', () => {
		const base = { key: 'k', secret: 's', socketId: '1.2', channel: 'presence-room' };
		expect(authorizeChannel({ ...base, presenceData: '{"user_id":"7"}' }).channel_data).toBe('{"user_id":"7"}');
		expect(authorizeChannel({ ...base, presenceData: { user_id: '7' } }).channel_data).toBe('{"user_id":"7"}');
	});

	it.each(['', '1', '1.', '.1', 'a.b', '1.2.3', ' 1.2', '1.2\n', '１.２'])('refuses socket id %j', (socketId) => {
		expect(() => authorizeChannel({ key: 'k', secret: 's', socketId, channel: 'private-a' })).toThrow(/Socket ID/);
	});

	it.each(['', 'private-a b', 'private-ä', 'private-a/b', 'private-a#', 'x'.repeat(165)])('refuses channel %j', (channel) => {
		expect(() => authorizeChannel({ key: 'k', secret: 's', socketId: '1.2', channel })).toThrow(/Channel name/);
	});

	it('needs the master key for an encrypted channel and says so', () => {
		expect(() => authorizeChannel({ key: 'k', secret: 's', socketId: '1.2', channel: 'private-encrypted-x' })).toThrow(
			/encryption master key/,
		);
	});

	it('never puts the secret or master key in an error', () => {
		const masterKey = randomBytes(31).toString('base64');
		let message = '';
		try {
			authorizeChannel({ key: 'k', secret: 'TOPSECRET', socketId: '1.2', channel: 'private-encrypted-x', encryptionMasterKey: masterKey });
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).not.toBe('');
		expect(message).not.toContain(masterKey);
		expect(message).not.toContain('TOPSECRET');
	});
});

describe('authenticateUser', () => {
	it('reproduces the user-authentication example in Pusher\'s docs', () => {
		expect(
			authenticateUser({
				key: '278d425bdf160c739803',
				secret: '7ad3773142a6692b25b8',
				socketId: '1234.1234',
				userData: '{"id":"12345"}',
			}),
		).toEqual({
			auth: '278d425bdf160c739803:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba',
			user_data: '{"id":"12345"}',
		});
	});

	it('matches the official SDK on 1,500 random users', () => {
		const random = seededRandom();
		for (let i = 0; i < 1500; i++) {
			const key = random.string('abcdef0123456789', 1, 20);
			const secret = random.string(UNICODE_ALPHABET + CHANNEL_ALPHABET, 1, 30);
			const socketId = `${random.int(0, 1e9)}.${random.int(0, 1e9)}`;
			const userData: Record<string, unknown> = { id: random.string(UNICODE_ALPHABET + CHANNEL_ALPHABET, 1, 40) };
			if (random.next() < 0.5) userData.user_info = { name: random.string(UNICODE_ALPHABET, 0, 30) };
			if (random.next() < 0.3) userData.watchlist = [random.string(CHANNEL_ALPHABET, 1, 10)];

			const expected = sdk(key, secret).authenticateUser(socketId, userData as never);
			const actual = authenticateUser({ key, secret, socketId, userData });
			if (!isDeepStrictEqual(actual, expected)) {
				throw new Error(`seed ${random.seed}, case ${i}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
			}
		}
	});

	it('uses a user-data string verbatim', () => {
		const userData = '{ "id": "42", "user_info": {} }';
		const result = authenticateUser({ key: 'k', secret: 's', socketId: '1.2', userData });
		expect(result.user_data).toBe(userData);
		expect(result.auth).toBe(`k:${new Token('k', 's').sign(`1.2::user::${userData}`)}`);
	});

	it.each([{}, { id: '' }, { id: 42 }, '[]', 'not json', '{"id":null}'])('refuses user data %j without a string id', (userData) => {
		expect(() => authenticateUser({ key: 'k', secret: 's', socketId: '1.2', userData: userData as never })).toThrow(/"id"/);
	});

	it('refuses a bad socket id', () => {
		expect(() => authenticateUser({ key: 'k', secret: 's', socketId: 'x', userData: { id: '1' } })).toThrow(/Socket ID/);
	});
});
