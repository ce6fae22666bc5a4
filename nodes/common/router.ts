import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { errorForAgent, runsAsTool } from './asTool';
import { fieldError } from './itemErrors';

/**
 * How a node with resources and operations runs: the Resource and Operation
 * parameters pick the function, which gets all input items and gives the
 * node's one output. In the node's tool variant (AI agents, MCP clients) the
 * operations listed as not for agents are refused, and errors read as an
 * agent should see them (common/asTool.ts).
 */
export type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

export interface Routes {
	operations: Record<string, Record<string, Operation>>;
	/** `resource` or `resource.operation` → its name in the editor, for what an agent may not run. */
	notForAgents?: Record<string, string>;
	/** What to tell an agent that asked for one of them; default: use the node in a workflow. */
	agentAdvice?: string;
}

export async function routeOperation(ctx: IExecuteFunctions, { operations, notForAgents = {}, agentAdvice }: Routes): Promise<INodeExecutionData[][]> {
	const asTool = runsAsTool(ctx.getNode());
	try {
		const resource = ctx.getNodeParameter('resource', 0) as string;
		const operation = ctx.getNodeParameter('operation', 0) as string;
		const run = operations[resource]?.[operation];
		if (!run) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
		// The editor does not offer these in the tool variant; a workflow written by hand could still ask.
		const refusedResource = notForAgents[resource];
		const refused = refusedResource ?? notForAgents[`${resource}.${operation}`];
		if (asTool && refused) {
			throw fieldError(ctx, undefined, refusedResource ? 'Resource' : 'Operation', `${refused} is not available to AI agents`, agentAdvice ?? 'Use the node in a workflow for it');
		}
		return [await run.call(ctx, ctx.getInputData())];
	} catch (error) {
		throw asTool ? errorForAgent(ctx.getNode(), error as Error) : error;
	}
}
