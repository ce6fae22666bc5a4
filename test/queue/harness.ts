/**
 * The stack each queue-mode test file runs against: a real Soketi, and n8n
 * 2.x in queue mode (scripts/n8n/queue.cjs): its own Postgres and Redis, one
 * main, two `n8n webhook` and two `n8n worker` processes, every one with this
 * package installed from its npm tarball (packed once by
 * test/e2e/globalSetup.cjs) and the `pusherApi` credential the examples name.
 *
 *   const stack = await startQueueStack({ workflows: [myWorkflow], webhooks: (urls) => [...] });
 *   await post(stack.webhookUrls('pusher/auth')[1], …);
 *   await stack.executionRows(stack.workflowId('My workflow'));     // from Postgres
 *   stack.workerOf(executionId);                                   // 'worker-1' | 'worker-2'
 *   await stack.stop();
 *
 * Who ran what is read from each process's log: a worker logs "Worker started
 * execution <id>", the process that queued it "Enqueued execution <id>".
 */
import { createHash } from 'node:crypto';

import Pusher from 'pusher';

import { startSoketi, type Soketi, type SoketiOptions, type SoketiWebhook } from '../helpers/soketi';
import { CREDENTIAL_NAME, ENCRYPTION_MASTER_KEY, eventually, soketiCredentialData, type Execution, type N8n, type Workflow } from '../e2e/harness';

/* eslint-disable @typescript-eslint/no-require-imports */
export interface N8nProcess {
	readonly name: string;
	readonly baseUrl: string;
	readonly port: number;
	readonly pid: number;
	output(): string;
	running(): boolean;
	webhookUrl(webhookPath: string): string;
	waitForWebhook(webhookPath: string, options?: { method?: string; timeoutMs?: number }): Promise<string>;
	kill(): Promise<void>;
	stop(): Promise<void>;
}

interface QueueMode {
	dir: string;
	main: N8n & { name: string; pid: number };
	webhooks: N8nProcess[];
	workers: N8nProcess[];
	postgres: {
		port: number;
		query(sql: string): Promise<string[][]>;
		lockTable(table: string, mode?: string): Promise<{ release(): Promise<void> }>;
		waitingOn(table: string): Promise<number>;
		stop(): Promise<void>;
	};
	redis: { port: number; command(...args: string[]): Promise<unknown> };
	processes(): Array<{ name: string; pid: number; output(): string }>;
	restartMain(): Promise<N8n>;
	stop(): Promise<void>;
}

const { startQueueMode } = require('../../scripts/n8n/queue.cjs') as {
	startQueueMode(options: Record<string, unknown>): Promise<QueueMode>;
};
const { freePorts } = require('../../scripts/n8n/processes.cjs') as { freePorts(count: number): Promise<number[]> };

export interface QueueStackOptions {
	workflows: Workflow[];
	/** Soketi's webhooks, given each webhook process's base URL. */
	webhooks?: (webhookBaseUrls: string[]) => SoketiWebhook[] | Promise<SoketiWebhook[]>;
	soketi?: SoketiOptions;
	/** More credentials besides the one on Soketi, given it and the queue's Redis server. */
	credentials?: (
		soketi: Soketi,
		redis: { port: number },
	) => Array<{ name: string; type: string; data: Record<string, unknown> }> | Promise<Array<{ name: string; type: string; data: Record<string, unknown> }>>;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
}

export interface QueueStack {
	queue: QueueMode;
	soketi: Soketi;
	/** The official server SDK, on the same app (and master key) as the credential. */
	sdk: Pusher;
	/** The main process as it is now (restartMain() replaces it). */
	readonly main: QueueMode['main'];
	workflowId(name: string): string;
	/** A production webhook's URL on every webhook process, once each serves it. */
	waitForWebhooks(webhookPath: string): Promise<string[]>;
	/** The workflow's executions as Postgres holds them, oldest first. */
	executionRows(workflowId: string): Promise<Array<{ id: string; status: string; mode: string }>>;
	/**
	 * Executions with their data, through the main's public API: at least every
	 * one Postgres already holds as finished (the API can lag behind the table).
	 */
	executions(workflowId: string): Promise<Execution[]>;
	/** Holds a table lock in Postgres until released (see scripts/n8n/postgres.cjs). */
	lockTable(table: string, mode?: string): Promise<{ release(): Promise<void> }>;
	/** Sessions waiting for a lock on `table`. */
	waitingOn(table: string): Promise<number>;
	/** Names of the processes that logged starting this execution as a worker. */
	ranOn(executionId: string): string[];
	/** Names of the processes that logged putting this execution on the queue. */
	enqueuedBy(executionId: string): string[];
	stop(): Promise<void>;
}

