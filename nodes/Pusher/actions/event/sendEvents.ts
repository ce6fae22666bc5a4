import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asBatchEvent, channelsByItem, planDeliveries, type Delivery, type DeliveryPlanning } from '../../protocol/deliveries';
import { EventError, planTrigger, type EventLimits, type PusherEvent, type TriggerRequest } from '../../protocol/eventRequests';
import { apiRequest } from '../../transport/apiRequest';
import { asNodeError, errorItem } from '../../../common/itemErrors';
import { runPool } from '../../../common/pool';
import { SendLedger } from '../../../common/sendLedger';
import { requestPolicy } from '../../../common/requestOptions';
import { credentialSettings } from '../common/credentialSettings';
import { eventFieldError } from './eventErrors';

/**
 * Sends one event per item (Event → Send and Send in Batches, User → Send
 * Event). Every item is checked and planned before the first request goes
 * out: without Continue On Fail one bad item stops the run with nothing sent.
 * The requests of all items are then planned together (protocol/deliveries.ts:
 * one-channel events packed into batch requests) and sent; SendLedger decides
 * what else runs after a failure and what the error says. Each output item
 * says what was delivered for its own event, a partial delivery included.
 */
export interface EventSource {
	read(itemIndex: number): PusherEvent;
	/** Field names for messages, by the EventError field they come from. */
	labels: Partial<Record<EventError['field'], string>>;
	/** How to fix a problem, where this operation says it differently from eventErrors.ts. */
	fixes?: Partial<Record<EventError['field'], string>>;
	limits?: EventLimits;
	/** Each event goes to exactly one channel (Send in Batches). */
	oneChannel?: boolean;
	/** The output item of a delivered event; `requests` numbers the requests that carried it, from 1. */
	output(event: PusherEvent, channelInfo: IDataObject | undefined, requests: number[]): IDataObject;
}

type Plan = { event: PusherEvent; requests: TriggerRequest[] } | { error: Error };

/** What became of one item's event so far. */
interface Progress {
	channels: number;
	delivered: string[];
	/** Deliveries that carry part of it and have not ended. */
	remaining: number;
	requests: number[];
	info?: IDataObject;
	error?: Error;
}

