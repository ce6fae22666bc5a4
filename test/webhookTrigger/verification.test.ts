import { verifyWebhook } from '../../nodes/Pusher/protocol';
import { parseWebhookTriggerSettings, PUSHER_EVENT_TYPES } from '../../nodes/Pusher/webhookTrigger/settings';
import { sign } from './http';

const T = 1_700_000_000_000;
const keyPairs = [{ key: 'app-key', secret: 'app-secret' }];
const bodyOf = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const signed = (body: Buffer, key = 'app-key', secret = 'app-secret') => ({ 'x-pusher-key': key, 'x-pusher-signature': sign(secret, body) });
const good = bodyOf({ time_ms: T, events: [{ name: 'channel_occupied', channel: 'a' }] });

describe('verifyWebhook', () => {
	it('accepts a signed webhook', () => {
		expect(verifyWebhook({ headers: signed(good), rawBody: good, credentials: keyPairs, now: T })).toEqual({
			valid: true,
			timeMs: T,
			events: [{ name: 'channel_occupied', channel: 'a' }],
		});
	});

	it.each([
		['an unknown key', { ...signed(good), 'x-pusher-key': 'other' }],
		['a signature from another secret', signed(good, 'app-key', 'wrong')],
		['no signature', { 'x-pusher-key': 'app-key' }],
		['no key', { 'x-pusher-signature': sign('app-secret', good) }],
		['a repeated signature header', { 'x-pusher-key': 'app-key', 'x-pusher-signature': [sign('app-secret', good), sign('app-secret', good)] }],
		['an upper-cased signature', { 'x-pusher-key': 'app-key', 'x-pusher-signature': sign('app-secret', good).toUpperCase() }],
	])('answers 401 to %s', (_label, headers) => {
		expect(verifyWebhook({ headers, rawBody: good, credentials: keyPairs, now: T })).toMatchObject({ valid: false, status: 401 });
	});

	it('answers 401 to an empty or missing body', () => {
		const empty = Buffer.alloc(0);
		expect(verifyWebhook({ headers: signed(empty), rawBody: empty, credentials: keyPairs, now: T })).toMatchObject({ status: 401 });
		expect(verifyWebhook({ headers: signed(empty), rawBody: undefined, credentials: keyPairs, now: T })).toMatchObject({ status: 401 });
	});

	it.each([
		['not JSON', bodyOf('time_ms=1')],
		['JSON but not an object', bodyOf([1, 2])],
		['no events array', bodyOf({ time_ms: T })],
		['an event without a name', bodyOf({ time_ms: T, events: [{ channel: 'a' }] })],
		['no numeric time_ms', bodyOf({ time_ms: 'soon', events: [] })],
	])('answers 400 to a signed body that is %s', (_label, body) => {
		const verdict = verifyWebhook({ headers: signed(body), rawBody: body, credentials: keyPairs, now: T });
		expect(verdict).toMatchObject({ valid: false, status: 400 });
	});

	it('answers 401 to the same malformed bodies when they are not signed', () => {
		const body = bodyOf('time_ms=1');
		expect(verifyWebhook({ headers: signed(body, 'app-key', 'wrong'), rawBody: body, credentials: keyPairs, now: T })).toMatchObject({ status: 401 });
	});

	it('trusts additional key pairs (key rotation), each with its own secret only', () => {
		const pairs = [...keyPairs, { key: 'new-key', secret: 'new-secret' }];
		expect(verifyWebhook({ headers: signed(good, 'new-key', 'new-secret'), rawBody: good, credentials: pairs, now: T }).valid).toBe(true);
		expect(verifyWebhook({ headers: signed(good, 'new-key', 'app-secret'), rawBody: good, credentials: pairs, now: T })).toMatchObject({ status: 401 });
		expect(verifyWebhook({ headers: signed(good, 'new-key', 'new-secret'), rawBody: good, credentials: keyPairs, now: T })).toMatchObject({ status: 401 });
		const malformed = bodyOf('nope');
		expect(verifyWebhook({ headers: signed(malformed, 'new-key', 'new-secret'), rawBody: malformed, credentials: pairs, now: T })).toMatchObject({ status: 400 });
	});

	it('refuses webhooks older than the maximum age with 401, and accepts the others', () => {
		const maxAgeMs = 600_000;
		expect(verifyWebhook({ headers: signed(good), rawBody: good, credentials: keyPairs, maxAgeMs, now: T + 600_000 }).valid).toBe(true);
		const old = verifyWebhook({ headers: signed(good), rawBody: good, credentials: keyPairs, maxAgeMs, now: T + 600_001 });
		expect(old).toEqual({ valid: false, status: 401, reason: 'The webhook is 600 s old, more than the 600 s allowed' });
		// a clock running behind Pusher's by less than a minute is not a replay
		expect(verifyWebhook({ headers: signed(good), rawBody: good, credentials: keyPairs, maxAgeMs, now: T - 60_000 }).valid).toBe(true);
	});

	it('checks the age by default: 600 s back, 60 s ahead', () => {
		const at = (now: number) => verifyWebhook({ headers: signed(good), rawBody: good, credentials: keyPairs, now });
		expect(at(T + 600_000).valid).toBe(true);
		expect(at(T + 600_001)).toMatchObject({ valid: false, status: 401 });
		expect(at(T + 86_400_000)).toMatchObject({ valid: false, status: 401 });
		expect(at(T - 60_000).valid).toBe(true);
		expect(at(T - 60_001)).toEqual({
			valid: false,
			status: 401,
			reason: "The webhook's time_ms is 60 s in the future, more than the 60 s of clock skew allowed",
		});
	});

	it('checks no age when the maximum age is 0', () => {
		for (const now of [T + 86_400_000, T - 86_400_000]) {
			expect(verifyWebhook({ headers: signed(good), rawBody: good, credentials: keyPairs, maxAgeMs: 0, now }).valid).toBe(true);
		}
	});
});

