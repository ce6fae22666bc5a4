/**
 * The Pusher Beams node run by n8n's own engine (n8n-core), with its
 * credential pointing at a local Beams-like server (./beamsServer.ts).
 */
import path from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { NodeTypeRegistry } from '../helpers/n8n/nodeTypes';
import { runNode } from '../helpers/n8n/workflow';
import { startBeamsServer, type BeamsServer } from './beamsServer';

export const BEAMS_NODE = 'n8n-nodes-pusher-channels.pusherBeams';

export interface BeamsHarness {
	beams: BeamsServer;
	types: NodeTypeRegistry;
	credentials: IDataObject;
	run(
		parameters: IDataObject,
		inputItems?: IDataObject[],
		settings?: { continueOnFail?: boolean; credentials?: IDataObject; type?: string },
	): Promise<{ items: INodeExecutionData[]; error?: Error }>;
	close(): Promise<void>;
}

export function credentialFor(beams: BeamsServer): IDataObject {
	return { instanceId: beams.instanceId, secretKey: beams.secretKey, endpoint: beams.baseUrl };
}

export async function startBeamsHarness(): Promise<BeamsHarness> {
	const beams = await startBeamsServer();
	const types = await new NodeTypeRegistry().addPackage(path.resolve(__dirname, '../..'));
	const credentials = credentialFor(beams);
	return {
		beams,
		types,
		credentials,
		async run(parameters, inputItems = [{}], settings = {}) {
			const result = await runNode({
				nodeTypes: types,
				credentials: { pusherBeamsApi: (settings.credentials ?? credentials) as Record<string, string> },
				node: {
					type: settings.type ?? BEAMS_NODE,
					parameters: parameters as INodeParameters,
					...(settings.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
				inputItems,
			});
			return { items: result.items, error: result.error as Error | undefined };
		},
		close: async () => await beams.close(),
	};
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const pairingOf = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);
/** The item an error was raised for: n8n shows it next to the message, so the message itself does not name it. */
export function itemOf(error: Error | undefined): unknown {
	return (error as { context?: { itemIndex?: unknown } } | undefined)?.context?.itemIndex;
}
