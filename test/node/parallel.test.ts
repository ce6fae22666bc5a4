/**
 * Parallel Requests and Retry on Failure, through the failure-injecting proxy
 * in front of a real Soketi: which items are sent, which fail and which are
 * never sent when a request is refused while others are in flight; and what a
 * retry after a network error or a timeout costs in requests and deliveries.
 */
import type { RecordedRequest } from '../helpers/countingProxy';
import { collect, signin, subscribe, type Collector } from '../helpers/pusherClient';
import { expectItem, jsonOf, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => {
	await h?.close();
});
beforeEach(() => h.proxy.reset());

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The `i` of every event a request carries (data is `{"i": n}`). */
function itemsIn(request: RecordedRequest): number[] {
	const body = JSON.parse(request.body) as { data?: string; batch?: Array<{ data: string }> };
	return (body.batch ?? [body]).map((event) => (JSON.parse(event.data ?? '{}') as { i: number }).i);
}
const carries = (...items: number[]) => (request: RecordedRequest) => itemsIn(request).some((i) => items.includes(i));
const requested = () => h.proxy.requests.flatMap(itemsIn).sort((a, b) => a - b);
const received = (channel: Collector) => (channel.events as Array<{ i: number }>).map(({ i }) => i).sort((a, b) => a - b);

/** Everything sent before it has arrived once an event sent after it arrives (one server, one channel, in order). */
async function settle(channel: string, got: Collector) {
	const before = got.events.length;
	const { error } = await h.run(trigger(channel, { marker: true }));
	expect(error).toBeUndefined();
	await got.waitFor(before + 1);
	got.events.pop();
}

const trigger = (channel: string, data: unknown, options: Record<string, unknown> = {}) => ({
	resource: 'event',
	operation: 'trigger',
	channels: [channel],
	eventName: 'n',
	dataMode: 'json',
	dataJson: JSON.stringify(data),
	options,
});

/**
 * With 3 requests in flight: the request carrying `refused` is held until the
 * ones carrying `inFlight` have arrived too, then refused; those are answered
 * (or refused, with `alsoRefused`) well after it, so the refusal is seen
 * while they are still in flight.
 */
function refuseWhileInFlight(refused: number, inFlight: number[], alsoRefused: number[] = []) {
	const all = h.proxy.arrivals(carries(refused, ...inFlight), 1 + inFlight.length);
	const later = all.then(() => new Promise((resolve) => setTimeout(resolve, 500)));
	h.proxy.when(carries(refused), { kind: 'fail', failure: { status: 403, body: 'Over quota' }, after: all });
	for (const item of inFlight) {
		const plan = alsoRefused.includes(item)
			? ({ kind: 'fail', failure: { status: 403, body: 'Over quota' } } as const)
			: ({ kind: 'forward' } as const);
		h.proxy.when(carries(item), { ...plan, after: later });
	}
}

