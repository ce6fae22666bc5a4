import { encryptPayload } from '../../nodes/Pusher/protocol';
import { isSelected } from '../../nodes/Pusher/channelTrigger/eventFilter';
import { outputEventName, shapeChannelEvent } from '../../nodes/Pusher/channelTrigger/eventItem';
import { parseFrame } from '../../nodes/Pusher/channelTrigger/messages';

const receivedAt = new Date('2026-11-23T10:00:00.000Z');
const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

describe('shapeChannelEvent', () => {
	test('parses JSON data and keeps the raw text', () => {
		expect(shapeChannelEvent({ event: 'created', channel: 'orders', data: '{"id":1,"tags":["a"]}' }, { receivedAt })).toEqual({
			channel: 'orders',
			event: 'created',
			data: { id: 1, tags: ['a'] },
			rawData: '{"id":1,"tags":["a"]}',
			receivedAt: '2026-11-23T10:00:00.000Z',
		});
	});

	test('keeps text that is not a JSON object or array as text', () => {
		for (const text of ['hello', '123', '"quoted"', '{not json']) {
			expect(shapeChannelEvent({ event: 'e', channel: 'c', data: text }, { receivedAt })).toMatchObject({ data: text, rawData: text });
		}
	});

	test('data sent as an object (Soketi) is kept, with its JSON as rawData; no data gives null', () => {
		expect(shapeChannelEvent({ event: 'e', channel: 'c', data: { a: 1 } }, { receivedAt })).toMatchObject({ data: { a: 1 }, rawData: '{"a":1}' });
		expect(shapeChannelEvent({ event: 'e', channel: 'c', data: undefined }, { receivedAt })).toMatchObject({ data: null, rawData: null });
	});

	test('client events on presence channels carry the sender as userId', () => {
		expect(shapeChannelEvent({ event: 'client-typing', channel: 'presence-room', data: '{}', userId: '42' }, { receivedAt })).toMatchObject({
			userId: '42',
		});
	});

	test('member events are renamed as pusher-js does and carry the member', () => {
		const added = shapeChannelEvent(
			{ event: 'pusher_internal:member_added', channel: 'presence-room', data: '{"user_id":"7","user_info":{"name":"Ann"}}' },
			{ receivedAt },
		);
		expect(added).toMatchObject({
			event: 'pusher:member_added',
			userId: '7',
			member: { id: '7', info: { name: 'Ann' } },
			data: { user_id: '7', user_info: { name: 'Ann' } },
		});
		const removed = shapeChannelEvent(
			{ event: 'pusher_internal:member_removed', channel: 'presence-room', data: { user_id: 7 } },
			{ receivedAt },
		);
		expect(removed).toMatchObject({ event: 'pusher:member_removed', userId: '7', member: { id: '7' } });
		expect(outputEventName('pusher:cache_miss')).toBe('pusher:cache_miss');
		expect(outputEventName('client-x')).toBe('client-x');
	});

	test('decrypts events on encrypted channels, but not Pusher\'s own events there', () => {
		const channel = 'private-encrypted-payments';
		const data = encryptPayload({ channel, data: { amount: 5, note: 'é€😀' }, encryptionMasterKey: MASTER_KEY });
		expect(shapeChannelEvent({ event: 'paid', channel, data }, { receivedAt, encryptionMasterKey: MASTER_KEY })).toMatchObject({
			data: { amount: 5, note: 'é€😀' },
			rawData: '{"amount":5,"note":"é€😀"}',
			encrypted: true,
		});
		expect(
			shapeChannelEvent({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' }, { receivedAt, encryptionMasterKey: MASTER_KEY }),
		).toMatchObject({ event: 'pusher:subscription_succeeded', data: {} });
	});

	test('says why an encrypted event cannot be read', () => {
		const channel = 'private-encrypted-payments';
		const data = encryptPayload({ channel, data: 'x', encryptionMasterKey: MASTER_KEY });
		expect(() => shapeChannelEvent({ event: 'paid', channel, data }, { receivedAt })).toThrow('the credential has no Encryption Master Key');
		const otherKey = Buffer.alloc(32, 8).toString('base64');
		expect(() => shapeChannelEvent({ event: 'paid', channel, data }, { receivedAt, encryptionMasterKey: otherKey })).toThrow(
			'Event "paid" on "private-encrypted-payments" could not be decrypted: Could not decrypt the payload',
		);
		expect(() => shapeChannelEvent({ event: 'paid', channel, data: 'plain' }, { receivedAt, encryptionMasterKey: MASTER_KEY })).toThrow(
			'not valid JSON',
		);
	});
});

describe('isSelected', () => {
	test('all events, no Pusher events by default', () => {
		const selection = { eventNames: 'all' as const, pusherEvents: [] };
		expect(isSelected('created', selection)).toBe(true);
		expect(isSelected('client-move', selection)).toBe(true);
		expect(isSelected('pusher:member_added', selection)).toBe(false);
	});
	test('names and * patterns; Pusher events only when chosen', () => {
		const selection = { eventNames: ['order-*', 'deleted'], pusherEvents: ['pusher:member_added'] };
		expect(isSelected('order-created', selection)).toBe(true);
		expect(isSelected('deleted', selection)).toBe(true);
		expect(isSelected('Deleted', selection)).toBe(false);
		expect(isSelected('created', selection)).toBe(false);
		expect(isSelected('pusher:member_added', selection)).toBe(true);
		expect(isSelected('pusher:member_removed', selection)).toBe(false);
	});
});

describe('parseFrame', () => {
	test('reads Pusher frames and refuses anything else', () => {
		expect(parseFrame('{"event":"e","channel":"c","data":"{}","user_id":"1"}')).toEqual({ event: 'e', channel: 'c', data: '{}', user_id: '1' });
		expect(parseFrame('{"event":"pusher:pong"}')).toEqual({ event: 'pusher:pong' });
		expect(parseFrame('not json')).toBeUndefined();
		expect(parseFrame('{"channel":"c"}')).toBeUndefined();
		expect(parseFrame('[1]')).toBeUndefined();
	});
});
