import { asBatchEvent, channelsByItem, planDeliveries, type Delivery } from '../../nodes/Pusher/protocol/deliveries';
import { planTrigger, type PusherEvent } from '../../nodes/Pusher/protocol/eventRequests';

const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
const event = (channels: string[], extra: Partial<PusherEvent> = {}): PusherEvent => ({ channels, name: 'e', data: { n: 1 }, ...extra });
const items = (...events: PusherEvent[]) => events.map((e, itemIndex) => ({ itemIndex, requests: planTrigger(e, MASTER_KEY) }));
/** Each delivery as `kind: item:channel …`, to read the plan at a glance. */
const shape = (deliveries: Delivery[]) =>
	deliveries.map((d) => `${d.kind}: ${[...channelsByItem(d)].map(([i, channels]) => channels.map((c) => `${i}:${c}`).join(' ')).join(' ')}`);

describe('planDeliveries', () => {
	it('packs 10,000 one-channel items into 1,000 batch requests of 10', () => {
		const plan = planDeliveries(
			Array.from({ length: 10_000 }, (_, i) => ({ itemIndex: i, requests: planTrigger(event([`c-${i % 7}`]), undefined) })),
			{ batchSize: 10, combine: true },
		);
		expect(plan).toHaveLength(1000);
		expect(plan.every((d) => d.kind === 'batch' && d.parts.length === 10)).toBe(true);
		expect(plan.flatMap((d) => (d.kind === 'batch' ? d.parts.map((p) => p.itemIndex) : []))).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
	});

	it('keeps multi-channel events in /events requests and the order of the items', () => {
		expect(shape(planDeliveries(items(event(['a']), event(['b']), event(['c', 'd']), event(['e']), event(['f'])), { batchSize: 10, combine: true }))).toEqual([
			'batch: 0:a 1:b',
			'events: 2:c 2:d',
			'batch: 3:e 4:f',
		]);
	});

	it('gives each encrypted channel an event of its own, next to the item\'s other channels', () => {
		const plan = planDeliveries(items(event(['plain', 'private-encrypted-a', 'private-encrypted-b'])), { batchSize: 10, combine: true });
		expect(shape(plan)).toEqual(['batch: 0:plain 0:private-encrypted-a 0:private-encrypted-b']);
		const [delivery] = plan;
		const datas = delivery.kind === 'batch' ? delivery.parts.map(({ request }) => asBatchEvent(request).data) : [];
		expect(datas[0]).toBe('{"n":1}');
		expect(datas[1]).not.toBe(datas[2]);
		expect(Object.keys(JSON.parse(datas[1]))).toEqual(['nonce', 'ciphertext']);
	});

	it('splits batches at Batch Size, an item spanning two when it must', () => {
		expect(shape(planDeliveries(items(event(['a']), event(['private-encrypted-x', 'private-encrypted-y'])), { batchSize: 2, combine: true }))).toEqual([
			'batch: 0:a 1:private-encrypted-x',
			'events: 1:private-encrypted-y',
		]);
	});

	it('sends a batch that would hold one event as the plain request it was', () => {
		const [only] = planDeliveries(items(event(['solo'])), { batchSize: 10, combine: true });
		expect(only).toMatchObject({ kind: 'events', itemIndex: 0, request: { channels: ['solo'] } });
	});

	it('sends each request on its own when combining is off', () => {
		expect(shape(planDeliveries(items(event(['a']), event(['b'])), { batchSize: 10, combine: false }))).toEqual(['events: 0:a', 'events: 1:b']);
	});

	it('carries what each event asked for into its batch event', () => {
		const [request] = planTrigger(event(['a'], { socketId: '1.2', info: ['subscription_count'] }), undefined);
		expect(asBatchEvent(request)).toEqual({ name: 'e', data: '{"n":1}', channel: 'a', socket_id: '1.2', info: 'subscription_count' });
	});
});
