'use strict';
/**
 * n8n in queue mode, the way self-hosters scale it out, all on loopback:
 * a Postgres cluster and a Redis of its own, one main process (`n8n start`:
 * editor, API, triggers with a trigger() method such as a WebSocket
 * listener), `webhooks` × `n8n webhook` (production webhooks) and `workers` ×
 * `n8n worker` (every production execution). Every process has its own port,
 * task-runner broker port and user folder (with this package installed from
 * `tarball`, as the Community Nodes installer does), and shares the database,
 * the queue and the encryption key. The main serves no production webhooks
 * (N8N_DISABLE_PRODUCTION_MAIN_PROCESS), as in n8n's recommended set-up.
 *
 *   const queue = await startQueueMode({ tarball, credentials, workflows });
 *   queue.webhooks[0].webhookUrl('pusher/auth');
 *   await queue.postgres.query('select count(*) from execution_entity');
 *   await queue.restartMain();
 *   await queue.stop();
 *
 * Ports can be given beforehand (`webhookPorts`), so that a service started
 * first (Soketi and its webhooks) can point at the webhook processes.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');

const { installIntoUserFolder } = require('./pack.cjs');
const { startPostgres } = require('./postgres.cjs');
const { freePorts } = require('./processes.cjs');
const { startRedis } = require('./redis.cjs');
const { startN8n } = require('./server.cjs');

/**
 * options:
 *   tarball       this package's npm tarball, installed into every process's user folder
 *   credentials, workflows   created (and published) through the main's API, before the other processes start;
 *                 credentials may be a function of { redis } (the queue's Redis server)
 *   webhooks      number of webhook processes (default 2); webhookPorts: their ports
 *   workers       number of workers (default 2); concurrency: each one's (default 10)
 *   env           extra environment for every process
 *   keep          keep the directory with every process's user folder and log (default: removed by stop())
 */
async function startQueueMode(options) {
	const { tarball, webhooks = 2, workers = 2, concurrency = 10, env = {} } = options;
	const webhookPorts = options.webhookPorts ?? (await freePorts(webhooks));
	const dir = mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	const queue = { dir, main: undefined, webhooks: [], workers: [], postgres: undefined, redis: undefined };

	const stopAll = async () => {
		// n8n first (they hold connections to both), then the queue and the database.
		await Promise.all([queue.main, ...queue.webhooks, ...queue.workers].filter(Boolean).map((p) => p.stop()));
		await Promise.all([queue.redis, queue.postgres].filter(Boolean).map((s) => s.stop()));
		if (!options.keep) rmSync(dir, { recursive: true, force: true });
	};

	try {
		[queue.postgres, queue.redis] = await Promise.all([
			startPostgres({ logFile: path.join(dir, 'postgres.log') }),
			startRedis({ logFile: path.join(dir, 'redis.log') }),
		]);
		const shared = {
			...queue.postgres.env,
			...queue.redis.env,
			EXECUTIONS_MODE: 'queue',
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			...env,
		};
		const encryptionKey = options.encryptionKey ?? randomBytes(24).toString('base64url');
		const userFolder = (name) => {
			const folder = path.join(dir, name);
			installIntoUserFolder(folder, tarball);
			return folder;
		};

		// Credentials may depend on the servers started here (a Redis credential for n8n's Redis node).
		const credentials = typeof options.credentials === 'function' ? await options.credentials({ redis: queue.redis }) : options.credentials;
		const provision = { credentials, workflows: options.workflows };
		let mainOptions = {
			userFolder: userFolder('main'),
			encryptionKey,
			env: shared,
		};
		queue.main = Object.assign(await startN8n({ ...mainOptions, ...provision }), { name: 'main' });
		mainOptions = { ...mainOptions, port: queue.main.port, owner: queue.main.owner };

		const others = [
			...webhookPorts.map((port, i) => ({ command: 'webhook', port, name: `webhook-${i + 1}` })),
			...Array.from({ length: workers }, (_, i) => ({ command: 'worker', name: `worker-${i + 1}`, concurrency })),
		];
		const processes = await Promise.allSettled(
			others.map(({ name, ...process }) => startN8n({ ...process, userFolder: userFolder(name), encryptionKey, env: shared })),
		);
		for (const [i, result] of processes.entries()) {
			if (result.status !== 'fulfilled') continue;
			const handle = Object.assign(result.value, { name: others[i].name });
			(others[i].command === 'webhook' ? queue.webhooks : queue.workers).push(handle);
		}
		const failed = processes.find((result) => result.status === 'rejected');
		if (failed) throw failed.reason;

		return Object.assign(queue, {
			encryptionKey,
			/** Every n8n process by name: main, webhook-1…, worker-1…. */
			processes: () => [queue.main, ...queue.webhooks, ...queue.workers],
			/**
			 * Stops the main process (SIGTERM, n8n's graceful shutdown) and starts
			 * a new one on the same port, database and user folder; the workflows
			 * it finds there are kept as they are (still published).
			 */
			async restartMain() {
				await queue.main.stop();
				queue.main = undefined;
				queue.main = Object.assign(await startN8n({ ...mainOptions, ...provision, keepExistingWorkflows: true }), { name: 'main' });
				return queue.main;
			},
			stop: stopAll,
		});
	} catch (error) {
		await stopAll();
		throw error;
	}
}

module.exports = { startQueueMode };
