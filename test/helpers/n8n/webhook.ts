/**
 * Runs a trigger node's `webhook()` the way n8n's webhook server does, on a
 * real loopback HTTP server, and then the rest of the workflow with the items
 * it emitted.
 *
 *   const server = await startWebhookServer({ nodeTypes, nodes: [trigger, next], credentials });
 *   // e.g. give server.url to Soketi as its webhook URL, or POST to it yourself
 *   const [call] = await server.waitForCalls(1);
 *   call.response.status; call.emitted; call.run?.data['Next'];
 *   await server.close();
 *
 *   const call = await runWebhook({ nodeTypes, nodes: [trigger], request: { headers, body } });  // one request
 *
 * What it reproduces from n8n (packages/cli/src/webhooks/webhook-helpers.ts,
 * middlewares/body-parser.ts):
 * - routing: `POST /webhook/<webhookId>/<path>` (`/webhook-test/…` in manual
 *   mode), the method and path taken from the node's `description.webhooks`
 *   (expressions evaluated); anything else gets 404;
 * - the request: `req.contentType`/`req.encoding` from n8n's own
 *   `parseIncomingMessage`, `req.readRawBody()`, and the body pre-parsed into
 *   `req.body` (leaving the exact bytes in `req.rawBody`) for JSON, text,
 *   form-urlencoded (not XML, not multipart) — always for typeVersion 1
 *   nodes, and for later versions only when the content type is one of those;
 *   otherwise the node must call `await req.readRawBody()` itself, as in n8n;
 * - n8n-core's real `WebhookContext` (getHeaderData, getBodyData,
 *   getRequestObject, getResponseObject, getCredentials, getNodeWebhookUrl…);
 * - the answer: nothing when the node returns `noWebhookResponse: true` (it
 *   answered through `getResponseObject()`); `webhookResponse` if given; else
 *   `{"message":"Webhook call received"}` when no workflow runs, or for
 *   responseMode `onReceived` (the default) `{"message":"Workflow was
 *   started"}` once the run starts; `lastNode` answers the first item's json
 *   of the last node; a throwing `webhook()` gets 500
 *   `{"code":0,"message":"Workflow Webhook Error: Workflow could not be started!"}`.
 * The response object is Node's `ServerResponse` plus the Express methods
 * nodes use (`status`, `send`, `json`, `set`/`header`, `sendStatus`): Express
 * itself is not installed.
 */
import { parseIncomingMessage } from '@n8n/backend-network';
import { WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	INode,
	INodeExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, UserError, createRunExecutionData, jsonParse } from 'n8n-workflow';
import { createServer, request as httpRequest, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

import { buildAdditionalData } from './additionalData';
import { nextExecutionId, prepareWorkflow, summarize, type WorkflowInput, type WorkflowRunResult } from './workflow';

export interface WebhookServerOptions extends WorkflowInput {
	/** The node whose webhook() gets the requests; default the first node. */
	triggerNode?: string;
	/** Default 'webhook' (production URLs); 'manual' uses the test URLs (`/webhook-test/…`). */
	mode?: WorkflowExecuteMode;
}

export interface WebhookCall {
	request: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer };
	/** What the caller was answered. */
	response: { status: number; headers: Record<string, unknown>; body: string };
	/** What webhook() returned. */
	webhookResult?: IWebhookResponseData;
	/** `webhookResult.workflowData`: the items the trigger emitted. */
	emitted?: INodeExecutionData[][];
	/** Thrown by webhook(). */
	error?: Error;
	/** The workflow run that followed, when the trigger emitted items. */
	run?: WorkflowRunResult;
}

export interface WebhookServer {
	/** `http://127.0.0.1:PORT` */
	readonly baseUrl: string;
	/** The URL n8n would show for the trigger's `default` webhook. */
	readonly url: string;
	urlFor(webhookName: string): string;
	/** Finished calls (answered, and the workflow run over), in the order they finished. */
	readonly calls: WebhookCall[];
	waitForCalls(count: number, timeoutMs?: number): Promise<WebhookCall[]>;
	close(): Promise<void>;
}

