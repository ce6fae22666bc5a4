import type { PresenceChannel } from 'pusher-js';

import { collect, signin, socketIdOf, subscribe } from '../helpers/pusherClient';
import { TestCredentialsHelper } from '../helpers/n8n/credentialsHelper';
import { expectItem, jsonOf, pairingOf, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
	h = await startHarness();
});
afterAll(async () => {
	await h?.close();
});
beforeEach(() => h.proxy.reset());

const trigger = (channels: string[], data: unknown, extra: Record<string, unknown> = {}) => ({
	resource: 'event',
	operation: 'trigger',
	channels,
	eventName: 'update',
	dataMode: 'json',
	dataJson: JSON.stringify(data),
	...extra,
});

describe('Event → Send (trigger)', () => {
	it('delivers an event to a public, a private and a presence channel, one output item per input item', async () => {
		const client = await h.client();
		const received = await Promise.all(
			['news', 'private-orders', 'presence-room'].map(async (name) => collect(await subscribe(client, name), 'update')),
		);
		const { items, error } = await h.run(trigger(['news', 'private-orders', 'presence-room'], { id: 1, text: 'héllo 😀' }));
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([{ event: 'update', channels: ['news', 'private-orders', 'presence-room'], sent: true }]);
		expect(pairingOf(items)).toEqual([0]);
		for (const channel of received) expect(await channel.waitFor(1)).toEqual([{ id: 1, text: 'héllo 😀' }]);
		expect(h.requestsTo('/events')).toBe(1);
	});

	it('reaches the server with 127.0.0.1:<port> typed in Host, over the Port field', async () => {
		const client = await h.client();
		const got = collect(await subscribe(client, 'typed-host'), 'update');
		const credentials = { ...h.credentials, host: `127.0.0.1:${h.proxy.port}`, port: 443 };
		const { error } = await h.run(trigger(['typed-host'], 'hi'), [{}], { credentials });
		expect(error).toBeUndefined();
		expect(await got.waitFor(1)).toEqual(['hi']);
		expect(h.requestsTo('/events')).toBe(1);
	});

	it('packs the one-channel events of 25 items into 3 batch requests; every event arrives once, in item order', async () => {
		const client = await h.client();
		const got = collect(await subscribe(client, 'packed'), 'update');
		const input = Array.from({ length: 25 }, (_, i) => ({ i }));
		const { items, error } = await h.run({ ...trigger(['packed'], null), dataJson: '={{ $json }}' }, input);
		expect(error).toBeUndefined();
		expect({ batch: h.requestsTo('/batch_events'), events: h.requestsTo('/events') }).toEqual({ batch: 3, events: 0 });
		expect(h.proxy.requests.map((r) => (JSON.parse(r.body) as { batch: unknown[] }).batch.length)).toEqual([10, 10, 5]);
		expect(jsonOf(items)).toEqual(input.map(() => ({ event: 'update', channels: ['packed'], sent: true })));
		expect(pairingOf(items)).toEqual(input.map((_, i) => i));
		expect(await got.waitFor(25)).toEqual(input);
	});

	it('keeps each item\'s socket exclusion inside a batch', async () => {
		const sender = await h.client();
		const other = await h.client();
		const toSender = collect(await subscribe(sender, 'packed-chat'), 'update');
		const toOther = collect(await subscribe(other, 'packed-chat'), 'update');
		const { error } = await h.run(
			{ ...trigger(['packed-chat'], null), dataMode: 'text', dataText: '={{ $json.text }}', additionalFields: { socketId: '={{ $json.from }}' } },
			[{ text: 'mine', from: socketIdOf(sender) }, { text: 'for all', from: '' }],
		);
		expect(error).toBeUndefined();
		expect(h.requestsTo('/batch_events')).toBe(1);
		expect(await toOther.waitFor(2)).toEqual(['mine', 'for all']);
		expect(await toSender.waitFor(1)).toEqual(['for all']);
	});

	it('reports an item whose events went out in part: which channels had it, under Continue On Fail and without', async () => {
		const client = await h.client();
		const a = collect(await subscribe(client, 'private-encrypted-part-a'), 'update');
		const run = (continueOnFail: boolean) => {
			// Batch Size 2: item 0's event and item 1's first channel travel together; item 1's second one alone, and is refused.
			h.proxy.reset();
			h.proxy.when((r) => r.body.includes('private-encrypted-part-b'), { kind: 'fail', failure: { status: 403, body: 'Over quota' } });
			return h.run(
				{ ...trigger([], null), channels: '={{ $json.channels }}', dataJson: '={{ $json.n }}', options: { batchSize: 2 } },
				[{ channels: ['part-solo'], n: 0 }, { channels: ['private-encrypted-part-a', 'private-encrypted-part-b'], n: 1 }],
				{ continueOnFail },
			);
		};
		const tolerant = await run(true);
		expect(tolerant.error).toBeUndefined();
		expect(tolerant.items[0].json).toEqual({ event: 'update', channels: ['part-solo'], sent: true });
		expect(tolerant.items[1].json).toMatchObject({
			error: expect.stringMatching(/^Pusher answered 403 .* \(it had already gone to 1 of its 2 channels\)$/),
			sentTo: ['private-encrypted-part-a'],
		});
		expect(await a.waitFor(1)).toEqual([1]);

		const strict = await run(false);
		expectItem(strict.error, 1);
		expect(strict.error?.message).toMatch(/\(item 0 was sent\) \(it had already gone to 1 of its 2 channels\)$/);
	});

	it('splits 250 channels into requests of at most 100', async () => {
		const client = await h.client();
		const channels = Array.from({ length: 250 }, (_, i) => `fan-${i}`);
		const first = collect(await subscribe(client, 'fan-0'), 'update');
		const last = collect(await subscribe(client, 'fan-249'), 'update');
		const { items, error } = await h.run(trigger(channels, 'to all'));
		expect(error).toBeUndefined();
		expect(items[0].json.channels).toHaveLength(250);
		expect(h.requestsTo('/events')).toBe(3);
		const sizes = h.proxy.requests.map((request) => (JSON.parse(request.body) as { channels: string[] }).channels.length);
		expect(sizes).toEqual([100, 100, 50]);
		expect(await first.waitFor(1)).toEqual(['to all']);
		expect(await last.waitFor(1)).toEqual(['to all']);
	});

	it.each([
		['one batch request, an event of its own for each', {}, { '/batch_events': 1, '/events': 0 }],
		['a request of its own for each, with Combine Into Batch Requests off', { combineRequests: false }, { '/batch_events': 0, '/events': 3 }],
	])('encrypts each private-encrypted channel with its own key: %s', async (_label, options, requests) => {
		const client = await h.client();
		const a = collect(await subscribe(client, 'private-encrypted-a'), 'update');
		const b = collect(await subscribe(client, 'private-encrypted-b'), 'update');
		const plain = collect(await subscribe(client, 'plain'), 'update');
		const secret = { card: '4111', note: 'only for a and b' };
		const { error } = await h.run(trigger(['plain', 'private-encrypted-a', 'private-encrypted-b'], secret, { options }));
		expect(error).toBeUndefined();
		expect({ '/batch_events': h.requestsTo('/batch_events'), '/events': h.requestsTo('/events') }).toEqual(requests);
		const bodies = h.proxy.requests.flatMap((request) => {
			const body = JSON.parse(request.body) as { channels: string[]; data: string } | { batch: Array<{ channel: string; data: string }> };
			return 'batch' in body ? body.batch.map(({ channel, data }) => ({ channels: [channel], data })) : [body];
		});
		const encrypted = bodies.filter((body) => body.channels[0].startsWith('private-encrypted-'));
		expect(encrypted.map((body) => body.channels)).toEqual([['private-encrypted-a'], ['private-encrypted-b']]);
		for (const body of encrypted) {
			expect(body.data).not.toContain('4111');
			expect(Object.keys(JSON.parse(body.data))).toEqual(['nonce', 'ciphertext']);
		}
		expect(encrypted[0].data).not.toBe(encrypted[1].data);
		expect(await a.waitFor(1)).toEqual([secret]);
		expect(await b.waitFor(1)).toEqual([secret]);
		expect(await plain.waitFor(1)).toEqual([secret]);
	});

	it('says plainly when an encrypted channel needs a master key, before sending anything', async () => {
		const saved = { ...h.credentials };
		Object.assign(h.credentials, { encryptionMasterKeySecret: '' });
		try {
			const { error } = await h.run(trigger(['plain', 'private-encrypted-a'], { x: 1 }));
			expectItem(error, 0);
			expect(error?.message).toBe('Channels: Channel "private-encrypted-a" is end-to-end encrypted, and the credential has no Encryption Master Key');
			expect((error as { description?: string }).description).toMatch(/^Add the Encryption Master Key .* to the Pusher credential/);
			expect(h.proxy.requests).toHaveLength(0);
		} finally {
			Object.assign(h.credentials, saved);
		}
	});

	it('excludes the socket given as Exclude Socket ID', async () => {
		const sender = await h.client();
		const other = await h.client();
		const fromSender = collect(await subscribe(sender, 'chat'), 'update');
		const fromOther = collect(await subscribe(other, 'chat'), 'update');
		await h.run(trigger(['chat'], 'first', { additionalFields: { socketId: socketIdOf(sender) } }));
		await h.run(trigger(['chat'], 'second'));
		expect(await fromOther.waitFor(2)).toEqual(['first', 'second']);
		expect(await fromSender.waitFor(1)).toEqual(['second']);
	});

	it('returns the channel info Pusher answers when asked for it, merged over the requests of the item', async () => {
		// Soketi ignores `info`: the proxy delivers each request and answers as Pusher would.
		const client = await h.client();
		const plain = collect(await subscribe(client, 'news'), 'update');
		const sealed = collect(await subscribe(client, 'private-encrypted-info'), 'update');
		h.proxy.answerNext(1, { channels: { news: { subscription_count: 3 } } });
		h.proxy.answerNext(1, { channels: { 'private-encrypted-info': { subscription_count: 1 } } });
		const { items, error } = await h.run(
			trigger(['news', 'private-encrypted-info'], 1, { additionalFields: { info: ['subscription_count'] }, options: { combineRequests: false } }),
		);
		expect(error).toBeUndefined();
		expect(h.requestsTo('/events')).toBe(2);
		for (const request of h.proxy.requests) expect(JSON.parse(request.body).info).toBe('subscription_count');
		expect(jsonOf(items)).toEqual([
			{
				event: 'update',
				channels: ['news', 'private-encrypted-info'],
				sent: true,
				channelInfo: { news: { subscription_count: 3 }, 'private-encrypted-info': { subscription_count: 1 } },
			},
		]);
		expect(await plain.waitFor(1)).toEqual([1]);
		expect(await sealed.waitFor(1)).toEqual([1]);
	});

	it('adds no channel info when the answer has none', async () => {
		const { items } = await h.run(trigger(['news'], 1));
		expect(jsonOf(items)).toEqual([{ event: 'update', channels: ['news'], sent: true }]);
	});

	it('takes data from fields, each of its type, and from text', async () => {
		const client = await h.client();
		const got = collect(await subscribe(client, 'modes'), 'update');
		const assignments = [
			{ id: '1', name: 'count', type: 'number', value: '42' },
			{ id: '2', name: 'paid', type: 'boolean', value: 'true' },
			{ id: '3', name: 'code', type: 'string', value: '007' },
			{ id: '4', name: 'tags', type: 'array', value: '["a", "b"]' },
			{ id: '5', name: 'fromExpression', type: 'number', value: '={{ 40 + 2 }}' },
		];
		const fields = await h.run({ ...trigger(['modes'], null), dataMode: 'fields', dataFields: { assignments } });
		expect(fields.error).toBeUndefined();
		await h.run({ ...trigger(['modes'], null), dataMode: 'text', dataText: 'plain words' });
		expect(await got.waitFor(2)).toEqual([{ count: 42, paid: true, code: '007', tags: ['a', 'b'], fromExpression: 42 }, 'plain words']);
	});

	it('Send Data As → Input Item: the whole item, or one field of it, as it is', async () => {
		const client = await h.client();
		const got = collect(await subscribe(client, 'from-input'), 'update');
		const input = [{ order: { id: 7, lines: [1, 2] }, note: 'x' }, { order: 'text, not JSON' }];
		expect((await h.run({ ...trigger(['from-input'], null), dataMode: 'input' }, input)).error).toBeUndefined();
		expect((await h.run({ ...trigger(['from-input'], null), dataMode: 'input', dataField: 'order' }, input)).error).toBeUndefined();
		expect((await h.run({ ...trigger(['from-input'], null), dataMode: 'input', dataField: 'order.id' }, input.slice(0, 1))).error).toBeUndefined();
		expect(await got.waitFor(5)).toEqual([...input, { id: 7, lines: [1, 2] }, 'text, not JSON', 7]);
		const missing = await h.run({ ...trigger(['from-input'], null), dataMode: 'input', dataField: 'order.total' }, input.slice(0, 1));
		expectItem(missing.error, 0);
		expect(missing.error?.message).toBe('Field: The input item has no field "order.total"');
		expect(h.proxy.requests.filter((r) => r.body.includes('total'))).toHaveLength(0);
	});

	it('refuses a field whose value is not of its type, saying which and how to fix it', async () => {
		const assignments = [{ id: '1', name: 'count', type: 'number', value: 'many' }];
		const { error } = await h.run({ ...trigger(['modes'], null), dataMode: 'fields', dataFields: { assignments } });
		expectItem(error, 0);
		expect(error?.message).toMatch(/^Data Fields: Field "count" is not a valid number: /);
		expect((error as { description?: string }).description).toBe('Change the type of "count", or give it a value of that type');
		expect(h.proxy.requests).toHaveLength(0);
	});

	it('reads Channels as names separated by spaces or new lines, or an expression that returns an array', async () => {
		const client = await h.client();
		const names = ['list-a', 'list-b', 'list-c', 'list-d'];
		const got = await Promise.all(names.map(async (name) => collect(await subscribe(client, name), 'update')));
		const typed = await h.run({ ...trigger([], 'typed'), channels: 'list-a  list-b\nlist-c' });
		expect(typed.items[0].json.channels).toEqual(['list-a', 'list-b', 'list-c']);
		const fromArray = await h.run({ ...trigger([], 'array'), channels: '={{ $json.channels }}' }, [{ channels: ['list-b', 'list-d'] }]);
		expect(fromArray.items[0].json.channels).toEqual(['list-b', 'list-d']);
		expect(await got[0].waitFor(1)).toEqual(['typed']);
		expect(await got[1].waitFor(2)).toEqual(['typed', 'array']);
		expect(await got[3].waitFor(1)).toEqual(['array']);
	});

	it('takes the text an expression returns as one channel, so a prefix in the expression holds', async () => {
		// As an AI agent's tool: {{ 'progress-' + $fromAI(...) }} must not reach "other" when the agent says "x other".
		const { error } = await h.run({ ...trigger([], 'x'), channels: "={{ 'progress-' + $json.task }}" }, [{ task: 'x other' }]);
		expectItem(error, 0);
		expect(error?.message).toBe('Channels: Channel name "progress-x other" has characters Pusher does not allow (only A-Z a-z 0-9 _ - = @ , . ;)');
		expect(h.proxy.requests).toHaveLength(0);
	});

	it('checks every item before sending any: one bad channel stops the run with nothing sent', async () => {
		const { items, error } = await h.run(
			{ ...trigger([], null), channels: ['={{ $json.channel }}'], dataJson: '={{ $json }}' },
			[{ channel: 'ok-1' }, { channel: 'not/ok' }, { channel: 'ok-2' }],
		);
		expect(items).toEqual([]);
		expectItem(error, 1);
		// n8n names the item itself (" [item 1]"), so the message does not.
		expect(error?.message).toBe('Channels: Channel name "not/ok" has characters Pusher does not allow (only A-Z a-z 0-9 _ - = @ , . ;)');
		expect((error as { description?: string }).description).toMatch(/separated by spaces or new lines, or an expression that returns an array$/);
		expect(h.proxy.requests).toHaveLength(0);
	});

	it('with Continue On Fail, reports the bad item and sends the others, in order', async () => {
		const { items, error } = await h.run(
			{ ...trigger([], null), channels: ['={{ $json.channel }}'], dataJson: '={{ $json }}' },
			[{ channel: 'ok-1' }, { channel: 'x'.repeat(200) }, { channel: 'ok-2' }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(pairingOf(items)).toEqual([0, 1, 2]);
		expect(items[0].json.sent).toBe(true);
		expect(items[1].json.error).toMatch(/Channels: Channel name .* is 200 characters long; the limit is 164/);
		expect(items[2].json.sent).toBe(true);
		// The two good items' events travel together in one batch request.
		expect(h.requestsTo('/batch_events')).toBe(1);
		expect((JSON.parse(h.proxy.requests[0].body) as { batch: Array<{ channel: string }> }).batch.map((e) => e.channel)).toEqual(['ok-1', 'ok-2']);
	});

	it('measures the data limit in UTF-8 bytes and lets it be raised', async () => {
		const big = '€'.repeat(3414); // 3,414 characters, 10,242 bytes
		const refused = await h.run({ ...trigger(['news'], null), dataMode: 'text', dataText: big });
		expectItem(refused.error, 0);
		expect(refused.error?.message).toBe('Data: Event data is 10242 bytes (UTF-8); the limit is 10240 bytes');
		expect((refused.error as { description?: string }).description).toMatch(/raise Options → Max Data Size/);
		expect(h.proxy.requests).toHaveLength(0);
		const raised = await h.run({ ...trigger(['news'], null), dataMode: 'text', dataText: big, options: { maxDataBytes: 20000 } });
		expect(raised.error).toBeUndefined();
		expect(h.requestsTo('/events')).toBe(1);
	});

	it('refuses a bad event name and socket id, naming the field', async () => {
		const badName = (await h.run({ ...trigger(['a'], 1), eventName: 'pusher:x' })).error;
		expectItem(badName, 0);
		expect(badName?.message).toMatch(/^Event Name: .*reserves/);
		expect((badName as { description?: string }).description).toMatch(/^Give an event name of at most 200 characters/);
		const badSocket = (await h.run(trigger(['a'], 1, { additionalFields: { socketId: 'abc' } }))).error;
		expectItem(badSocket, 0);
		expect(badSocket?.message).toMatch(/^Exclude Socket ID: /);
		expect(h.proxy.requests).toHaveLength(0);
	});
});

describe('Event → Send in Batches (triggerBatch)', () => {
	const batch = (extra: Record<string, unknown> = {}) => ({
		resource: 'event',
		operation: 'triggerBatch',
		channel: '={{ $json.channel }}',
		eventName: '={{ $json.event }}',
		dataMode: 'json',
		dataJson: '={{ $json.data }}',
		...extra,
	});

	it('reads the credential once for the whole run, not once per request', async () => {
		const reads = jest.spyOn(TestCredentialsHelper.prototype, 'getDecrypted');
		try {
			const input = Array.from({ length: 30 }, (_, i) => ({ channel: 'once', event: 'n', data: { i } }));
			const { error } = await h.run(batch(), input);
			expect(error).toBeUndefined();
			expect(h.requestsTo('/batch_events')).toBe(3);
			expect(reads.mock.calls.filter(([, , type]) => type === 'pusherApi')).toHaveLength(1);
		} finally {
			reads.mockRestore();
		}
	});

	it('sends 25 items as 3 batch requests, encrypted ones included, each item reporting its own event', async () => {
		const client = await h.client();
		const plain = collect(await subscribe(client, 'batch-plain'), 'tick');
		const sealed = collect(await subscribe(client, 'private-encrypted-batch'), 'tick');
		const input = Array.from({ length: 25 }, (_, i) => ({
			channel: i % 5 === 0 ? 'private-encrypted-batch' : 'batch-plain',
			event: 'tick',
			data: { i },
		}));
		const { items, error } = await h.run(batch(), input);
		expect(error).toBeUndefined();
		expect(h.requestsTo('/batch_events')).toBe(3);
		expect(pairingOf(items)).toEqual(input.map((_, i) => i));
		expect(items[0].json).toEqual({ channel: 'private-encrypted-batch', event: 'tick', sent: true, request: 1 });
		expect(items[24].json).toEqual({ channel: 'batch-plain', event: 'tick', sent: true, request: 3 });
		expect(await plain.waitFor(20)).toEqual(input.filter((_, i) => i % 5 !== 0).map((item) => item.data));
		expect(await sealed.waitFor(5)).toEqual([0, 5, 10, 15, 20].map((i) => ({ i })));
	});

	it('carries 2,500 items through, in order, correctly paired, in 250 requests', async () => {
		const client = await h.client();
		const got = collect(await subscribe(client, 'bulk'), 'n');
		const input = Array.from({ length: 2500 }, (_, i) => ({ channel: 'bulk', event: 'n', data: { i } }));
		const { items, error } = await h.run(batch(), input);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2500);
		expect(pairingOf(items)).toEqual(input.map((_, i) => i));
		expect(items.every((item, i) => item.json.sent === true && item.json.request === Math.floor(i / 10) + 1)).toBe(true);
		expect(h.requestsTo('/batch_events')).toBe(250);
		expect(await got.waitFor(2500, 30_000)).toEqual(input.map((item) => item.data));
	});

	it('honours a larger batch size for dedicated clusters', async () => {
		const input = Array.from({ length: 30 }, (_, i) => ({ channel: 'big', event: 'n', data: { i } }));
		const soketi = await startHarness({ maxBatchSize: 15 });
		try {
			const { error } = await soketi.run(batch({ options: { batchSize: 15 } }), input);
			expect(error).toBeUndefined();
			expect(soketi.requestsTo('/batch_events')).toBe(2);
		} finally {
			await soketi.close();
		}
	});

	it('mixes per-item expressions with fixed parameters, which are read once for all items', async () => {
		const client = await h.client();
		const got = await Promise.all(['mix-a', 'mix-b', 'mix-c'].map(async (name) => collect(await subscribe(client, name), 'fixed')));
		const { items, error } = await h.run(
			{ ...batch(), eventName: 'fixed', dataJson: '{"same": true}', additionalFields: { info: ['subscription_count'] } },
			[{ channel: 'mix-a' }, { channel: 'mix-b' }, { channel: 'mix-c' }],
		);
		expect(error).toBeUndefined();
		expect(jsonOf(items).map((item) => item.channel)).toEqual(['mix-a', 'mix-b', 'mix-c']);
		for (const channel of got) expect(await channel.waitFor(1)).toEqual([{ same: true }]);
		const sent = JSON.parse(h.proxy.requests[0].body) as { batch: Array<{ info: string; data: string }> };
		expect(sent.batch.map((event) => [event.info, event.data])).toEqual(Array(3).fill(['subscription_count', '{"same":true}']));
	});

	it('gives each item the channel info Pusher answers for its own event', async () => {
		// Soketi ignores `info`: the proxy delivers the batch and answers as Pusher would, in event order.
		h.proxy.answerNext(1, { batch: [{ subscription_count: 2 }, {}, { user_count: 1, subscription_count: 1 }] });
		const { items, error } = await h.run({ ...batch(), additionalFields: { info: ['subscription_count', 'user_count'] } }, [
			{ channel: 'info-a', event: 'n', data: { i: 0 } },
			{ channel: 'info-b', event: 'n', data: { i: 1 } },
			{ channel: 'presence-info', event: 'n', data: { i: 2 } },
		]);
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([
			{ channel: 'info-a', event: 'n', sent: true, request: 1, channelInfo: { subscription_count: 2 } },
			{ channel: 'info-b', event: 'n', sent: true, request: 1 },
			{ channel: 'presence-info', event: 'n', sent: true, request: 1, channelInfo: { user_count: 1, subscription_count: 1 } },
		]);
		expect(JSON.parse(h.proxy.requests[0].body).batch.map((event: { info: string }) => event.info)).toEqual(Array(3).fill('subscription_count,user_count'));
	});

	it('validates the whole batch before sending: nothing goes out half-validated', async () => {
		const input = Array.from({ length: 30 }, (_, i) => ({ channel: i === 27 ? 'bad channel' : 'c', event: 'n', data: { i } }));
		const { error } = await h.run(batch(), input);
		expectItem(error, 27);
		expect(error?.message).toMatch(/^Channel: Channel name "bad channel" has characters/);
		expect((error as { description?: string }).description).toMatch(/^Give one channel name/);
		expect(h.proxy.requests).toHaveLength(0);
	});

	it('sends a batch event to the one channel an expression returns, and refuses two', async () => {
		const client = await h.client();
		const got = collect(await subscribe(client, 'one-of-array'), 'n');
		const one = await h.run(batch(), [{ channel: ['one-of-array'], event: 'n', data: 1 }]);
		expect(one.error).toBeUndefined();
		expect(await got.waitFor(1)).toEqual([1]);
		const two = await h.run(batch(), [{ channel: ['a', 'b'], event: 'n', data: 1 }]);
		expectItem(two.error, 0);
		expect(two.error?.message).toBe('Channel: A batch event goes to exactly one channel; 2 were given');
	});

	it('with Continue On Fail, a refused batch marks exactly its own items', async () => {
		const input = Array.from({ length: 25 }, (_, i) => ({ channel: 'c', event: 'n', data: { i } }));
		h.proxy.failNext(1, { status: 403, body: 'App disabled' });
		const { items, error } = await h.run(batch(), input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.slice(0, 10).every((item) => /Pusher answered 403/.test(String(item.json.error)))).toBe(true);
		expect(items.slice(10).every((item) => item.json.sent === true)).toBe(true);
		expect(pairingOf(items)).toEqual(input.map((_, i) => i));
	});
});

describe('User', () => {
	it('sends an event to a signed-in user', async () => {
		const client = await h.client('ada');
		await signin(client);
		const got = collect(client.user as never, 'notice');
		const { items, error } = await h.run({
			resource: 'user',
			operation: 'sendEvent',
			userId: 'ada',
			eventName: 'notice',
			dataMode: 'json',
			dataJson: '{"unread": 3}',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ userId: 'ada', event: 'notice', sent: true });
		expect(await got.waitFor(1)).toEqual([{ unread: 3 }]);
		expect(JSON.parse(h.proxy.requests[0].body).channels).toEqual(['#server-to-user-ada']);
	});

	it("terminates a user's connections", async () => {
		const client = await h.client('bob');
		await signin(client);
		const closed = new Promise<string>((resolve) => {
			client.connection.bind('state_change', ({ current }: { current: string }) => {
				if (current !== 'connected') resolve(current);
			});
		});
		const { items, error } = await h.run({ resource: 'user', operation: 'terminateConnections', userId: 'bob' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ userId: 'bob', terminated: true });
		expect(await closed).not.toBe('connected');
		// pusher-js's bundled WebSocket client then waits up to 30 s for a closing
		// handshake the server will not send, so jest reports this worker's exit as
		// forced: a timer inside pusher-js, not one of this package's.
	});
});

describe('Channel', () => {
	it('gets channels, one channel, and the users of a presence channel', async () => {
		const alice = await h.client('alice');
		const carol = await h.client('carol');
		const room = await subscribe<PresenceChannel>(alice, 'presence-lobby');
		await subscribe(carol, 'presence-lobby');
		await subscribe(alice, 'public-board');

		const many = await h.run({ resource: 'channel', operation: 'getAll', filters: { prefix: 'presence-' }, info: ['user_count'] });
		expect(many.error).toBeUndefined();
		// Soketi answers subscription_count where Pusher answers user_count; the request asked for user_count.
		expect(jsonOf(many.items).map((channel) => channel.name)).toContain('presence-lobby');
		expect(jsonOf(many.items).every((channel) => String(channel.name).startsWith('presence-'))).toBe(true);
		expect(h.proxy.requests[0].query).toMatchObject({ filter_by_prefix: 'presence-', info: 'user_count' });

		const one = await h.run({ resource: 'channel', operation: 'get', channel: 'public-board', info: ['subscription_count'] });
		expect(one.items[0].json).toMatchObject({ channel: 'public-board', occupied: true, subscription_count: 1 });

		const users = await h.run({ resource: 'channel', operation: 'getUsers', channel: 'presence-lobby', returnAll: true });
		expect(jsonOf(users.items).map((user) => user.id).sort()).toEqual(['alice', 'carol']);
		expect(pairingOf(users.items)).toEqual([0, 0]);
		expect(room.members.count).toBe(2);

		// Return All is off by default, as in n8n's own nodes: Limit (50) applies, or the one set.
		const limited = await h.run({ resource: 'channel', operation: 'getUsers', channel: 'presence-lobby', limit: 1 });
		expect(limited.items).toHaveLength(1);
		const limitedMany = await h.run({ resource: 'channel', operation: 'getAll', limit: 1 });
		expect(limitedMany.items).toHaveLength(1);
		const defaults = await h.run({ resource: 'channel', operation: 'getUsers', channel: 'presence-lobby' });
		expect(defaults.items).toHaveLength(2);
	});

	it('refuses what the API would refuse, before asking', async () => {
		const userCount = await h.run({ resource: 'channel', operation: 'getAll', info: ['user_count'] });
		expectItem(userCount.error, 0);
		expect(userCount.error?.message).toMatch(/Attributes: User Count is only available with the name prefix "presence-"/);
		const notPresence = await h.run({ resource: 'channel', operation: 'getUsers', channel: 'private-x' });
		expectItem(notPresence.error, 0);
		expect(notPresence.error?.message).toBe('Channel: Channel "private-x" is not a presence- channel, and only presence channels have users');
		expect((notPresence.error as { description?: string }).description).toMatch(/starts with presence-/);
		expect(h.proxy.requests).toHaveLength(0);
	});
});