// Trigger's cases send a request per item (Combine Into Batch Requests off); Trigger Batch's, a request per batch.
describe('Parallel Requests: a refusal in the middle', () => {
	const perItem = { channels: ['={{ $json.channel }}'], dataJson: '={{ JSON.stringify({ i: $json.i }) }}' };
	const input = (channel: string, count = 10) => range(0, count - 1).map((i) => ({ channel, i }));

	it('Trigger: stops starting items; the ones in flight finish; the error says exactly which were sent', async () => {
		const got = collect(await subscribe(await h.client(), 'par-trigger'), 'n');
		refuseWhileInFlight(4, [5, 6]);
		const { items, error } = await h.run({ ...trigger('', null, { parallelRequests: 3, combineRequests: false }), ...perItem }, input('par-trigger'));
		expect(items).toEqual([]);
		expectItem(error, 4);
		expect(error?.message).toBe('Pusher answered 403 to trigger "n" (items 0-3, 5 and 6 were sent; items 7-9 were not sent)');
		expect(requested()).toEqual(range(0, 6));
		await settle('par-trigger', got);
		expect(received(got)).toEqual([0, 1, 2, 3, 5, 6]);
	});

	it('Trigger: an item in flight that is refused too is named as failed as well', async () => {
		const got = collect(await subscribe(await h.client(), 'par-twice'), 'n');
		refuseWhileInFlight(4, [5, 6], [6]);
		const { error } = await h.run({ ...trigger('', null, { parallelRequests: 3, combineRequests: false }), ...perItem }, input('par-twice'));
		expectItem(error, 4);
		expect(error?.message).toBe('Pusher answered 403 to trigger "n" (items 0-3 and 5 were sent; item 6 failed as well; items 7-9 were not sent)');
		expect(requested()).toEqual(range(0, 6));
		await settle('par-twice', got);
		expect(received(got)).toEqual([0, 1, 2, 3, 5]);
	});

	it('Trigger with Continue On Fail: every item is tried, each says what became of it', async () => {
		const got = collect(await subscribe(await h.client(), 'par-continue'), 'n');
		refuseWhileInFlight(4, [5, 6]);
		const { items, error } = await h.run({ ...trigger('', null, { parallelRequests: 3, combineRequests: false }), ...perItem }, input('par-continue'), {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(jsonOf(items).map((json) => (json.sent === true ? 'sent' : String(json.error)))).toEqual([
			...Array(4).fill('sent'),
			'Pusher answered 403 to trigger "n"',
			...Array(5).fill('sent'),
		]);
		expect(requested()).toEqual(range(0, 9));
		await settle('par-continue', got);
		expect(received(got)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
	});

	it('Trigger Batch: the batches in flight finish; the error names the items of each', async () => {
		const got = collect(await subscribe(await h.client(), 'par-batch'), 'n');
		// Batches of 2: batch 4 (items 8-9) is refused while batches 5 and 6 (items 10-13) are in flight.
		refuseWhileInFlight(8, [10, 12]);
		const { items, error } = await h.run(
			{
				resource: 'event',
				operation: 'triggerBatch',
				channel: '={{ $json.channel }}',
				eventName: 'n',
				dataMode: 'json',
				dataJson: '={{ JSON.stringify({ i: $json.i }) }}',
				options: { batchSize: 2, parallelRequests: 3 },
			},
			input('par-batch', 20),
		);
		expect(items).toEqual([]);
		expectItem(error, 8);
		expect(error?.message).toBe('Pusher answered 403 to trigger the batch of items 8-9 (items 0-7 and 10-13 were sent; items 14-19 were not sent)');
		expect(requested()).toEqual(range(0, 13));
		await settle('par-batch', got);
		expect(received(got)).toEqual([...range(0, 7), ...range(10, 13)]);
	});

	it('User → Send Event (one request at a time): the items after the refused one are not sent', async () => {
		const users = await Promise.all(
			[3, 5].map(async (i) => {
				const client = await h.client(`par-user-${i}`);
				await signin(client);
				return collect(client.user as never, 'n');
			}),
		);
		h.proxy.when(carries(4), { kind: 'fail', failure: { status: 403, body: 'Over quota' } });
		const { error } = await h.run(
			{
				resource: 'user',
				operation: 'sendEvent',
				userId: '={{ "par-user-" + $json.i }}',
				eventName: 'n',
				dataMode: 'json',
				dataJson: '={{ JSON.stringify({ i: $json.i }) }}',
			},
			range(0, 9).map((i) => ({ i })),
		);
		expectItem(error, 4);
		expect(error?.message).toBe('Pusher answered 403 to trigger "n" (items 0-3 were sent; items 5-9 were not sent)');
		expect(requested()).toEqual(range(0, 4));
		const [three, five] = users;
		expect(await three.waitFor(1)).toEqual([{ i: 3 }]);
		// Item 5's user gets nothing: an event sent to it now arrives first.
		const { error: markerError } = await h.run({ resource: 'user', operation: 'sendEvent', userId: 'par-user-5', eventName: 'n', dataMode: 'json', dataJson: '{"marker":true}' });
		expect(markerError).toBeUndefined();
		expect(await five.waitFor(1)).toEqual([{ marker: true }]);
	});
});

describe('Retry on Failure after a network error or a timeout', () => {
	const retry = { retry: true, maxRetries: 2, retryDelay: 10 };

	async function run(channel: string, options: Record<string, unknown>) {
		const got = collect(await subscribe(await h.client(), channel), 'n');
		const result = await h.run(trigger(channel, { i: 1 }, options));
		const requests = h.proxy.requests.length;
		return { ...result, got, requests };
	}

	it('a connection reset before the request reached the server: retried, delivered once', async () => {
		h.proxy.dropNext(1);
		const { items, error, got, requests } = await run('retry-reset', retry);
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([{ event: 'n', channels: ['retry-reset'], sent: true }]);
		expect(requests).toBe(2);
		await settle('retry-reset', got);
		expect(got.events).toEqual([{ i: 1 }]);
	});

	it('a connection reset after the server took the request: retried, delivered twice (why Retry is off by default)', async () => {
		h.proxy.dropNext(1, { forwardFirst: true });
		const { items, error, got, requests } = await run('retry-lost-answer', retry);
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([{ event: 'n', channels: ['retry-lost-answer'], sent: true }]);
		expect(requests).toBe(2);
		await settle('retry-lost-answer', got);
		expect(got.events).toEqual([{ i: 1 }, { i: 1 }]);
	});

	it('no answer within the timeout, the request never arriving: retried, delivered once', async () => {
		h.proxy.hangNext(1);
		const { items, error, got, requests } = await run('retry-timeout', { ...retry, timeout: 300 });
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([{ event: 'n', channels: ['retry-timeout'], sent: true }]);
		expect(requests).toBe(2);
		await settle('retry-timeout', got);
		expect(got.events).toEqual([{ i: 1 }]);
	});

	it('no answer within the timeout, the request arriving late: retried, delivered twice', async () => {
		h.proxy.delayNext(1, 800);
		const { items, error, got, requests } = await run('retry-late', { ...retry, timeout: 300 });
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([{ event: 'n', channels: ['retry-late'], sent: true }]);
		expect(requests).toBe(2);
		expect(await got.waitFor(2)).toEqual([{ i: 1 }, { i: 1 }]);
	});

	it('gives up after the retries, says how often it tried, and delivered nothing', async () => {
		h.proxy.dropNext(3);
		const { items, error, got, requests } = await run('retry-gone', { ...retry, timeout: 1000 });
		expect(items).toEqual([]);
		expect(error?.message).toBe('Could not reach the Pusher server to trigger "n" after 3 attempts');
		expect(requests).toBe(3);
		await settle('retry-gone', got);
		expect(got.events).toEqual([]);
	});

	it('without Retry on Failure, a network error is one request and a failed item', async () => {
		h.proxy.dropNext(1);
		const { items, error, got, requests } = await run('retry-off', {});
		expect(items).toEqual([]);
		expect(error?.message).toBe('Could not reach the Pusher server to trigger "n"');
		expect(requests).toBe(1);
		await settle('retry-off', got);
		expect(got.events).toEqual([]);
	});
});
