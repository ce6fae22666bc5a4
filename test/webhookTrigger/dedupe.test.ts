import type { WebhookEvent } from '../../nodes/Pusher/protocol';
import { dropSeenEvents, eventFingerprint } from '../../nodes/Pusher/webhookTrigger/dedupe';

const T = 1_700_000_000_000;
const settings = { windowMs: 300_000, maxEntries: 1000 };
const occupied: WebhookEvent = { name: 'channel_occupied', channel: 'presence-a' };
const message: WebhookEvent = { name: 'client_event', channel: 'private-b', event: 'client-x', data: { b: 1, a: 2 }, socket_id: '1.2' };

describe('eventFingerprint', () => {
	it('is a short hash that does not contain the data', () => {
		const fingerprint = eventFingerprint({ ...message, data: 'secret text' }, T);
		expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(fingerprint).not.toContain('secret');
	});

	it('is the same for the same event and time_ms, whatever the key order', () => {
		const reordered: WebhookEvent = { socket_id: '1.2', data: { a: 2, b: 1 }, event: 'client-x', channel: 'private-b', name: 'client_event' };
		expect(eventFingerprint(reordered, T)).toBe(eventFingerprint(message, T));
	});

	it('differs when the time_ms or any field differs', () => {
		const base = eventFingerprint(message, T);
		expect(eventFingerprint(message, T + 1)).not.toBe(base);
		expect(eventFingerprint({ ...message, data: { a: 2, b: 2 } }, T)).not.toBe(base);
		expect(eventFingerprint({ ...message, channel: 'private-c' }, T)).not.toBe(base);
		expect(eventFingerprint({ ...message, user_id: '9' }, T)).not.toBe(base);
		// a string holding JSON is not the object it holds: Pusher and Soketi never mix for one app
		expect(eventFingerprint({ ...message, data: '{"a":2,"b":1}' }, T)).not.toBe(base);
	});
});

describe('dropSeenEvents', () => {
	it('keeps new events and remembers them until the window ends', () => {
		const first = dropSeenEvents([occupied, message], T, undefined, settings, T);
		expect(first.fresh).toEqual([occupied, message]);
		expect(Object.values(first.seen)).toEqual([T + 300_000, T + 300_000]);

		const retry = dropSeenEvents([occupied, message], T, first.seen, settings, T + 60_000);
		expect(retry.fresh).toEqual([]);
		// a retry does not extend the memory
		expect(retry.seen).toEqual(first.seen);
	});

	it('drops only the events already seen in a webhook mixing old and new', () => {
		const { seen } = dropSeenEvents([occupied], T, undefined, settings, T);
		const newer: WebhookEvent = { name: 'member_added', channel: 'presence-a', user_id: '7' };
		expect(dropSeenEvents([occupied, newer], T, seen, settings, T + 1).fresh).toEqual([newer]);
	});

	it('treats the same event with another time_ms as new (it happened again)', () => {
		const { seen } = dropSeenEvents([occupied], T, undefined, settings, T);
		expect(dropSeenEvents([occupied], T + 5000, seen, settings, T + 5000).fresh).toEqual([occupied]);
	});

	it('forgets events once the window has passed, and prunes expired entries', () => {
		const { seen } = dropSeenEvents([occupied], T, undefined, settings, T);
		const later = dropSeenEvents([occupied], T, seen, settings, T + 300_000);
		expect(later.fresh).toEqual([occupied]);
		expect(Object.values(later.seen)).toEqual([T + 600_000]);

		const other = dropSeenEvents([message], T, seen, settings, T + 300_001);
		expect(Object.keys(other.seen)).toEqual([eventFingerprint(message, T)]);
	});

	it('keeps every copy of an event repeated inside one webhook (a retry resends the whole request)', () => {
		expect(dropSeenEvents([message, message], T, undefined, settings, T).fresh).toEqual([message, message]);
	});

	it('never remembers more than maxEntries, forgetting those closest to expiry first', () => {
		const bound = { windowMs: 1000, maxEntries: 50 };
		let seen: unknown;
		for (let i = 0; i < 500; i++) {
			const event: WebhookEvent = { name: 'member_added', channel: 'presence-a', user_id: String(i) };
			({ seen } = dropSeenEvents([event], T, seen, bound, T + i));
			expect(Object.keys(seen as object).length).toBeLessThanOrEqual(50);
		}
		const remembered = seen as Record<string, number>;
		expect(Object.keys(remembered)).toHaveLength(50);
		expect(Math.min(...Object.values(remembered))).toBe(T + 450 + 1000);
		// the most recent events are still recognized, the oldest are not
		const recent: WebhookEvent = { name: 'member_added', channel: 'presence-a', user_id: '499' };
		const oldest: WebhookEvent = { name: 'member_added', channel: 'presence-a', user_id: '0' };
		expect(dropSeenEvents([recent, oldest], T, seen, bound, T + 500).fresh).toEqual([oldest]);
	});

	it('survives whatever is in storage (not an object, wrong values)', () => {
		for (const stored of [null, 'x', 42, [1, 2], { a: 'b', c: null }, { fp: Number.NaN }]) {
			expect(dropSeenEvents([occupied], T, stored, settings, T).fresh).toEqual([occupied]);
		}
	});

	it('stores only fingerprints and expiry times, JSON-safe for static data', () => {
		const { seen } = dropSeenEvents([{ ...message, data: 'top secret' }], T, undefined, settings, T);
		expect(JSON.parse(JSON.stringify(seen))).toEqual(seen);
		expect(JSON.stringify(seen)).not.toContain('secret');
	});
});
