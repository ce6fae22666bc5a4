/**
 * The Pusher node under test, run by n8n's own engine against a real Soketi,
 * with a counting proxy in between so tests can see (and fail) each request.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { authenticateUser, authorizeChannel } from '../../nodes/Pusher/protocol';
import { countingProxy, type CountingProxy } from '../helpers/countingProxy';
import { NodeTypeRegistry } from '../helpers/n8n/nodeTypes';
import { runNode } from '../helpers/n8n/workflow';
import { connectClient, type PusherClient } from '../helpers/pusherClient';
import { soketiCredentialData, startSoketi, type Soketi, type SoketiOptions } from '../helpers/soketi';

export const PUSHER_NODE = 'n8n-nodes-pusher-channels.pusher';
export const MASTER_KEY = randomBytes(32).toString('base64');

/** The item an error was raised for: n8n shows it next to the message, so the message itself does not name it. */
export function expectItem(error: Error | undefined, itemIndex: number): void {
	expect(error).toBeDefined();
	expect((error as { context?: { itemIndex?: unknown } }).context?.itemIndex).toBe(itemIndex);
}

export interface Harness {
	soketi: Soketi;
	proxy: CountingProxy;
	types: NodeTypeRegistry;
	credentials: IDataObject;
	/** Runs the Pusher node with these parameters over these input items. */
	run(
		parameters: IDataObject,
		inputItems?: IDataObject[],
		settings?: { continueOnFail?: boolean; credentials?: IDataObject; node?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'> },
	): Promise<{ items: INodeExecutionData[]; error?: Error }>;
	/** A pusher-js client whose private/presence/encrypted subscriptions and sign-in are answered by the core. */
	client(userId?: string): Promise<PusherClient>;
	/** Requests the proxy saw to this app path (`/events`, `/batch_events`…). */
	requestsTo(appPath: string): number;
	close(): Promise<void>;
}

export async function startHarness(soketiOptions: SoketiOptions = {}): Promise<Harness> {
	const soketi = await startSoketi(soketiOptions);
	const proxy = await countingProxy(soketi.baseUrl);
	const types = await new NodeTypeRegistry().addPackage(path.resolve(__dirname, '../..'));
	// Requests go through the counting proxy in front of Soketi.
	const credentials = { ...soketiCredentialData(soketi, MASTER_KEY), port: proxy.port };
	const { key, secret } = soketi;
	return {
		soketi,
		proxy,
		types,
		credentials,
		async run(parameters, inputItems = [{}], settings = {}) {
			const result = await runNode({
				nodeTypes: types,
				credentials: { pusherApi: (settings.credentials ?? credentials) as typeof credentials },
				node: {
					type: PUSHER_NODE,
					parameters: parameters as INodeParameters,
					...(settings.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
					...settings.node,
				},
				inputItems,
			});
			return { items: result.items, error: result.error as Error | undefined };
		},
		client: (userId = 'user-1') =>
			connectClient(soketi, {
				authorize: (socketId, channel) =>
					authorizeChannel({
						key,
						secret,
						socketId,
						channel,
						encryptionMasterKey: MASTER_KEY,
						presenceData: channel.startsWith('presence-') ? { user_id: userId, user_info: { name: userId } } : undefined,
					}),
				userAuthenticate: (socketId) => authenticateUser({ key, secret, socketId, userData: { id: userId } }),
			}),
		requestsTo: (appPath) => proxy.requests.filter((request) => request.path === `/apps/${soketi.appId}${appPath}`).length,
		async close() {
			await proxy.close();
			await soketi.stop();
		},
	};
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const pairingOf = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);
