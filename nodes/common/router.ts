import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

/**
 * How a node with resources and operations runs: the Resource and Operation
 * parameters pick the function, which gets all input items and gives the
 * node's one output.
 */
export type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

export async function routeOperation(ctx: IExecuteFunctions, operations: Record<string, Record<string, Operation>>): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	return [await run.call(ctx, items)];
}
