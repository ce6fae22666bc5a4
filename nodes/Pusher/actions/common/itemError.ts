import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** An error about one field of one input item, raised before anything is sent. */
export function itemError(ctx: IExecuteFunctions, itemIndex: number, field: string, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}, ${field}: ${problem}`, { itemIndex });
}

/** n8n's own errors pass through; anything else becomes a NodeOperationError on the item. */
export function asNodeError(ctx: IExecuteFunctions, error: Error, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error, { itemIndex });
}

export function errorItem(error: Error, itemIndex: number) {
	return { json: { error: error.message }, pairedItem: { item: itemIndex } };
}