type WebhookRequest = IncomingMessage & {
	contentType?: string;
	encoding?: BufferEncoding;
	rawBody?: Buffer;
	readRawBody(): Promise<void>;
	body?: unknown;
	query: Record<string, unknown>;
	params: Record<string, string>;
};

const DEFAULT_WEBHOOK_ID = 'testbed-webhook';

function readStream(stream: Readable): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		stream.on('data', (chunk: Buffer) => chunks.push(chunk));
		stream.on('end', () => resolve(Buffer.concat(chunks)));
		stream.on('error', reject);
	});
}

/** n8n's rawBodyReader + parseBody, without xml and multipart. */
function prepareRequest(req: IncomingMessage): WebhookRequest {
	const request = req as WebhookRequest;
	parseIncomingMessage(request);
	const url = new URL(req.url ?? '/', 'http://localhost');
	request.query = parseQueryString(url.search.slice(1));
	request.params = {};
	request.readRawBody = async () => {
		if (request.rawBody) return;
		const encoding = req.headers['content-encoding'];
		const stream = encoding === 'gzip' ? req.pipe(createGunzip()) : encoding === 'deflate' ? req.pipe(createInflate()) : req;
		request.rawBody = await readStream(stream);
	};
	return request;
}

const PARSABLE = /^(application\/json|text\/plain|application\/x-www-form-urlencoded)/;

async function parseRequestBody(req: WebhookRequest, node: INode) {
	const { contentType } = req;
	if (node.typeVersion > 1 && !(contentType && PARSABLE.test(contentType))) return;
	if (contentType?.startsWith('multipart/')) return;
	await req.readRawBody();
	if (!req.rawBody?.length) return;
	const text = req.rawBody.toString(req.encoding ?? 'utf8').replace(/^\uFEFF/, '');
	if (contentType === 'application/json') req.body = jsonParse(text);
	else if (contentType === 'text/plain') req.body = text;
	else if (contentType === 'application/x-www-form-urlencoded') req.body = parseQueryString(text);
}

/** The Express response methods nodes call, on Node's own ServerResponse; records what is sent. */
function expressResponse(res: ServerResponse) {
	const chunks: Buffer[] = [];
	const write = res.write.bind(res) as (...args: unknown[]) => boolean;
	const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
	const keep = (chunk: unknown) => {
		if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
	};
	const response = Object.assign(res, {
		write: (chunk: unknown, ...rest: unknown[]) => (keep(chunk), write(chunk, ...rest)),
		end: (chunk?: unknown, ...rest: unknown[]) => {
			if (res.writableEnded) return res;
			if (typeof chunk !== 'function') keep(chunk);
			return end(chunk, ...rest);
		},
		status(code: number) {
			res.statusCode = code;
			return response;
		},
		set(name: string, value: string | string[]) {
			res.setHeader(name, value);
			return response;
		},
		header(name: string, value: string | string[]) {
			res.setHeader(name, value);
			return response;
		},
		json(body: unknown) {
			if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
			return response.end(JSON.stringify(body));
		},
		send(body?: unknown) {
			if (body === undefined || body === null) return response.end();
			if (Buffer.isBuffer(body)) {
				if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/octet-stream');
				return response.end(body);
			}
			if (typeof body === 'object') return response.json(body);
			if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
			return response.end(String(body));
		},
		sendStatus(code: number) {
			res.statusCode = code;
			return response.send(STATUS_CODES[code] ?? String(code));
		},
	});
	return { response, sent: () => Buffer.concat(chunks).toString('utf8') };
}

function answer(res: ReturnType<typeof expressResponse>['response'], status: number, body: unknown) {
	if (res.headersSent) return;
	res.status(status);
	if (typeof body === 'string') res.send(body);
	else res.json(body);
}

