/**
 * The stack each end-to-end test file runs against: a real Soketi and a real
 * n8n (2.x, or 1.x when N8N_VERSION is a 1.x version: scripts/n8n/line.cjs
 * holds what differs) with this package installed from its npm tarball (packed once by
 * globalSetup.cjs), a `pusherApi` credential named as in the examples, pointing at that
 * Soketi, and the file's workflows imported and, when they have a trigger,
 * published (2.x) or activated (1.x).
 *
 *   const stack = await startStack({ workflows: [myWorkflow] });
 *   await stack.n8n.execute(stack.n8n.workflowId('My workflow'));
 *   await stack.stop();
 *
 * n8n's port is chosen before Soketi starts, so Soketi's webhooks can point
 * at n8n (`webhooks: (n8nBaseUrl) => [...]`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Pusher from 'pusher';

import { soketiCredentialData, startSoketi, type Soketi, type SoketiOptions, type SoketiWebhook } from '../helpers/soketi';

export { soketiCredentialData };

/* eslint-disable @typescript-eslint/no-require-imports */
export interface Workflow {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	/** Default: published when it has a trigger other than the manual one. */
	publish?: boolean;
}

export interface Execution {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
}

/** The n8n line under test (scripts/n8n/line.cjs). */
export interface N8nLine {
	/** 1 or 2 */
	readonly major: number;
	readonly version: string;
	/** The Node.js major n8n runs on by default. */
	readonly nodeMajor: number;
	/** The oldest Node.js major this line starts on. */
	readonly oldestNodeMajor: number;
	/** Whether its MCP Server Trigger records a failed tool call as an execution (1.x: no). */
	readonly recordsFailedToolCalls: boolean;
}

export interface N8n {
	readonly line: N8nLine;
	readonly baseUrl: string;
	/** n8n's process id (the leader of its process group). */
	readonly pid: number;
	readonly apiKey: string;
	/** The credentials created at start, as { id, name, type }. */
	readonly credentials: ReadonlyArray<{ id: string; name: string; type: string }>;
	/** The owner's session cookie, for the editor's REST API (`/rest/…`). */
	readonly cookie: string;
	readonly userFolder: string;
	readonly startupMs: number;
	api<T = any>(method: string, path: string, body?: unknown): Promise<T>;
	workflowId(name: string): string;
	webhookUrl(webhookPath: string): string;
	waitForWebhook(webhookPath: string, options?: { method?: string; timeoutMs?: number }): Promise<string>;
	executions(workflowId?: string, options?: { status?: string }): Promise<Execution[]>;
	execute(workflowId: string): Promise<{ data: Execution['data'] & object; status?: string }>;
	output(): string;
	stop(): Promise<void>;
}

const { startN8n } = require('../../scripts/n8n/server.cjs') as {
	startN8n(options: Record<string, unknown>): Promise<N8n>;
};
type Session = { baseUrl: string; cookie: string; api: N8n['api'] };
const lineHelpers = require('../../scripts/n8n/line.cjs') as N8nLine & {
	goLive(api: N8n['api'], workflowId: string): Promise<unknown>;
	updateCredential(session: Session, credential: { id: string; name: string; type: string }, data: Record<string, unknown>): Promise<unknown>;
};
/** The n8n line this run tests. */
export const line: N8nLine = lineHelpers;

/** Publishes (2.x) or activates (1.x) a workflow, as a user makes it live. */
export async function goLive(n8n: N8n, workflowId: string): Promise<unknown> {
	return await lineHelpers.goLive(n8n.api.bind(n8n), workflowId);
}

/** Replaces the data of a credential created at start (n8n 1.x's public API cannot). */
export async function updateCredential(n8n: N8n, name: string, data: Record<string, unknown>): Promise<void> {
	const credential = n8n.credentials.find((c) => c.name === name);
	if (!credential) throw new Error(`no credential named "${name}" was created (have: ${n8n.credentials.map((c) => c.name).join(', ')})`);
	await lineHelpers.updateCredential({ baseUrl: n8n.baseUrl, cookie: n8n.cookie, api: n8n.api.bind(n8n) }, credential, data);
}

const { installIntoUserFolder } = require('../../scripts/n8n/pack.cjs') as {
	installIntoUserFolder(userFolder: string, tarball: string): string;
};
const { freePort } = require('../../scripts/n8n/processes.cjs') as { freePort(): Promise<number> };
const { defaultOwner } = require('../../scripts/n8n/owner.cjs') as { defaultOwner(): Record<string, string> };


export const PACKAGE = 'n8n-nodes-pusher-channels';
export const NODE_TYPES = {
	pusher: `${PACKAGE}.pusher`,
	pusherTrigger: `${PACKAGE}.pusherWebhookTrigger`,
	pusherChannelTrigger: `${PACKAGE}.pusherChannelTrigger`,
} as const;

/** 32 bytes, base64: the credential's key for private-encrypted- channels. */
export const ENCRYPTION_MASTER_KEY = Buffer.from('n8n-nodes-pusher-channels e2e 32').toString('base64');
/** The name the example workflows (examples/*.json) use for their credential. */
export const CREDENTIAL_NAME = 'Pusher (local Soketi)';

