import { backoffDelay, reconnectDelay } from '../../nodes/Pusher/channelTrigger/backoff';
import { closeAction, describeClose, isPusherCode } from '../../nodes/Pusher/channelTrigger/closeCodes';
import { hintForCode } from '../../nodes/Pusher/channelTrigger/errorHints';

describe('closeAction', () => {
	test.each([
		[4000, 'fatal'],
		[4001, 'fatal'],
		[4009, 'fatal'],
		[4099, 'fatal'],
		[4100, 'reconnect-later'],
		[4199, 'reconnect-later'],
		[4200, 'reconnect-now'],
		[4201, 'reconnect-now'],
		[4299, 'reconnect-now'],
		[4300, 'reconnect'],
		[3999, 'reconnect'],
		[1000, 'reconnect'],
		[1006, 'reconnect'],
		[undefined, 'reconnect'],
	])('%s -> %s', (code, action) => {
		expect(closeAction(code)).toBe(action);
	});

	test('isPusherCode covers 4000-4299 only', () => {
		expect([3999, 4000, 4299, 4300, undefined].map(isPusherCode)).toEqual([false, true, true, false, false]);
	});

	test('describeClose explains 1006 apart from other codes', () => {
		expect(describeClose(1006, '', true)).toContain('could not be opened');
		expect(describeClose(1006, '', false, 'ECONNRESET')).toBe('the connection dropped (ECONNRESET) (code 1006)');
		expect(describeClose(4001, 'App key x does not exist', false)).toBe('closed with code 4001: App key x does not exist');
	});

	test('hints name what to check for 4000-4099 codes', () => {
		expect(hintForCode(4001)).toContain('Key and the cluster or host');
		expect(hintForCode(4050)).toBe('The server asked the client not to reconnect.');
		expect(hintForCode(4200)).toBeUndefined();
		expect(hintForCode(undefined)).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	const options = { baseMs: 1000, maxMs: 60_000 };
	test('doubles per attempt up to the cap (random = 1 gives the full delay)', () => {
		const delays = [0, 1, 2, 3, 4, 5, 6, 7, 50].map((attempt) => backoffDelay(attempt, { ...options, random: () => 1 }));
		expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
	});
	test('jitter keeps at least half of the delay', () => {
		expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(4000);
		for (let i = 0; i < 100; i++) {
			const delay = backoffDelay(2, options);
			expect(delay).toBeGreaterThanOrEqual(2000);
			expect(delay).toBeLessThanOrEqual(4000);
		}
	});
});

describe('reconnectDelay', () => {
	const options = { baseMs: 1000, maxMs: 60_000, random: () => 0 };
	test('4200-4299: at once the first time, then the backoff', () => {
		expect(reconnectDelay('reconnect-now', 0, options)).toBe(0);
		expect(reconnectDelay('reconnect-now', 2, options)).toBe(2000);
	});
	test('4100-4199: never sooner than the base delay', () => {
		expect(reconnectDelay('reconnect-later', 0, options)).toBe(1000);
		expect(reconnectDelay('reconnect-later', 3, options)).toBe(4000);
	});
	test('other closes: the backoff', () => {
		expect(reconnectDelay('reconnect', 0, options)).toBe(500);
		expect(reconnectDelay('reconnect', 10, { ...options, random: () => 1 })).toBe(60_000);
	});
});