export async function startWebhookServer(opts: WebhookServerOptions): Promise<WebhookServer> {
	const mode = opts.mode ?? 'webhook';
	const triggerName = opts.triggerNode ?? opts.nodes[0]?.name;
	const nodes = opts.nodes.map((node) =>
		node.name === triggerName && node.webhookId === undefined ? { ...node, webhookId: DEFAULT_WEBHOOK_ID } : node,
	);

	const sockets = new Set<Socket>();
	const calls: WebhookCall[] = [];
	const waiters = new Set<() => void>();
	const server = createServer((req, res) => {
		void handle(req, res).then(
			(call) => {
				if (!call) return;
				calls.push(call);
				for (const check of [...waiters]) check();
			},
			(error: Error) => {
				if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(`test bed webhook server failed: ${error.stack ?? error.message}`);
			},
		);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

	// one Workflow for the URLs and the trigger description; each call prepares its own run
	const { workflow } = prepareWorkflow({ ...opts, nodes });
	const trigger = workflow.getNode(triggerName ?? '');
	if (!trigger) throw new UserError(`startWebhookServer: no trigger node ${triggerName}`);
	const triggerType = workflow.nodeTypes.getByNameAndVersion(trigger.type, trigger.typeVersion);
	if (!triggerType.webhook) throw new UserError(`${trigger.type} has no webhook() method`);
	const prefix = mode === 'manual' ? 'webhook-test' : 'webhook';

	const evaluate = <T>(node: INode, value: unknown, fallback: T): T =>
		(workflow.expression.getSimpleParameterValue(node, value as string, mode, {}, undefined, fallback as string) ?? fallback) as T;
	const describe = (node: INode, description: IWebhookDescription) => {
		const path = String(evaluate(node, description.path, ''));
		return {
			description,
			method: String(evaluate(node, description.httpMethod, 'GET')).toUpperCase(),
			path,
			url: NodeHelpers.getNodeWebhookUrl(`${baseUrl}/${prefix}`, workflow.id, node, path, description.isFullPath === true),
		};
	};
	const webhooks = (triggerType.description.webhooks ?? []).map((description) => describe(trigger, description));
	const urlFor = (name: string) => {
		const hook = webhooks.find((webhook) => webhook.description.name === name);
		if (!hook) throw new UserError(`${trigger.type} has no "${name}" webhook`);
		return hook.url;
	};

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<WebhookCall | undefined> {
		const method = req.method ?? 'GET';
		const path = (req.url ?? '/').split('?')[0];
		const { response, sent } = expressResponse(res);
		const request = prepareRequest(req);
		const call: WebhookCall = {
			request: { method, url: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0) },
			response: { status: 0, headers: {}, body: '' },
		};
		const finish = async () => {
			if (!request.rawBody && request.readable) await request.readRawBody().catch(() => undefined);
			call.request.body = request.rawBody ?? Buffer.alloc(0);
			call.response = { status: res.statusCode, headers: res.getHeaders(), body: sent() };
			return call;
		};

		const hook = webhooks.find((webhook) => webhook.method === method && new URL(webhook.url).pathname === path);
		if (!hook) {
			answer(response, 404, { code: 404, message: `The requested webhook "${method} ${path}" is not registered.` });
			return await finish();
		}

		const { workflow: runWorkflow, credentialsHelper, workflowData } = prepareWorkflow({ ...opts, nodes });
		const node = runWorkflow.getNode(trigger!.name)!;
		const additionalData = buildAdditionalData({ credentialsHelper, workflowData, mode, executionId: nextExecutionId(), instanceBaseUrl: baseUrl });
		additionalData.httpRequest = request as never;
		additionalData.httpResponse = response as never;
		const webhookData: IWebhookData = {
			httpMethod: hook.method as IWebhookData['httpMethod'],
			node: node.name,
			path: hook.path,
			webhookDescription: hook.description,
			workflowId: runWorkflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest: mode === 'manual',
		};

		await parseRequestBody(request, node);
		const context = new WebhookContext(runWorkflow, node, additionalData, mode, webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await triggerType.webhook!.call(context);
		} catch (error) {
			call.error = error as Error;
			answer(response, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			return await finish();
		}
		call.webhookResult = result;
		call.emitted = result.workflowData;

		const responseCode = Number(evaluate(node, hook.description.responseCode, 200));
		const responseMode = String(evaluate(node, hook.description.responseMode, 'onReceived'));
		if (result.noWebhookResponse !== true && result.workflowData === undefined) {
			answer(response, responseCode, result.webhookResponse ?? { message: 'Webhook call received' });
		}
		if (result.workflowData !== undefined) {
			const executionOrder: string[] = [];
			additionalData.hooks!.addHandler('nodeExecuteAfter', (nodeName) => {
				executionOrder.push(nodeName);
			});
			const runExecutionData = createRunExecutionData({
				executionData: { nodeExecutionStack: [{ node, data: { main: result.workflowData }, source: null }] },
			});
			const running = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(runWorkflow);
			if (result.noWebhookResponse !== true && responseMode === 'onReceived') {
				answer(response, responseCode, onReceivedBody(hook.description.responseData, result));
			}
			const run = await running;
			call.run = summarize(run, runWorkflow, executionOrder);
			if (result.noWebhookResponse !== true && !res.headersSent) {
				const last = run.data.resultData.lastNodeExecuted;
				const first = last ? call.run.data[last]?.[0]?.json : undefined;
				if (call.run.error) answer(response, 500, { message: 'Error in workflow' });
				else answer(response, responseCode, first ?? { message: 'Workflow executed successfully but the last node did not return any data' });
			}
		}
		return await finish();
	}

	return {
		baseUrl,
		url: webhooks[0] ? urlFor(String(webhooks[0].description.name)) : `${baseUrl}/${prefix}`,
		urlFor,
		calls,
		waitForCalls(count, timeoutMs = 10_000) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`webhook server: expected ${count} calls, got ${calls.length} (gave up after ${timeoutMs} ms)`));
				}, timeoutMs);
				const check = () => {
					if (calls.length < count) return;
					clearTimeout(timer);
					waiters.delete(check);
					resolve(calls.slice(0, count));
				};
				waiters.add(check);
				check();
			});
		},
		async close() {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await closed;
		},
	};
}

