import {
	LIMITS,
	validateChannelName,
	validateDataSize,
	validateEventName,
	validateSignInUserId,
	validateSocketId,
	validateUserId,
	validateUserInfo,
} from '../../nodes/Pusher/protocol';
import { CHANNEL_ALPHABET } from '../helpers/random';

describe('validation', () => {
	it('accepts every character Pusher allows in a channel name, up to the length limit', () => {
		expect(validateChannelName(CHANNEL_ALPHABET)).toBeUndefined();
		expect(validateChannelName('x'.repeat(LIMITS.channelNameLength))).toBeUndefined();
		expect(validateChannelName('presence-cache-room')).toBeUndefined();
	});

	it.each([
		['', /empty/],
		['a b', /characters Pusher does not allow/],
		['café', /characters Pusher does not allow/],
		['#server-to-user-1', /characters Pusher does not allow/],
		['x'.repeat(165), /165 characters long; the limit is 164/],
	])('refuses channel %j, saying why', (name, message) => {
		expect(validateChannelName(name)).toMatch(message);
	});

	it('lets a dedicated cluster raise the channel-name limit', () => {
		expect(validateChannelName('x'.repeat(200), 200)).toBeUndefined();
	});

	it('checks event names', () => {
		expect(validateEventName('my-event')).toBeUndefined();
		expect(validateEventName('client-typing')).toBeUndefined();
		expect(validateEventName('e'.repeat(200))).toBeUndefined();
		expect(validateEventName('e'.repeat(201))).toMatch(/201 characters long; the limit is 200/);
		expect(validateEventName('')).toMatch(/empty/);
		expect(validateEventName('pusher:subscribe')).toMatch(/reserves/);
	});

	it('checks socket ids', () => {
		expect(validateSocketId('123.456')).toBeUndefined();
		expect(validateSocketId('123')).toMatch(/"123" is not of the form/);
		expect(validateSocketId(undefined)).toMatch(/not of the form/);
	});

	it('measures data in UTF-8 bytes, not characters', () => {
		expect(validateDataSize('a'.repeat(10240))).toBeUndefined();
		expect(validateDataSize('a'.repeat(10241))).toMatch(/10241 bytes/);
		// 3,414 euro signs are 3,414 characters but 10,242 bytes.
		expect(validateDataSize('€'.repeat(3414))).toMatch(/10242 bytes \(UTF-8\); the limit is 10240 bytes/);
		expect(validateDataSize('😀'.repeat(2560))).toBeUndefined();
		expect(validateDataSize('😀'.repeat(2561))).toMatch(/10244 bytes/);
		expect(validateDataSize('x'.repeat(20000), 20480)).toBeUndefined();
	});

	it('checks user ids', () => {
		expect(validateUserId('42')).toBeUndefined();
		expect(validateUserId('')).toMatch(/empty/);
		expect(validateUserId('u'.repeat(129))).toMatch(/129 characters long; the limit is 128/);
	});

	it('takes as a signed-in user\'s id only what makes a channel name and travels unchanged in a URL path', () => {
		for (const id of ['ada@example.com', 'a.b=c', 'x,y;z', 'U-1_2']) expect(validateSignInUserId(id)).toBeUndefined();
		for (const id of ['a+b.c=d', 'a b', 'a/b', 'a?b', 'a#b', 'a%40b', 'ad\u00e9', "o'neil", 'a:b']) {
			expect(validateSignInUserId(id)).toMatch(/has characters a signed-in user's ID cannot have: the user's events go to the channel "#server-to-user-/);
		}
		expect(validateSignInUserId('..')).toMatch(/would change the request path/);
		expect(validateSignInUserId('')).toMatch(/empty/);
	});

	it('measures presence user info in UTF-8 bytes of its JSON', () => {
		expect(validateUserInfo({ s: 'x'.repeat(1016) })).toBeUndefined(); // {"s":"…"} is 1,024 bytes
		expect(validateUserInfo({ s: 'x'.repeat(1017) })).toBe('User info is 1025 bytes of JSON (UTF-8); Pusher allows at most 1024');
		expect(validateUserInfo({ s: '€'.repeat(339) })).toMatch(/1025 bytes/); // 339 euro signs are 1,017 bytes
	});

	it('shortens long values in messages', () => {
		expect(validateChannelName('a b'.repeat(1000))!.length).toBeLessThan(200);
	});
});
