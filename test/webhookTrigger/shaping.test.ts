import { randomBytes } from 'node:crypto';

import { encryptPayload } from '../../nodes/Pusher/protocol';
import type { WebhookEvent } from '../../nodes/Pusher/protocol';
import { parseJsonText } from '../../nodes/common/json';
import { readClientData } from '../../nodes/Pusher/webhookTrigger/clientData';
import { shapeWebhookEvent } from '../../nodes/Pusher/webhookTrigger/events';

const masterKey = randomBytes(32).toString('base64');
const otherKey = randomBytes(32).toString('base64');
const channel = 'private-encrypted-orders';

describe('parseJsonText', () => {
	it.each([
		['{"a":1}', { a: 1 }],
		[' [1,2] ', [1, 2]],
		['{"broken":', '{"broken":'],
		['hello', 'hello'],
		['123', '123'],
		['"quoted"', '"quoted"'],
		['', ''],
	])('%j → %j', (input, expected) => {
		expect(parseJsonText(input)).toEqual(expected);
	});

	it('leaves values that are not strings alone', () => {
		const object = { a: 1 };
		expect(parseJsonText(object)).toBe(object);
		expect(parseJsonText(7)).toBe(7);
		expect(parseJsonText(null)).toBe(null);
		expect(parseJsonText(undefined)).toBe(undefined);
	});
});

describe('shapeWebhookEvent', () => {
	it('passes events other than client events through with all their fields', () => {
		const events: WebhookEvent[] = [
			{ name: 'channel_occupied', channel: 'a' },
			{ name: 'member_removed', channel: 'presence-a', user_id: '42' },
			{ name: 'subscription_count', channel: 'a', subscription_count: 9 },
			{ name: 'cache_miss', channel: 'cache-a' },
		];
		for (const event of events) expect(shapeWebhookEvent(event)).toEqual(event);
	});

	it('parses the data of a client event that Pusher sends as a string, keeping the string as rawData', () => {
		const event: WebhookEvent = { name: 'client_event', channel: 'private-a', event: 'client-msg', data: '{"text":"hi"}', socket_id: '1.2', user_id: 'u1' };
		expect(shapeWebhookEvent(event)).toEqual({ ...event, data: { text: 'hi' }, rawData: '{"text":"hi"}' });
	});

	it('keeps the data of a client event that Soketi sends as an object', () => {
		const event: WebhookEvent = { name: 'client_event', channel: 'private-a', event: 'client-msg', data: { text: 'hi' }, socket_id: '1.2' };
		expect(shapeWebhookEvent(event)).toEqual({ ...event, data: { text: 'hi' }, rawData: { text: 'hi' } });
	});

	it('keeps text that is not JSON as it is', () => {
		const event: WebhookEvent = { name: 'client_event', channel: 'private-a', event: 'client-msg', data: 'plain words', socket_id: '1.2' };
		expect(shapeWebhookEvent(event)).toMatchObject({ data: 'plain words', rawData: 'plain words' });
	});

	it('does not add data to a client event that has none', () => {
		const event: WebhookEvent = { name: 'client_event', channel: 'private-a', event: 'client-ping', socket_id: '1.2' };
		expect(shapeWebhookEvent(event)).toEqual(event);
	});

	describe('on encrypted channels', () => {
		const secret = { orderId: 7, note: 'ünïcødé 😀' };

		it.each([
			['a string (Pusher)', (payload: string) => payload],
			['an object (Soketi)', (payload: string) => JSON.parse(payload) as unknown],
		])('decrypts data sent as %s with the master key', (_label, wire) => {
			const payload = encryptPayload({ channel, data: secret, encryptionMasterKey: masterKey });
			const event: WebhookEvent = { name: 'client_event', channel, event: 'client-order', data: wire(payload), socket_id: '1.2' };
			expect(shapeWebhookEvent(event, masterKey)).toEqual({ ...event, data: secret, rawData: wire(payload), decrypted: true });
		});

		it('decrypts to text when the plaintext is not JSON', () => {
			const payload = encryptPayload({ channel, data: 'just text', encryptionMasterKey: masterKey });
			const event: WebhookEvent = { name: 'client_event', channel, event: 'client-x', data: payload, socket_id: '1.2' };
			expect(shapeWebhookEvent(event, masterKey)).toMatchObject({ data: 'just text', decrypted: true });
		});

		it('keeps the payload and says why when decryption fails, without crashing', () => {
			const payload = encryptPayload({ channel, data: secret, encryptionMasterKey: otherKey });
			const cases: Array<[unknown, RegExp]> = [
				[payload, /authentication failed/],
				[encryptPayload({ channel: 'private-encrypted-other', data: secret, encryptionMasterKey: masterKey }), /authentication failed/],
				['not a payload', /not valid JSON/],
				[{ nonce: 'AAAA' }, /nonce.*ciphertext/],
				[{ nonce: '!!', ciphertext: '??' }, /base64/],
				[42, /must be an object/],
			];
			for (const [data, reason] of cases) {
				const event: WebhookEvent = { name: 'client_event', channel, event: 'client-x', data, socket_id: '1.2' };
				const shaped = shapeWebhookEvent(event, masterKey);
				expect(shaped.decrypted).toBeUndefined();
				expect(shaped.rawData).toEqual(data);
				expect(shaped.data).toEqual(parseJsonText(data));
				expect(shaped.decryptionError).toMatch(reason);
				expect(String(shaped.decryptionError)).not.toContain(masterKey);
			}
		});

		it('passes the payload through untouched without a master key', () => {
			const payload = encryptPayload({ channel, data: secret, encryptionMasterKey: masterKey });
			const event: WebhookEvent = { name: 'client_event', channel, event: 'client-x', data: payload, socket_id: '1.2' };
			const shaped = shapeWebhookEvent(event);
			expect(shaped).toEqual({ ...event, data: JSON.parse(payload), rawData: payload });
			expect(shaped).not.toHaveProperty('decryptionError');
		});

		it('does not try to decrypt events on channels that are not encrypted', () => {
			const data = '{"nonce":"x","ciphertext":"y"}';
			expect(readClientData('private-plain', data, masterKey)).toEqual({ data: { nonce: 'x', ciphertext: 'y' }, rawData: data });
		});

		it('reports a malformed master key as a decryption error', () => {
			const payload = encryptPayload({ channel, data: secret, encryptionMasterKey: masterKey });
			expect(readClientData(channel, payload, 'too-short')).toMatchObject({ decryptionError: expect.stringMatching(/master key/) });
		});
	});
});
