import type { WebhookEvent } from '../../nodes/Pusher/protocol';
import { dedupeKey, RecentKeys, webhookDedupeKey } from '../../nodes/Pusher/webhookTrigger/dedupe';
import { receiveWebhook } from '../../nodes/Pusher/webhookTrigger/receive';
import { parseWebhookTriggerSettings } from '../../nodes/Pusher/webhookTrigger/settings';
import { sign } from './http';

const T = 1_700_000_000_000;
const occupied: WebhookEvent = { name: 'channel_occupied', channel: 'presence-a' };
const message: WebhookEvent = { name: 'client_event', channel: 'private-b', event: 'client-x', data: { b: 1, a: 2 }, socket_id: '1.2' };

describe('dedupeKey', () => {
	it('is a short hash that does not contain the data', () => {
		const key = dedupeKey({ ...message, data: 'secret text' }, 0, T);
		expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(key).not.toContain('secret');
	});

	it('is the same for the same event, place and time_ms, whatever the key order', () => {
		const reordered: WebhookEvent = { socket_id: '1.2', data: { a: 2, b: 1 }, event: 'client-x', channel: 'private-b', name: 'client_event' };
		expect(dedupeKey(reordered, 3, T)).toBe(dedupeKey(message, 3, T));
	});

	it('differs when the time_ms, the place in the webhook or any field differs', () => {
		const base = dedupeKey(message, 0, T);
		const others = [
			dedupeKey(message, 0, T + 1),
			dedupeKey(message, 1, T),
			dedupeKey({ ...message, data: { a: 2, b: 2 } }, 0, T),
			dedupeKey({ ...message, channel: 'private-c' }, 0, T),
			dedupeKey({ ...message, user_id: '9' }, 0, T),
			// a string holding JSON is not the object it holds: Pusher and Soketi never mix for one app
			dedupeKey({ ...message, data: '{"a":2,"b":1}' }, 0, T),
		];
		expect(new Set([base, ...others]).size).toBe(others.length + 1);
	});

	it('names a whole webhook by its time_ms and events', () => {
		expect(webhookDedupeKey([occupied, message], T)).toBe(webhookDedupeKey([{ ...occupied }, { ...message }], T));
		expect(webhookDedupeKey([occupied, message], T)).not.toBe(webhookDedupeKey([message, occupied], T));
		expect(webhookDedupeKey([occupied], T)).not.toBe(webhookDedupeKey([occupied], T + 1));
	});
});

describe('RecentKeys', () => {
	it('recognizes a key until it is forgotten', () => {
		const keys = new RecentKeys();
		expect(keys.seenBefore('a', T, T + 1000)).toBe(false);
		expect(keys.seenBefore('a', T + 999, T + 2000)).toBe(true);
		// a repeat does not extend the memory
		expect(keys.seenBefore('a', T + 1000, T + 3000)).toBe(false);
		expect(keys.seenBefore('a', T + 1001, T + 3000)).toBe(true);
	});

	it('sweeps expired keys and never holds more than its bound, forgetting the oldest first', () => {
		const keys = new RecentKeys(50);
		for (let i = 0; i < 500; i++) {
			keys.seenBefore(`k${i}`, T + i, T + i + 10_000);
			expect(keys.size).toBeLessThanOrEqual(50);
		}
		expect(keys.seenBefore('k499', T + 500, T + 20_000)).toBe(true);
		expect(keys.seenBefore('k0', T + 500, T + 20_000)).toBe(false);
		const expiring = new RecentKeys();
		for (let i = 0; i < 100; i++) expiring.seenBefore(`e${i}`, T, T + 10);
		expiring.seenBefore('later', T + 11, T + 100);
		expect(expiring.size).toBe(1);
	});
});

describe('receiveWebhook: keys and the duplicates of this process', () => {
	const settings = parseWebhookTriggerSettings({});
	const body = (events: WebhookEvent[], timeMs = T) => Buffer.from(JSON.stringify({ time_ms: timeMs, events }));
	const receive = (raw: Buffer, keys: RecentKeys, now = T, overrides = {}) =>
		receiveWebhook({
			headers: { 'x-pusher-key': 'k', 'x-pusher-signature': sign('s', raw) },
			rawBody: raw,
			settings: { ...settings, ...overrides },
			credentialKeyPair: { key: 'k', secret: 's' },
			seenBefore: (key, forgetAt) => keys.seenBefore(key, now, forgetAt),
			now,
		});

	it('puts a dedupeKey on every item, and starts nothing for a retry of the same webhook', () => {
		const keys = new RecentKeys();
		const raw = body([occupied, message]);
		const first = receive(raw, keys);
		expect(first).toMatchObject({ outcome: 'emit', received: 2, emitted: 2, duplicates: 0 });
		const items = first.outcome === 'emit' ? first.items : [];
		expect(items.map((item) => item.dedupeKey)).toEqual([dedupeKey(occupied, 0, T), dedupeKey(message, 1, T)]);
		expect(receive(raw, keys, T + 3000)).toEqual({ outcome: 'ignored', received: 2, duplicates: 2 });
	});

	it('keeps distinct events that look alike: the same content at another time_ms, or twice in one webhook', () => {
		const keys = new RecentKeys();
		expect(receive(body([occupied]), keys)).toMatchObject({ outcome: 'emit', emitted: 1 });
		expect(receive(body([occupied], T + 5), keys, T + 5)).toMatchObject({ outcome: 'emit', emitted: 1 });
		expect(receive(body([message, message], T + 6), keys, T + 6)).toMatchObject({ outcome: 'emit', emitted: 2 });
	});

	it('remembers a key only while a retry of it could pass the age check', () => {
		const keys = new RecentKeys();
		const raw = body([occupied]);
		receive(raw, keys);
		expect(receive(raw, keys, T + 600_000)).toMatchObject({ outcome: 'ignored', duplicates: 1 });
		// past the window the age check refuses it anyway
		expect(receive(raw, keys, T + 600_001)).toMatchObject({ outcome: 'refused', status: 401 });
		// with the check off, keys are kept 10 minutes from arrival
		const unchecked = new RecentKeys();
		receive(raw, unchecked, T + 86_400_000, { maxAgeMs: 0 });
		expect(receive(raw, unchecked, T + 86_400_000 + 599_999, { maxAgeMs: 0 })).toMatchObject({ outcome: 'ignored' });
		expect(receive(raw, unchecked, T + 86_400_000 + 600_001, { maxAgeMs: 0 })).toMatchObject({ outcome: 'emit' });
	});

	it('keys the one item of the Each Webhook output by the whole webhook', () => {
		const outcome = receive(body([occupied, message]), new RecentKeys(), T, { output: 'webhook' });
		expect(outcome).toMatchObject({ outcome: 'emit', emitted: 2 });
		const [item] = outcome.outcome === 'emit' ? outcome.items : [];
		expect(item.dedupeKey).toBe(webhookDedupeKey([occupied, message], T));
		expect((item.events as Array<{ dedupeKey: string }>).map((event) => event.dedupeKey)).toEqual([
			dedupeKey(occupied, 0, T),
			dedupeKey(message, 1, T),
		]);
	});
});
