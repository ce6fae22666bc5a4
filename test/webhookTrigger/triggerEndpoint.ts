/**
 * The Pusher Trigger behind a real loopback HTTP endpoint, called the way n8n
 * calls a webhook node (packages/cli/src/webhooks/live-webhooks.ts and
 * webhook-helpers.ts, onReceived mode):
 * - the body is read into `req.rawBody` (a Buffer) and parsed into `req.body`
 *   when it is JSON, as n8n's rawBodyReader / parseBody do;
 * - the node's `webhook()` runs in n8n-core's real `WebhookContext`, on a
 *   `Workflow` built by the test bed (real parameters, credentials helper and
 *   static data);
 * - the answer follows n8n's `handleImmediateWebhookResponse`: with
 *   `noWebhookResponse` the node has answered itself; without `workflowData`
 *   nothing starts and `webhookResponse` (or n8n's default message) is sent
 *   with 200; with `workflowData` an execution starts and n8n answers
 *   "Workflow was started". With `execute: true` that execution really runs
 *   in n8n-core's WorkflowExecute, from the trigger's output.
 * - static data the node changed is kept for the next request, as n8n saves it.
 *
 * One deliberate difference: n8n answers 422 itself, before any node runs,
 * when a request says `application/json` but its body does not parse. Here
 * such requests reach the node, so that the node's own refusal is what tests see.
 */
import { Container } from '@n8n/di';
import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWebhookData,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';
import { Logger } from '@n8n/backend-common';

import { PusherApi } from '../../credentials/PusherApi.credentials';
import { PusherWebhookTrigger } from '../../nodes/Pusher/PusherWebhookTrigger.node';
import { buildAdditionalData } from '../helpers/n8n/additionalData';
import { NodeTypeRegistry } from '../helpers/n8n/nodeTypes';
import { onReceivedBody } from '../helpers/n8n/webhook';
import { nextExecutionId, prepareWorkflow } from '../helpers/n8n/workflow';

export const TRIGGER_TYPE = 'n8n-nodes-pusher-channels.pusherWebhookTrigger';
export const TRIGGER_NAME = 'Pusher Trigger';
export const WEBHOOK_ID = 'c0ffee00-pusher-trigger';

let endpointCount = 0;

export interface TriggerEndpointOptions {
	parameters?: INodeParameters;
	/** The pusherApi credential's data; default a Soketi-style app. */
	credentials?: ICredentialDataDecryptedObject;
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
	/** Run each started execution through n8n's engine (WorkflowExecute). */
	execute?: boolean;
	/** Node and credential types to run; default the sources (PusherWebhookTrigger, PusherApi). */
	nodeTypes?: NodeTypeRegistry;
	workflowId?: string;
}

export interface Delivery {
	status: number;
	/** What the endpoint answered, parsed when JSON. */
	body: unknown;
	/** What the node returned. */
	result?: IWebhookResponseData;
	/** Set when the node returned workflowData: n8n would have started an execution. */
	workflowData?: INodeExecutionData[][];
	/** The engine's run of that execution (with `execute: true`). */
	run?: IRun;
	/** An error the node threw (n8n answers 500). */
	error?: Error;
}

export const SOKETI_CREDENTIALS: ICredentialDataDecryptedObject = {
	connection: 'custom',
	appId: 'app-id',
	key: 'app-key',
	secret: 'app-secret',
	host: '127.0.0.1',
	port: 6001,
	useTLS: false,
};

type RawRequest = IncomingMessage & { rawBody?: Buffer; body?: unknown; readRawBody?: () => Promise<void> };
type ExpressLikeResponse = ServerResponse & { status(code: number): ExpressLikeResponse; json(body: unknown): ExpressLikeResponse };

export class TriggerEndpoint {
	readonly deliveries: Delivery[] = [];
	staticData: IDataObject;
	private server: Server | undefined;
	private readonly nodeTypes: NodeTypeRegistry;
	private readonly waiters = new Set<() => void>();

	/** Each endpoint stands for a workflow of its own, as two triggers in n8n would. */
	readonly workflowId: string;

	constructor(private readonly options: TriggerEndpointOptions = {}) {
		this.workflowId = options.workflowId ?? `testbed-workflow-${++endpointCount}`;
		this.staticData = structuredClone(options.staticData ?? {});
		this.nodeTypes = options.nodeTypes ?? new NodeTypeRegistry().addNode(TRIGGER_TYPE, new PusherWebhookTrigger()).addCredential(new PusherApi());
	}

