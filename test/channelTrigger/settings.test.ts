import Pusher from 'pusher';

import { parseChannelTriggerSettings, SettingsError } from '../../nodes/Pusher/channelTrigger/settings';
import { buildSignin, buildSubscriptions } from '../../nodes/Pusher/channelTrigger/subscriptions';

const MASTER_KEY = Buffer.alloc(32, 3).toString('base64');

describe('parseChannelTriggerSettings', () => {
	test('splits channels on spaces and new lines (commas belong to names), dropping repeats', () => {
		const settings = parseChannelTriggerSettings({ channels: ' orders\nprivate-a,b  orders ' });
		expect(settings.channels).toEqual(['orders', 'private-a,b']);
		expect(settings.selection).toEqual({ eventNames: 'all', pusherEvents: [] });
		expect(settings.presenceMember).toBeUndefined();
	});

	test('takes the array an expression returns, one name per entry', () => {
		expect(parseChannelTriggerSettings({ channels: ['orders', ' private-a '], events: 'specific', eventNames: ['x', 'y-*'] })).toMatchObject({
			channels: ['orders', 'private-a'],
			selection: { eventNames: ['x', 'y-*'] },
		});
		expect(() => parseChannelTriggerSettings({ channels: ['orders', 'a b'] })).toThrow('Channels: Channel name "a b" has characters');
	});

	test('says how to fix each problem, apart from the message', () => {
		let caught: unknown;
		try {
			parseChannelTriggerSettings({ channels: 'bad#name' });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(SettingsError);
		expect((caught as SettingsError).fix).toMatch(/separated by spaces or new lines/);
	});

	test('reports bad channel lists by field', () => {
		expect(() => parseChannelTriggerSettings({ channels: '  ' })).toThrow('Channels: No channel name is given');
		expect(() => parseChannelTriggerSettings({ channels: 'ok bad#name' })).toThrow('Channels: Channel name "bad#name" has characters');
		expect(() => parseChannelTriggerSettings({ channels: 'private-encrypted-x' })).toThrow('Channels: Channel "private-encrypted-x" is end-to-end encrypted, and the credential has no Encryption Master Key');
		expect(() => parseChannelTriggerSettings({ channels: 'private-encrypted-x' }, 'c2hvcnQ=')).toThrow("Encryption Master Key is not usable");
		expect(parseChannelTriggerSettings({ channels: 'private-encrypted-x' }, MASTER_KEY).channels).toEqual(['private-encrypted-x']);
	});

	test('specific event names and Pusher events', () => {
		const settings = parseChannelTriggerSettings({
			channels: 'c',
			events: 'specific',
			eventNames: 'a b-*',
			pusherEvents: ['pusher:member_added'],
		});
		expect(settings.selection).toEqual({ eventNames: ['a', 'b-*'], pusherEvents: ['pusher:member_added'] });
		expect(() => parseChannelTriggerSettings({ channels: 'c', events: 'specific', eventNames: '' })).toThrow('Event Names: No event name is given');
		expect(() => parseChannelTriggerSettings({ channels: 'c', pusherEvents: ['pusher:ping'] })).toThrow('Pusher Events: "pusher:ping" is not one of');
	});

	test('presence channels get a member: default id "n8n", or the given id and info', () => {
		expect(parseChannelTriggerSettings({ channels: 'presence-x' }).presenceMember).toEqual({ user_id: 'n8n' });
		expect(
			parseChannelTriggerSettings({ channels: 'presence-x', options: { presenceUserId: ' bot-1 ', presenceUserInfo: '{"name":"Bot"}' } })
				.presenceMember,
		).toEqual({ user_id: 'bot-1', user_info: { name: 'Bot' } });
		expect(parseChannelTriggerSettings({ channels: 'presence-x', options: { presenceUserInfo: { a: 1 } } }).presenceMember).toEqual({
			user_id: 'n8n',
			user_info: { a: 1 },
		});
		expect(parseChannelTriggerSettings({ channels: 'presence-x', options: { presenceUserInfo: '{}' } }).presenceMember).toEqual({ user_id: 'n8n' });
		expect(() => parseChannelTriggerSettings({ channels: 'presence-x', options: { presenceUserId: '' } })).toThrow('User ID: User ID is empty');
		expect(() => parseChannelTriggerSettings({ channels: 'presence-x', options: { presenceUserInfo: '{' } })).toThrow('User Info: The text is not valid JSON');
		expect(() => parseChannelTriggerSettings({ channels: 'presence-x', options: { presenceUserInfo: '[1]' } })).toThrow('User Info: The value is not a JSON object');
		expect(() =>
			parseChannelTriggerSettings({ channels: 'presence-x', options: { presenceUserInfo: JSON.stringify({ s: 'x'.repeat(1100) }) } }),
		).toThrow('Pusher allows at most 1024');
	});
});

describe('parseChannelTriggerSettings: sign-in', () => {
	test('off by default; on, it signs in as the user ID and info, with or without presence channels', () => {
		expect(parseChannelTriggerSettings({ channels: 'orders' }).signinUser).toBeUndefined();
		expect(parseChannelTriggerSettings({ channels: 'orders', options: { signIn: true } })).toMatchObject({ signinUser: { id: 'n8n' } });
		const both = parseChannelTriggerSettings({
			channels: 'presence-x',
			options: { signIn: true, presenceUserId: 'bot', presenceUserInfo: '{"role":"bot"}' },
		});
		expect(both.signinUser).toEqual({ id: 'bot', user_info: { role: 'bot' } });
		expect(both.presenceMember).toEqual({ user_id: 'bot', user_info: { role: 'bot' } });
	});
});

describe('buildSignin', () => {
	test('signs user data exactly as the official SDK does', () => {
		const sdk = new Pusher({ appId: '1', key: 'app-key', secret: 'app-secret', host: '127.0.0.1' });
		const user = { id: 'bot', user_info: { role: 'bot' } };
		expect(buildSignin(user, { key: 'app-key', secret: 'app-secret' })('123.456')).toEqual(sdk.authenticateUser('123.456', user));
	});
});

describe('buildSubscriptions', () => {
	const sdk = new Pusher({ appId: '1', key: 'app-key', secret: 'app-secret', host: '127.0.0.1', encryptionMasterKeyBase64: MASTER_KEY });
	const socketId = '123.456';

	test('signs private, presence and encrypted channels exactly as the official SDK does; public ones need nothing', () => {
		const member = { user_id: 'n8n', user_info: { name: 'n8n' } };
		const subscriptions = buildSubscriptions(['public', 'private-a', 'presence-b', 'private-encrypted-c'], {
			key: 'app-key',
			secret: 'app-secret',
			encryptionMasterKey: MASTER_KEY,
			presenceMember: member,
		});
		expect(subscriptions[0]).toEqual({ channel: 'public' });
		expect(subscriptions[1].authorize!(socketId)).toEqual({ auth: sdk.authorizeChannel(socketId, 'private-a').auth });
		expect(subscriptions[2].authorize!(socketId)).toEqual(sdk.authorizeChannel(socketId, 'presence-b', member));
		// The shared secret stays local: it is not sent to the server.
		expect(subscriptions[3].authorize!(socketId)).toEqual({ auth: sdk.authorizeChannel(socketId, 'private-encrypted-c').auth });
	});
});
