/**
 * Runs the Pusher Channel Trigger the way n8n runs a trigger node, with the
 * test bed's workflow and credentials:
 * - `activateTrigger`: what n8n does when a workflow is activated
 *   (ActiveWorkflowManager): n8n-core's `TriggersAndPollers.runTriggerFunction`
 *   in 'trigger' mode with a real `TriggerContext`; only the three callbacks
 *   n8n's server would pass to the context (emit, emitError,
 *   saveFailedExecution) are replaced by recorders;
 * - `listenForTestEvent`: "Listen for test event" — n8n-core's
 *   `WorkflowExecute` running the workflow in manual mode.
 * Also: a WebSocket class that records every socket the node opens.
 */
import { Container } from '@n8n/di';
import { TriggerContext, TriggersAndPollers } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters, ITriggerResponse } from 'n8n-workflow';

import { PusherApi } from '../../credentials/PusherApi.credentials';
import { PusherChannelTrigger } from '../../nodes/Pusher/PusherChannelTrigger.node';
import { buildAdditionalData } from '../helpers/n8n/additionalData';
import { NodeTypeRegistry } from '../helpers/n8n/nodeTypes';
import { nextExecutionId, prepareWorkflow, runWorkflow, type WorkflowRunResult } from '../helpers/n8n/workflow';

export const NODE_TYPE = 'n8n-nodes-pusher-channels.pusherChannelTrigger';
export const NODE_NAME = 'Pusher Channel Trigger';

export function nodeTypes(): NodeTypeRegistry {
	return new NodeTypeRegistry().addNode(NODE_TYPE, new PusherChannelTrigger()).addCredential(new PusherApi());
}

export interface ActiveTrigger {
	/** `json` of every emitted item, in order. */
	readonly items: IDataObject[];
	/** Number of `emit` calls (one execution each). */
	readonly executions: number;
	/** What the node reported through `emitError` (n8n would deactivate the workflow). */
	readonly errors: Error[];
	/** What the node reported through `saveFailedExecution`. */
	readonly failedExecutions: Error[];
	waitForItems(count: number, timeoutMs?: number): Promise<IDataObject[]>;
	waitForError(timeoutMs?: number): Promise<Error>;
	waitForFailedExecution(timeoutMs?: number): Promise<Error>;
	/** The closeFunction n8n calls when the workflow is deactivated. */
	close(): Promise<void>;
}

export interface TriggerInput {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
}

export async function activateTrigger({ parameters, credentials }: TriggerInput): Promise<ActiveTrigger> {
	const { workflow, workflowData, credentialsHelper } = prepareWorkflow({
		nodes: [{ name: NODE_NAME, type: NODE_TYPE, parameters }],
		nodeTypes: nodeTypes(),
		credentials: { pusherApi: credentials },
		mode: 'trigger',
	});
	const additionalData = buildAdditionalData({ credentialsHelper, workflowData, mode: 'trigger', executionId: nextExecutionId() });
	const node = workflow.getNode(NODE_NAME)!;

	const items: IDataObject[] = [];
	const errors: Error[] = [];
	const failedExecutions: Error[] = [];
	let executions = 0;
	const waiters = new Set<() => void>();
	const changed = () => {
		for (const check of [...waiters]) check();
	};
	const emit = (data: INodeExecutionData[][]) => {
		executions += 1;
		for (const item of data[0] ?? []) items.push(item.json);
		changed();
	};
	const emitError = (error: Error) => {
		errors.push(error);
		changed();
	};
	const saveFailedExecution = (error: Error) => {
		failedExecutions.push(error);
		changed();
	};

	const response: ITriggerResponse | undefined = await Container.get(TriggersAndPollers).runTriggerFunction(
		workflow,
		node,
		(wf, n, data, mode, activation) => new TriggerContext(wf, n, data, mode, activation, emit, emitError, saveFailedExecution),
		additionalData,
		'trigger',
		'activate',
	);

	const waitFor = <T>(what: string, timeoutMs: number, ready: () => T | undefined): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const check = () => {
				const value = ready();
				if (value === undefined) return;
				waiters.delete(check);
				clearTimeout(timer);
				resolve(value);
			};
			const timer = setTimeout(() => {
				waiters.delete(check);
				reject(new Error(`${what} within ${timeoutMs} ms; items so far: ${JSON.stringify(items)}; errors: ${errors.map(String)}`));
			}, timeoutMs);
			waiters.add(check);
			check();
		});

	let closed = false;
	return {
		items,
		errors,
		failedExecutions,
		get executions() {
			return executions;
		},
		waitForItems: (count, timeoutMs = 10_000) =>
			waitFor(`expected ${count} item(s)`, timeoutMs, () => (items.length >= count ? items.slice(0, count) : undefined)),
		waitForError: (timeoutMs = 10_000) => waitFor('expected an emitError', timeoutMs, () => errors[0]),
		waitForFailedExecution: (timeoutMs = 10_000) => waitFor('expected a failed execution', timeoutMs, () => failedExecutions[0]),
		async close() {
			if (closed) return;
			closed = true;
			await response?.closeFunction?.();
		},
	};
}

/** Runs the workflow as "Listen for test event" does; resolves when the execution ends. */
export async function listenForTestEvent({ parameters, credentials }: TriggerInput): Promise<WorkflowRunResult> {
	return await runWorkflow({
		nodes: [{ name: NODE_NAME, type: NODE_TYPE, parameters }],
		nodeTypes: nodeTypes(),
		credentials: { pusherApi: credentials },
		mode: 'manual',
	});
}

type WebSocketLike = { readyState: number; url: string };
type WebSocketClass = new (url: string) => WebSocketLike;
const holder = globalThis as unknown as { WebSocket?: WebSocketClass };

/** Replaces the global WebSocket by a subclass that records each socket; `restore()` puts the original back. */
export function trackWebSockets(): { sockets: WebSocketLike[]; restore(): void } {
	const Native = holder.WebSocket!;
	const sockets: WebSocketLike[] = [];
	holder.WebSocket = class TrackedWebSocket extends Native {
		constructor(url: string) {
			super(url);
			sockets.push(this);
		}
	};
	return {
		sockets,
		restore() {
			holder.WebSocket = Native;
		},
	};
}

/** Removes the global WebSocket (as on Node.js 20) until `restore()`. */
export function withoutWebSocket(): { restore(): void } {
	const Native = holder.WebSocket;
	delete holder.WebSocket;
	return {
		restore() {
			holder.WebSocket = Native;
		},
	};
}