export interface Stack {
	n8n: N8n;
	soketi: Soketi;
	/** The official server SDK, on the same app (and master key) as the credential. */
	sdk: Pusher;
	/** Stops n8n and starts it again on the same port and database (what n8n kept in memory is gone). */
	restartN8n(): Promise<void>;
	stop(): Promise<void>;
}

type ExtraCredential = { name: string; type: string; data: Record<string, unknown> };

export interface StackOptions {
	workflows: Workflow[];
	/**
	 * More credentials than the Pusher one, e.g. `{ name: 'JWT for pusher-js', type: 'jwtAuth', data }`,
	 * or a function of the stack's Soketi giving them.
	 */
	credentials?: ExtraCredential[] | ((soketi: Soketi) => ExtraCredential[]);
	/** Soketi's webhooks, given n8n's base URL. */
	webhooks?: (n8nBaseUrl: string) => SoketiWebhook[] | Promise<SoketiWebhook[]>;
	soketi?: SoketiOptions;
	/** The Node.js major n8n runs on (default: its line's). */
	nodeMajor?: number;
	/** Extra environment for n8n, e.g. N8N_WEBHOOK_URL or HTTP_PROXY. */
	env?: Record<string, string>;
}

function tarball(): string {
	const file = process.env.PUSHER_E2E_TARBALL;
	if (!file) throw new Error('PUSHER_E2E_TARBALL is not set: run through jest.e2e.config.js (npm run test:e2e)');
	return file;
}

export async function startStack({ workflows, credentials = [], webhooks, soketi: soketiOptions = {}, nodeMajor, env }: StackOptions): Promise<Stack> {
	const port = await freePort();
	const soketi = await startSoketi({ ...soketiOptions, webhooks: await webhooks?.(`http://127.0.0.1:${port}`) });
	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));
	const n8nOptions = {
		userFolder,
		port,
		// The same owner after a restart (n8n 1.x keeps the first one's password).
		owner: defaultOwner(),
		nodeMajor,
		credentials: [
			{ name: CREDENTIAL_NAME, type: 'pusherApi', data: soketiCredentialData(soketi, ENCRYPTION_MASTER_KEY) },
			...(typeof credentials === 'function' ? credentials(soketi) : credentials),
		],
		workflows,
		env,
	};
	let n8n: N8n;
	try {
		installIntoUserFolder(userFolder, tarball());
		n8n = await startN8n(n8nOptions);
		await assertLine(n8n);
	} catch (error) {
		await soketi.stop();
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	const sdk = new Pusher({ ...soketi.pusherOptions(), encryptionMasterKeyBase64: ENCRYPTION_MASTER_KEY });
	return {
		get n8n() {
			return n8n;
		},
		soketi,
		sdk,
		async restartN8n() {
			await n8n.stop();
			n8n = await startN8n({ ...n8nOptions, keepExistingWorkflows: true });
		},
		async stop() {
			await n8n.stop();
			await soketi.stop();
			// PUSHER_E2E_KEEP=1 keeps the user folder (database, n8n.log) to look at.
			if (!process.env.PUSHER_E2E_KEEP) rmSync(userFolder, { recursive: true, force: true });
			else console.error(`[e2e] kept ${userFolder}`);
		},
	};
}

/** The n8n that answers is the version this run tests (N8N_VERSION), so no line passes by testing another. */
async function assertLine(n8n: N8n): Promise<void> {
	const response = await fetch(`${n8n.baseUrl}/rest/settings`, { headers: { cookie: n8n.cookie } });
	const { versionCli } = ((await response.json()) as { data: { versionCli?: string } }).data;
	if (versionCli !== line.version) {
		await n8n.stop();
		throw new Error(`expected n8n ${line.version}, but the server says it is ${versionCli}`);
	}
}

/** examples/<name>.json, as users import it. */
export function exampleWorkflow(name: string): Workflow {
	return JSON.parse(readFileSync(path.resolve(__dirname, '../../examples', `${name}.json`), 'utf8')) as Workflow;
}

/** A node of this package, wired to the stack's credential. */
export function pusherNode(
	name: string,
	type: keyof typeof NODE_TYPES,
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		id: `${type}-${name}`.replace(/[^A-Za-z0-9-]/g, '-'),
		name,
		type: NODE_TYPES[type],
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { pusherApi: { id: 'soketi', name: CREDENTIAL_NAME } },
		...extra,
	};
}

/** Any other node. */
export function node(name: string, type: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
	return { id: name.replace(/[^A-Za-z0-9-]/g, '-'), name, type, typeVersion: 1, position: [0, 0], parameters, ...extra };
}

/** `main` connections from a list of [from, to] node names (output 0 → input 0). */
export function connect(...edges: Array<[string, string]>): Record<string, unknown> {
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	for (const [from, to] of edges) {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	}
	return connections;
}

/** The JSON of every item a node output in an execution (first output, all runs). */
export function nodeOutput(execution: { data?: Execution['data'] }, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName] ?? [];
	return runs.flatMap((run) => run.data?.main[0]?.map((item) => item.json) ?? []);
}

/**
 * Polls `read` until `done(value)` holds, then returns that value. Gives up
 * after `giveUpMs` (below the test timeout) with `what` and the last value, so
 * a failure says what was missing.
 */
export async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, giveUpMs = 150_000): Promise<T> {
	const deadline = Date.now() + giveUpMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; last seen: ${JSON.stringify(value).slice(0, 2000)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
