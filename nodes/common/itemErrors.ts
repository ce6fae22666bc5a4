import { NodeApiError, NodeOperationError, type INode, type INodeExecutionData } from 'n8n-workflow';

/**
 * Errors about input items, written the way n8n's own nodes write them: the
 * message names the field and the problem in a sentence, the description says
 * how to fix it, and `itemIndex` tells n8n which item it was. n8n names the
 * item itself (its editor appends "[item N]" when the input had several), so
 * no message here counts items.
 */
interface HasNode {
	getNode(): INode;
}

/** A problem with one field of one input item, found before anything is sent. */
export function fieldError(ctx: HasNode, itemIndex: number | undefined, field: string, problem: string, fix?: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${field}: ${problem}`, { itemIndex, ...(fix ? { description: fix } : {}) });
}

/** n8n's own errors pass through; anything else becomes a NodeOperationError on the item. */
export function asNodeError(ctx: HasNode, error: Error, itemIndex: number | undefined): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error, { itemIndex });
}

/** The output item that stands for a failed input item under Continue On Fail. */
export function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const description = (error as { description?: unknown }).description;
	return {
		json: { error: error.message, ...(typeof description === 'string' && description ? { description } : {}) },
		pairedItem: { item: itemIndex },
	};
}
