import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, errorItem } from './itemErrors';
import { runPool } from './pool';

/**
 * Runs an operation that sends something in two passes. First every item is
 * checked and planned, with nothing sent: without Continue On Fail, one bad
 * item stops the run before the first request. Then the plans are carried
 * out, `parallel` at a time, starting in item order; without Continue On
 * Fail the first failure stops further items, and its message says how many
 * had already gone out. Each input item gives one output item (or an error
 * item), paired with it.
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
	let failure: Error | undefined;
	let sent = 0;
	await runPool(items.length, parallel, async (itemIndex, stop) => {
		const outcome = outcomes[itemIndex];
		if ('error' in outcome) return;
		try {
			output[itemIndex].json = await send(outcome.plan, itemIndex);
			sent++;
		} catch (error) {
			if (!ctx.continueOnFail()) {
				failure ??= asNodeError(ctx, error as Error, itemIndex);
				stop();
				return;
			}
			output[itemIndex] = errorItem(error as Error, itemIndex);
		}
	});
	if (failure) {
		if (items.length > 1) {
			const other = `${sent} other item${sent === 1 ? ' had' : 's had'} been sent`;
			failure.message += sent > 0 ? ` (${other}; no further ones were started)` : ' (no other item had been sent)';
		}
		throw failure;
	}
	return output;
}
