import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { EventError, planTrigger, type EventLimits, type PusherEvent, type TriggerRequest } from '../../protocol/eventRequests';
import { apiRequest } from '../../transport/apiRequest';
import { asNodeError, errorItem } from '../../../common/itemErrors';
import { runPool } from '../../../common/pool';
import { SendLedger } from '../../../common/sendLedger';
import { requestPolicy } from '../../../common/requestOptions';
import { credentialSettings } from '../common/credentialSettings';
import { eventFieldError } from './eventErrors';

/**
 * Sends one event per item to its channels (Event → Trigger, User → Send
 * Event). Every item is checked and planned before the first request goes
 * out: without Continue On Fail one bad item stops the run with nothing sent.
 * An item, once started, is carried through all its requests; when one fails,
 * SendLedger decides what else runs and what the error says.
 */
export interface EventSource {
	read(itemIndex: number): PusherEvent;
	/** Field names for messages, by the EventError field they come from. */
	labels: Partial<Record<EventError['field'], string>>;
	/** How to fix a problem, where this operation says it differently from eventErrors.ts. */
	fixes?: Partial<Record<EventError['field'], string>>;
	limits?: EventLimits;
	output(event: PusherEvent, channelInfo: IDataObject | undefined): IDataObject;
}

type Plan = { event: PusherEvent; requests: TriggerRequest[] } | { error: Error };

export async function sendEvents(ctx: IExecuteFunctions, items: INodeExecutionData[], source: EventSource): Promise<INodeExecutionData[]> {
	const { encryptionMasterKey } = await credentialSettings(ctx);
	const plans: Plan[] = items.map((_, itemIndex) => {
		try {
			const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const limits = { ...source.limits, maxDataBytes: options.maxDataBytes as number | undefined };
			const event = source.read(itemIndex);
			return { event, requests: planTrigger(event, encryptionMasterKey, limits) };
		} catch (error) {
			if (!(error instanceof EventError)) return { error: asNodeError(ctx, error as Error, itemIndex) };
			return { error: eventFieldError(ctx, itemIndex, error, source.labels, source.fixes) };
		}
	});
	const invalid = plans.find((plan): plan is { error: Error } => 'error' in plan);
	if (invalid && !ctx.continueOnFail()) throw invalid.error;

	const output: INodeExecutionData[] = plans.map((plan, itemIndex) =>
		'error' in plan ? errorItem(plan.error, itemIndex) : { json: {}, pairedItem: { item: itemIndex } },
	);
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const toSend = plans.flatMap((plan, itemIndex) => ('error' in plan ? [] : [itemIndex]));
	const ledger = new SendLedger(toSend, ctx.continueOnFail());
	await runPool(
		toSend.length,
		Number(options.parallelRequests ?? 1),
		async (position) => {
			const itemIndex = toSend[position];
			const plan = plans[itemIndex] as Exclude<Plan, { error: Error }>;
			try {
				const info = await deliver(ctx, itemIndex, plan.requests);
				output[itemIndex].json = source.output(plan.event, info);
				ledger.sent([itemIndex]);
			} catch (error) {
				ledger.failed([itemIndex], error as Error);
				output[itemIndex] = errorItem(error as Error, itemIndex);
			}
		},
		() => ledger.stopped,
	);
	const failure = ledger.failure();
	if (failure) throw asNodeError(ctx, failure.error, failure.itemIndex);
	return output;
}

/** Sends an item's requests in turn; the channel info of all of them, merged, if any was asked for. */
async function deliver(ctx: IExecuteFunctions, itemIndex: number, requests: TriggerRequest[]): Promise<IDataObject | undefined> {
	const policy = requestPolicy(ctx.getNodeParameter('options', itemIndex, {}) as IDataObject);
	let info: IDataObject | undefined;
	let delivered = 0;
	for (const request of requests) {
		try {
			const answer = await apiRequest.call(
				ctx,
				{ method: 'POST', path: '/events', body: request.body as unknown as IDataObject, what: `trigger "${request.body.name}"`, itemIndex },
				policy,
			);
			if (answer.channels && typeof answer.channels === 'object') info = { ...info, ...(answer.channels as IDataObject) };
			delivered += request.channels.length;
		} catch (error) {
			if (delivered > 0) {
				const total = requests.reduce((sum, r) => sum + r.channels.length, 0);
				(error as Error).message += ` (it had already gone to ${delivered} of its ${total} channels)`;
			}
			throw asNodeError(ctx, error as Error, itemIndex);
		}
	}
	return info;
}