	/** Starts listening on a free loopback port; resolves with the URL to give Pusher or Soketi. */
	async listen(): Promise<string> {
		const server = createServer((req, res) => void this.serve(req as RawRequest, res));
		server.keepAliveTimeout = 1000;
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		this.server = server;
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/${WEBHOOK_ID}/webhook`;
	}

	async close(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** Deliveries that started an execution. */
	executions(): Delivery[] {
		return this.deliveries.filter((delivery) => delivery.workflowData !== undefined);
	}

	/** Resolves once `predicate` holds for the deliveries so far (rejects after `timeoutMs`). */
	async waitFor(predicate: (deliveries: Delivery[]) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			const check = () => {
				if (!predicate(this.deliveries)) return;
				clearTimeout(timer);
				this.waiters.delete(check);
				resolve();
			};
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				reject(new Error(`${what}: not seen in ${timeoutMs} ms; deliveries: ${JSON.stringify(this.deliveries.map(summary))}`));
			}, timeoutMs);
			this.waiters.add(check);
			check();
		});
	}

	private async serve(req: RawRequest, res: ServerResponse): Promise<void> {
		const delivery = await this.handle(req, expressLike(res));
		this.deliveries.push(delivery);
		for (const check of [...this.waiters]) check();
	}

	/** The workflow n8n would load: the trigger alone, with its parameters, credential and (a copy of) the saved static data. */
	private prepare(mode: WorkflowExecuteMode, staticData?: IDataObject) {
		return prepareWorkflow({
			nodes: [{ name: TRIGGER_NAME, type: TRIGGER_TYPE, webhookId: WEBHOOK_ID, parameters: this.options.parameters ?? {} }],
			nodeTypes: this.nodeTypes,
			credentials: { pusherApi: this.options.credentials ?? SOKETI_CREDENTIALS },
			staticData: staticData && structuredClone(staticData),
			mode,
			workflowId: this.workflowId,
		});
	}

	/** What n8n does with one request to the trigger's webhook URL. */
	async handle(req: RawRequest, res: ExpressLikeResponse): Promise<Delivery> {
		await readBody(req);
		const mode = this.options.mode ?? 'webhook';
		const { workflow, workflowData, credentialsHelper } = this.prepare(mode, this.staticData);
		const node = workflow.getNode(TRIGGER_NAME) as INode;
		const additionalData = buildAdditionalData({ credentialsHelper, workflowData, mode, executionId: nextExecutionId() });
		additionalData.httpRequest = req as never;
		additionalData.httpResponse = res as never;
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${WEBHOOK_ID}/webhook`,
			webhookDescription: nodeType.description.webhooks![0],
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
		};

		let result: IWebhookResponseData;
		try {
			const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			return { ...(await answer(res, 500, { message: 'Error in workflow' })), error: error as Error };
		}
		// n8n saves the static data the node changed (LiveWebhooks → saveStaticData).
		if (workflow.staticData.__dataChanged === true) this.staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;

		if (result.noWebhookResponse === true) {
			if (!res.writableEnded) throw new Error('The node said it answered (noWebhookResponse) but did not end the response');
			return { status: res.statusCode, body: sentBodies.get(res), result };
		}
		if (result.workflowData === undefined) {
			return { ...(await answer(res, 200, result.webhookResponse ?? { message: 'Webhook call received' })), result };
		}
		const run = this.options.execute ? await this.execute(result.workflowData, mode) : undefined;
		return { ...(await answer(res, 200, onReceivedBody(webhookData.webhookDescription.responseData, result))), result, workflowData: result.workflowData, run };
	}

	/** Runs the execution n8n would start: the trigger node on the stack with its output as data (webhook-helpers' prepareExecutionData). */
	private async execute(data: INodeExecutionData[][], mode: WorkflowExecuteMode): Promise<IRun> {
		const { workflow, workflowData, credentialsHelper } = this.prepare(mode);
		const node = workflow.getNode(TRIGGER_NAME) as INode;
		const additionalData = buildAdditionalData({ credentialsHelper, workflowData, mode, executionId: nextExecutionId() });
		const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack: [{ node, data: { main: data }, source: null }] } });
		return await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	}
}

/** Reads the body as n8n's rawBodyReader + parseBody do: raw bytes kept, JSON parsed when the request says so. */
async function readBody(req: RawRequest): Promise<void> {
	req.readRawBody = async () => {
		if (req.rawBody) return;
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		req.rawBody = Buffer.concat(chunks);
	};
	await req.readRawBody();
	req.body = {};
	const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
	if (type === 'application/json' && req.rawBody && req.rawBody.length > 0) {
		try {
			req.body = JSON.parse(req.rawBody.toString('utf8'));
		} catch {
			req.body = {}; // n8n would answer 422 here; see the file comment
		}
	}
}

const sentBodies = new WeakMap<ServerResponse, unknown>();

/** The two express methods nodes use on `this.getResponseObject()`, on a plain Node response. */
function expressLike(res: ServerResponse): ExpressLikeResponse {
	const response = res as ExpressLikeResponse;
	response.status = (code: number) => {
		response.statusCode = code;
		return response;
	};
	response.json = (body: unknown) => {
		sentBodies.set(response, body);
		response.setHeader('content-type', 'application/json; charset=utf-8');
		response.end(JSON.stringify(body));
		return response;
	};
	return response;
}

async function answer(res: ExpressLikeResponse, status: number, body: unknown): Promise<{ status: number; body: unknown }> {
	if (!res.writableEnded) res.status(status).json(body);
	return { status: res.statusCode, body: sentBodies.get(res) };
}

function summary(delivery: Delivery) {
	return { status: delivery.status, body: delivery.body, items: delivery.workflowData?.[0]?.map((item) => item.json) };
}

/** n8n's logger, to watch what the node logs (the test bed keeps it silent). */
export function n8nLogger(): Logger {
	return Container.get(Logger);
}