export interface RunWebhookOptions extends WebhookServerOptions {
	request: {
		method?: string;
		/** Path and query; default the trigger's default webhook URL. */
		path?: string;
		headers?: Record<string, string>;
		/** Sent exactly as given. */
		body?: Buffer | string;
	};
	/** Give up when the answer takes longer (e.g. a node that returns noWebhookResponse without answering). Default 10 s. */
	timeoutMs?: number;
}

/** Sends one request to the trigger through a fresh webhook server and returns the finished call. */
export async function runWebhook(opts: RunWebhookOptions): Promise<WebhookCall> {
	const server = await startWebhookServer(opts);
	try {
		const target = new URL(opts.request.path ?? server.url, server.baseUrl);
		const body = Buffer.from(opts.request.body ?? '');
		const timeoutMs = opts.timeoutMs ?? 10_000;
		await new Promise<void>((resolve, reject) => {
			const req = httpRequest(
				{
					host: '127.0.0.1',
					port: target.port,
					method: opts.request.method ?? 'POST',
					path: target.pathname + target.search,
					headers: { ...opts.request.headers, 'content-length': String(body.length) },
					agent: false,
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve());
					res.on('error', reject);
				},
			);
			req.setTimeout(timeoutMs, () => req.destroy(new Error(`runWebhook: no answer within ${timeoutMs} ms`)));
			req.on('error', reject);
			req.end(body);
		});
		const [call] = await server.waitForCalls(1, timeoutMs);
		return call;
	} finally {
		await server.close();
	}
}

/**
 * What n8n answers for responseMode "onReceived" once it started the
 * execution (webhook-on-received-response-extractor in n8n 2.x; the same
 * rules in 1.x): the description's responseData (default "firstEntryJson",
 * sent as that literal text), else the node's webhookResponse.
 */
export function onReceivedBody(responseData: string | undefined, result: IWebhookResponseData): unknown {
	const data = responseData === undefined ? 'firstEntryJson' : responseData;
	if (data === 'noData') return undefined;
	if (data) return data;
	return result.webhookResponse ?? { message: 'Workflow was started' };
}