describe('parseWebhookTriggerSettings', () => {
	it('fills the defaults', () => {
		expect(parseWebhookTriggerSettings({})).toEqual({
			eventTypes: [...PUSHER_EVENT_TYPES],
			channelFilter: { mode: 'any', values: [] },
			droppedClientEvents: [],
			output: 'event',
			extraKeyPairs: [],
			maxAgeMs: 600_000,
		});
	});

	it('reads every parameter', () => {
		expect(
			parseWebhookTriggerSettings({
				events: ['client_event'],
				channelFilter: 'pattern',
				channels: 'presence-* \n private-x',
				dropClientEvents: 'client-typing',
				output: 'webhook',
				maxAgeSeconds: 120,
				options: {
					extraKeys: { pairs: [{ key: ' k2 ', secret: 's2' }, { key: '', secret: 'x' }, { key: 'k3', secret: '' }] },
				},
			}),
		).toEqual({
			eventTypes: ['client_event'],
			channelFilter: { mode: 'pattern', values: ['presence-*', 'private-x'] },
			droppedClientEvents: ['client-typing'],
			output: 'webhook',
			extraKeyPairs: [{ key: 'k2', secret: 's2' }],
			maxAgeMs: 120_000,
		});
	});

	it('ignores channel values when the filter is any; a nonsense age keeps the safe default, 0 turns the check off', () => {
		const settings = parseWebhookTriggerSettings({ channelFilter: 'any', channels: 'x', maxAgeSeconds: -5 });
		expect(settings.channelFilter).toEqual({ mode: 'any', values: [] });
		expect(settings.maxAgeMs).toBe(600_000);
		expect(parseWebhookTriggerSettings({ maxAgeSeconds: 'abc' }).maxAgeMs).toBe(600_000);
		expect(parseWebhookTriggerSettings({ maxAgeSeconds: 0 }).maxAgeMs).toBe(0);
		expect(parseWebhookTriggerSettings({ channelFilter: 'bogus' }).channelFilter.mode).toBe('any');
	});
});
