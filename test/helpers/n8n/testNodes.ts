/**
 * Test-only nodes the engine helper registers in every NodeTypeRegistry it
 * runs with (n8n-nodes-base is not installed here).
 *
 * `testbed.testItems` ("Test Items") outputs the items given in its `items`
 * parameter (a JSON array of item `json` objects, or of full items with
 * `json` / `binary` / `pairedItem`), whatever its input, each paired with
 * input item 0. `runWorkflow({ inputItems })` puts one in front of the node
 * under test, which is how items are fed in.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, jsonParse } from 'n8n-workflow';

export const TEST_ITEMS_NODE_TYPE = 'testbed.testItems';

function isFullItem(value: unknown): value is INodeExecutionData {
	return typeof value === 'object' && value !== null && 'json' in value && typeof (value as { json: unknown }).json === 'object';
}

export class TestItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'testItems',
		group: ['input'],
		version: 1,
		description: 'Outputs the items given as JSON (test bed only)',
		defaults: { name: 'Test Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items (JSON Array)',
				name: 'items',
				type: 'json',
				default: '[]',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | unknown[];
		const list = typeof raw === 'string' ? jsonParse<unknown>(raw) : raw;
		if (!Array.isArray(list)) throw new NodeOperationError(this.getNode(), 'Items must be a JSON array');
		return [
			list.map((entry) =>
				isFullItem(entry) ? { pairedItem: { item: 0 }, ...entry } : { json: entry as INodeExecutionData['json'], pairedItem: { item: 0 } },
			),
		];
	}
}
