import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, errorItem } from './itemErrors';
import { runPool } from './pool';
import { SendLedger } from './sendLedger';

/**
 * Runs an operation that sends something in two passes. First every item is
 * checked and planned, with nothing sent: without Continue On Fail, one bad
 * item stops the run before the first request. Then the plans are carried
 * out, `parallel` at a time, starting in item order; without Continue On
 * Fail the first failure stops further items, and its message says which
 * were sent and which not (SendLedger). Each input item gives one output item
 * (or an error item), paired with it.
 */
export interface Planned<P> {
	plan(itemIndex: number): P;
	send(plan: P, itemIndex: number): Promise<IDataObject>;
	parallel?: number;
}

type Outcome<P> = { plan: P } | { error: Error };

export async function validateThenSend<P>(ctx: IExecuteFunctions, items: INodeExecutionData[], { plan, send, parallel = 1 }: Planned<P>): Promise<INodeExecutionData[]> {
	const outcomes: Array<Outcome<P>> = items.map((_, itemIndex) => {
		try {
			return { plan: plan(itemIndex) };
		} catch (error) {
			return { error: asNodeError(ctx, error as Error, itemIndex) };
		}
	});
	const invalid = outcomes.find((outcome): outcome is { error: Error } => 'error' in outcome);
	if (invalid && !ctx.continueOnFail()) throw invalid.error;

	const output: INodeExecutionData[] = outcomes.map((outcome, itemIndex) =>
		'error' in outcome ? errorItem(outcome.error, itemIndex) : { json: {}, pairedItem: { item: itemIndex } },
	);
	const toSend = outcomes.flatMap((outcome, itemIndex) => ('error' in outcome ? [] : [itemIndex]));
	const ledger = new SendLedger(toSend, ctx.continueOnFail());
	await runPool(
		toSend.length,
		parallel,
		async (position) => {
			const itemIndex = toSend[position];
			const outcome = outcomes[itemIndex] as { plan: P };
			try {
				output[itemIndex].json = await send(outcome.plan, itemIndex);
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