export async function sendEvents(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	source: EventSource,
	planning: DeliveryPlanning,
): Promise<INodeExecutionData[]> {
	const { encryptionMasterKey } = await credentialSettings(ctx);
	const plans: Plan[] = items.map((_, itemIndex) => {
		try {
			const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const limits = { ...source.limits, maxDataBytes: options.maxDataBytes as number | undefined };
			const event = source.read(itemIndex);
			if (source.oneChannel && event.channels.length !== 1) {
				throw new EventError('channel', `A batch event goes to exactly one channel; ${event.channels.length} were given`);
			}
			return { event, requests: planTrigger(event, encryptionMasterKey, limits) };
		} catch (error) {
			if (!(error instanceof EventError)) return { error: asNodeError(ctx, error as Error, itemIndex) };
			return { error: eventFieldError(ctx, itemIndex, error, source.labels, source.fixes) };
		}
	});
	const invalid = plans.find((plan): plan is { error: Error } => 'error' in plan);
	if (invalid && !ctx.continueOnFail()) throw invalid.error;

	const planned = plans.flatMap((plan, itemIndex) => ('error' in plan ? [] : [{ itemIndex, requests: plan.requests }]));
	const deliveries = planDeliveries(planned, planning);
	const progress = new Map<number, Progress>(
		planned.map(({ itemIndex, requests }) => [
			itemIndex,
			{ channels: requests.reduce((sum, request) => sum + request.channels.length, 0), delivered: [], remaining: 0, requests: [] },
		]),
	);
	for (const delivery of deliveries) for (const itemIndex of channelsByItem(delivery).keys()) progress.get(itemIndex)!.remaining++;

	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const policy = requestPolicy(options);
	const ledger = new SendLedger(planned.map(({ itemIndex }) => itemIndex), ctx.continueOnFail());
	await runPool(
		deliveries.length,
		Number(options.parallelRequests ?? 1),
		async (position) => {
			const delivery = deliveries[position];
			const carried = channelsByItem(delivery);
			try {
				const info = await send(ctx, delivery, policy);
				for (const [itemIndex, channels] of carried) {
					const item = progress.get(itemIndex)!;
					item.delivered.push(...channels);
					item.requests.push(position + 1);
					if (info.has(itemIndex)) item.info = { ...item.info, ...info.get(itemIndex) };
					item.remaining--;
					if (item.error) continue;
					if (item.remaining === 0) ledger.sent([itemIndex]);
					else ledger.partlySent([itemIndex]);
				}
			} catch (error) {
				for (const itemIndex of carried.keys()) {
					const item = progress.get(itemIndex)!;
					item.error ??= error as Error;
					item.remaining--;
				}
				ledger.failed([...carried.keys()], error as Error);
			}
		},
		() => ledger.stopped,
	);

	const failure = ledger.failure();
	if (failure) {
		const partial = partly(progress.get(failure.itemIndex)!);
		if (partial) failure.error.message += ` (${partial})`;
		throw asNodeError(ctx, failure.error, failure.itemIndex);
	}
	return plans.map((plan, itemIndex) => {
		if ('error' in plan) return errorItem(plan.error, itemIndex);
		const item = progress.get(itemIndex)!;
		if (!item.error) return { json: source.output(plan.event, item.info, item.requests.sort((a, b) => a - b)), pairedItem: { item: itemIndex } };
		const failed = errorItem(item.error, itemIndex);
		const partial = partly(item);
		if (partial) Object.assign(failed.json, { error: `${item.error.message} (${partial})`, sentTo: item.delivered });
		return failed;
	});
}

/** "it had already gone to 2 of its 3 channels", or nothing when none had it. */
function partly(item: Progress): string | undefined {
	return item.delivered.length > 0 ? `it had already gone to ${item.delivered.length} of its ${item.channels} channels` : undefined;
}

/**
 * One request; the channel info Pusher answered (when asked for), by item and
 * channel: `/events` answers `{ channels: { <name>: {…} } }`, `/batch_events`
 * `{ batch: [{…}, …] }` in the order of its events.
 */
async function send(ctx: IExecuteFunctions, delivery: Delivery, policy: ReturnType<typeof requestPolicy>): Promise<Map<number, IDataObject>> {
	const info = new Map<number, IDataObject>();
	if (delivery.kind === 'events') {
		const { body } = delivery.request;
		const answer = await apiRequest.call(
			ctx,
			{ method: 'POST', path: '/events', body: body as unknown as IDataObject, what: `trigger "${body.name}"`, itemIndex: delivery.itemIndex },
			policy,
		);
		if (answer.channels && typeof answer.channels === 'object') info.set(delivery.itemIndex, answer.channels as IDataObject);
		return info;
	}
	const itemIndexes = [...new Set(delivery.parts.map(({ itemIndex }) => itemIndex))];
	const range = itemIndexes.length === 1 ? `item ${itemIndexes[0]}` : `items ${itemIndexes[0]}-${itemIndexes[itemIndexes.length - 1]}`;
	const answer = await apiRequest.call(
		ctx,
		{
			method: 'POST',
			path: '/batch_events',
			body: { batch: delivery.parts.map(({ request }) => asBatchEvent(request)) } as unknown as IDataObject,
			what: `trigger the batch of ${range}`,
			itemIndex: itemIndexes[0],
		},
		policy,
	);
	const answers = Array.isArray(answer.batch) ? (answer.batch as IDataObject[]) : [];
	delivery.parts.forEach(({ itemIndex, request }, position) => {
		const attributes = answers[position];
		if (attributes && Object.keys(attributes).length > 0) info.set(itemIndex, { ...info.get(itemIndex), [request.channels[0]]: attributes });
	});
	return info;
}