/**
 * The workflow with each node id longer than a UUID replaced by a UUID
 * derived from it. Postgres holds n8n's node ids in varchar(36) columns (the
 * editor makes UUIDs), where SQLite takes anything; the e2e helpers' readable
 * ids are longer. Exported workflows (examples/) keep theirs.
 */
function withUuidNodeIds(workflow: Workflow): Workflow {
	const uuid = (text: string) => {
		const hex = createHash('sha256').update(text).digest('hex');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	};
	const fits = (id: unknown) => typeof id === 'string' && id.length <= 36;
	return { ...workflow, nodes: workflow.nodes.map((n) => (fits(n.id) ? n : { ...n, id: uuid(`${workflow.name}/${String(n.id ?? n.name)}`) })) };
}

function tarball(): string {
	const file = process.env.PUSHER_E2E_TARBALL;
	if (!file) throw new Error('PUSHER_E2E_TARBALL is not set: run through jest.e2e.config.js (npm run test:e2e)');
	return file;
}

/** The processes whose output has a line containing `text` followed by a non-digit. */
function processesLogging(queue: QueueMode, text: string): string[] {
	const pattern = new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`);
	return queue
		.processes()
		.filter((p) => pattern.test(p.output()))
		.map((p) => p.name);
}

export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	const webhookPorts = await freePorts(2);
	const webhookBaseUrls = webhookPorts.map((port) => `http://127.0.0.1:${port}`);
	const soketi = await startSoketi({ ...options.soketi, webhooks: await options.webhooks?.(webhookBaseUrls) });
	const keep = Boolean(process.env.PUSHER_E2E_KEEP);
	let queue: QueueMode;
	try {
		queue = await startQueueMode({
			tarball: tarball(),
			webhookPorts,
			keep,
			env: options.env ?? {},
			credentials: async ({ redis }: { redis: { port: number } }) => [
				{ name: CREDENTIAL_NAME, type: 'pusherApi', data: soketiCredentialData(soketi, ENCRYPTION_MASTER_KEY) },
				...((await options.credentials?.(soketi, redis)) ?? []),
			],
			workflows: options.workflows.map(withUuidNodeIds),
		});
	} catch (error) {
		await soketi.stop();
		throw error;
	}
	const sdk = new Pusher({ ...soketi.pusherOptions(), encryptionMasterKeyBase64: ENCRYPTION_MASTER_KEY });
	const executionRows = async (workflowId: string) => {
		if (!/^\w+$/.test(workflowId)) throw new Error(`not a workflow id: ${workflowId}`);
		const rows = await queue.postgres.query(`select id, status, mode from execution_entity where "workflowId" = '${workflowId}' order by id`);
		return rows.map(([id, status, mode]) => ({ id, status, mode }));
	};
	return {
		queue,
		soketi,
		sdk,
		get main() {
			return queue.main;
		},
		workflowId: (name) => queue.main.workflowId(name),
		waitForWebhooks: async (webhookPath) => await Promise.all(queue.webhooks.map(async (w) => await w.waitForWebhook(webhookPath))),
		executionRows,
		async executions(workflowId) {
			const finished = (await executionRows(workflowId)).filter((row) => allFinished([row])).map((row) => row.id);
			return await eventually(
				`the API to list executions ${finished.join(', ')} with their data`,
				() => queue.main.executions(workflowId),
				(list) => finished.every((id) => list.some((e) => String(e.id) === id && e.data)),
				60_000,
			);
		},
		lockTable: async (table, mode) => await queue.postgres.lockTable(table, mode),
		waitingOn: async (table) => await queue.postgres.waitingOn(table),
		ranOn: (executionId) => processesLogging(queue, `Worker started execution ${executionId}`),
		enqueuedBy: (executionId) => processesLogging(queue, `Enqueued execution ${executionId}`),
		async stop() {
			await queue.stop();
			await soketi.stop();
			if (keep) console.error(`[queue e2e] kept ${queue.dir}`);
		},
	};
}

/** True when every row has finished (n8n's statuses while queued or running are new and running). */
export const allFinished = (rows: Array<{ status: string }>) => rows.every((row) => row.status !== 'new' && row.status !== 'running');
