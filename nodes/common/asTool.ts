import { NodeOperationError, type INode } from 'n8n-workflow';

/**
 * A node running as its tool variant: the `<name>Tool` type n8n generates for
 * `usableAsTool` nodes, which AI agents and MCP clients call.
 */
export function runsAsTool(node: INode): boolean {
	return node.type.endsWith('Tool');
}

/**
 * The error a tool call ends with, as an agent will read it. n8n wraps what a
 * tool throws in a NodeOperationError (keeping one it is given as it is),
 * appends "Details: <description>", and its MCP Server Trigger answers the call
 * with `<error.name>: <error.message>`: the class name would lead what the
 * agent reads. So the error is named plainly "Error"; message and description
 * ("Field: Problem", and how to fix it) stay as they are.
 */
export function errorForAgent(node: INode, error: Error): NodeOperationError {
	const nodeError = error instanceof NodeOperationError ? error : new NodeOperationError(node, error);
	Object.defineProperty(nodeError, 'name', { value: 'Error', writable: true, enumerable: true, configurable: true });
	return nodeError;
}
