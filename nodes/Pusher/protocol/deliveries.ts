import type { BatchEventBody, TriggerRequest } from './eventRequests';

/**
 * Which requests carry a run's events, planned for all items together. Any
 * request to one channel (one channel asked for, or an end-to-end encrypted
 * channel, which gets a payload of its own) can travel as one event of a
 * `/batch_events` request, so consecutive ones are packed up to `batchSize`
 * per request: 10,000 single-channel items make 1,000 requests instead of
 * 10,000. A request to several channels stays an `/events` request (up to 100
 * channels), and so does a batch that would hold one event. The order of the
 * items is kept: a multi-channel request closes the batch before it, and the
 * parts of one item stay in its order.
 * Everything an event asked for travels with it (socket id, info).
 */
export interface ItemRequests {
	itemIndex: number;
	requests: TriggerRequest[];
}

export interface BatchPart {
	itemIndex: number;
	request: TriggerRequest;
}

export type Delivery =
	| { kind: 'events'; itemIndex: number; request: TriggerRequest }
	| { kind: 'batch'; parts: BatchPart[] };

export interface DeliveryPlanning {
	/** Events per batch request (Pusher: 10 on shared clusters). */
	batchSize: number;
	/** false: every request is sent as planned for its item alone (one `/events` request each). */
	combine: boolean;
}

export function planDeliveries(items: ItemRequests[], { batchSize, combine }: DeliveryPlanning): Delivery[] {
	const deliveries: Delivery[] = [];
	let batch: BatchPart[] = [];
	const close = () => {
		if (batch.length === 1) deliveries.push({ kind: 'events', ...batch[0] });
		else if (batch.length > 1) deliveries.push({ kind: 'batch', parts: batch });
		batch = [];
	};
	for (const { itemIndex, requests } of items) {
		for (const request of requests) {
			if (!combine || request.channels.length !== 1) {
				close();
				deliveries.push({ kind: 'events', itemIndex, request });
				continue;
			}
			batch.push({ itemIndex, request });
			if (batch.length >= batchSize) close();
		}
	}
	close();
	return deliveries;
}

/** A one-channel trigger request as an event of a batch: the same fields, `channel` for `channels`. */
export function asBatchEvent({ body }: TriggerRequest): BatchEventBody {
	const { channels, ...rest } = body;
	return { ...rest, channel: channels[0] };
}

/** The channels a delivery carries for each of its items, in order. */
export function channelsByItem(delivery: Delivery): Map<number, string[]> {
	const byItem = new Map<number, string[]>();
	if (delivery.kind === 'events') return byItem.set(delivery.itemIndex, [...delivery.request.channels]);
	for (const { itemIndex, request } of delivery.parts) byItem.set(itemIndex, [...(byItem.get(itemIndex) ?? []), ...request.channels]);
	return byItem;
}
