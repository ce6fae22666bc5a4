'use strict';
/**
 * A real n8n server (2.x, or 1.x with N8N_VERSION=1.…: see line.cjs for what
 * differs) for the demo and the end-to-end tests.
 *
 *   const n8n = await startN8n({ userFolder, credentials, workflows });
 *   await n8n.api('GET', '/executions?includeData=true');   // public API
 *   await n8n.stop();
 *
 * startN8n: n8n (installed by scripts/n8n/install.sh) runs under its line's Node in its
 * own process group with SQLite in `<userFolder>/.n8n`, listening on
 * 127.0.0.1 with free ports for the editor/webhooks and the task-runner broker
 * (its default 5679 collides with a second n8n). The owner comes from the
 * environment (1.x: is set up once /healthz answers); then it logs in, mints an API key, creates the
 * credentials and workflows and publishes those with a trigger.
 * Whatever this package should provide must already be installed in the user
 * folder (scripts/n8n/pack.cjs).
 *
 * Queue mode's other processes (scripts/n8n/queue.cjs) start the same way with
 * `command: 'webhook'` or `'worker'`: ready once their /healthz/readiness
 * answers (a worker's on its own health server, on `port`), with no editor,
 * so nothing is set up through the API.
 */
const { existsSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const { n8nMain, n8nInstalledMarker, installScript, nodeBinary, n8nVersion } = require('./paths.cjs');
const { spawnGroup, signalGroup, freePorts, httpStatus, waitUntil } = require('./processes.cjs');
const { defaultOwner } = require('./owner.cjs');
const line = require('./line.cjs');
const { login, createApiKey, publicApi, listAll } = require('./client.cjs');
const { upsertCredentials, importWorkflows } = require('./provision.cjs');

/**
 * Variables inherited from the caller's environment that would change how n8n
 * behaves. Jest sets NODE_ENV=test, and n8n refuses to load nodes "in tests".
 */
const isN8nVariable = (name) =>
	/^(N8N_|DB_|WEBHOOK_URL$|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_ENV$|JEST_)/.test(name);

function n8nEnv({ userFolder, port, brokerPort, owner, encryptionKey, nodeMajor, env }) {
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !isN8nVariable(name)));
	const baseUrl = `http://127.0.0.1:${port}`;
	return {
		...inherited,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...(encryptionKey ? { N8N_ENCRYPTION_KEY: encryptionKey } : {}),
		...line.lineEnv(owner, nodeMajor),
		...env,
	};
}

function assertInstalled() {
	if (!existsSync(n8nInstalledMarker)) {
		throw new Error(`n8n ${n8nVersion} is not installed: run bash ${installScript} ${n8nVersion} (a few minutes, once)`);
	}
}

/**
 * options:
 *   userFolder   required; n8n keeps `.n8n/` (database, config, nodes) in it
 *   port         editor/webhook port (default: a free one)
 *   owner        { email, password, firstName, lastName } (default: owner@example.com, random password)
 *   encryptionKey  default: the one n8n generated in `<userFolder>/.n8n/config` on its first start
 *   credentials  [{ name, type, data }] created, or updated when the name exists
 *   workflows    editor-exported workflow JSON; those with a trigger are published unless `publish: false`
 *   keepExistingWorkflows  leave workflows whose name exists alone (the demo's second run)
 *   nodeMajor    the Node.js n8n runs on (default: its line's, line.cjs)
 *   env          extra environment for n8n
 *   onOutput     called with each chunk n8n writes (default: only kept, and written to <userFolder>/n8n.log)
 *   startTimeoutMs  default 180 s
 *   command      'start' (default), or queue mode's 'webhook' / 'worker' (see processCommand)
 *   concurrency  a worker's parallel executions (default 10)
 */
async function startN8n(options) {
	assertInstalled();
	const { userFolder, owner = defaultOwner(), encryptionKey, env = {}, onOutput, startTimeoutMs = 180_000 } = options;
	const nodeMajor = options.nodeMajor ?? line.nodeMajor;
	const node = nodeBinary(nodeMajor);
	mkdirSync(userFolder, { recursive: true });
	const [freeWeb, brokerPort, cliBrokerPort] = await freePorts(3);
	const port = options.port ?? freeWeb;
	const baseUrl = `http://127.0.0.1:${port}`;
	const { args, env: commandEnv } = processCommand(options, port);
	const environment = n8nEnv({ userFolder, port, brokerPort, owner, encryptionKey, nodeMajor, env: { ...commandEnv, ...env } });

	const proc = spawnGroup(node, [n8nMain, ...args], {
		env: environment,
		cwd: userFolder,
		logFile: path.join(userFolder, 'n8n.log'),
		onOutput,
	});
	const started = Date.now();
	try {
		// 1.x answers /healthz/readiness once migrated, before its REST API is mounted.
		// Webhook and worker processes serve no REST API.
		const ready = async () =>
			(await httpStatus(`${baseUrl}/healthz/readiness`)) === 200 &&
			(args[0] !== 'start' || (await httpStatus(`${baseUrl}/rest/settings`)) === 200);
		await waitUntil(ready, {
			timeoutMs: startTimeoutMs,
			intervalMs: 500,
			alive: proc.running,
			what: `n8n on ${baseUrl} to answer /healthz/readiness and /rest/settings`,
		});
	} catch (error) {
		await proc.stop();
		const status = proc.exitStatus();
		if (status) error.message += ` (${status.signal ?? `exit code ${status.code}`}${status.error ? `: ${status.error.message}` : ''})`;
		error.message += `\n--- n8n output (last 8 KiB) ---\n${proc.output().slice(-8192)}`;
		throw error;
	}
	const startupMs = Date.now() - started;
	if (args[0] !== 'start') return processHandle({ proc, node, baseUrl, port, userFolder, startupMs });

	let handle;
	try {
		await line.setUpOwner(baseUrl, owner);
		const cookie = await login(baseUrl, owner);
		const apiKey = await createApiKey(baseUrl, cookie);
		const api = publicApi(baseUrl, apiKey);
		const credentials = await upsertCredentials({ baseUrl, cookie, api }, options.credentials ?? []);
		const workflows = await importWorkflows(api, options.workflows ?? [], credentials, {
			keepExisting: options.keepExistingWorkflows,
		});
		handle = makeHandle({ proc, node, baseUrl, port, userFolder, owner, cookie, apiKey, api, credentials, workflows, startupMs });
		handle.cliEnv = { ...environment, N8N_RUNNERS_BROKER_PORT: String(cliBrokerPort) };
	} catch (error) {
		await proc.stop();
		error.message += `\n--- n8n output (last 8 KiB) ---\n${proc.output().slice(-8192)}`;
		throw error;
	}
	return handle;
}

/**
 * The n8n command line for `options.command`. A worker serves no editor: its
 * health server (QUEUE_HEALTH_CHECK_*) listens on `port` instead, so it can be
 * waited for like the others.
 */
function processCommand({ command = 'start', concurrency = 10 }, port) {
	if (command === 'start' || command === 'webhook') return { args: [command], env: {} };
	if (command === 'worker') {
		return {
			args: ['worker', `--concurrency=${concurrency}`],
			env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
		};
	}
	throw new Error(`startN8n: command must be start, webhook or worker, not ${JSON.stringify(command)}`);
}

/**
 * A webhook or worker process: the main's handle without what needs the API
 * (a webhook process serves production webhooks, so `waitForWebhook` works
 * there), plus `kill()`.
 */
function processHandle({ proc, node, baseUrl, port, userFolder, startupMs }) {
	const { webhookUrl, waitForWebhook, stop, ...rest } = makeHandle({ proc, node, baseUrl, port, userFolder, startupMs, workflows: [] });
	return {
		baseUrl,
		port,
		pid: rest.pid,
		userFolder,
		startupMs,
		output: rest.output,
		exited: rest.exited,
		running: proc.running,
		webhookUrl,
		waitForWebhook,
		stop,
		/** SIGKILL to the whole process group at once: a crash, not a shutdown. */
		async kill() {
			signalGroup(proc.pid, 'SIGKILL');
			await proc.stop(0);
		},
	};
}

function makeHandle({ proc, node, baseUrl, port, userFolder, owner, cookie, apiKey, api, credentials, workflows, startupMs }) {
	const handle = {
		/** The n8n line (line.cjs): `major`, `version`, `goLive`, … */
		line,
		/** The Node.js binary n8n runs on. */
		node,
		baseUrl,
		port,
		pid: proc.pid,
		userFolder,
		owner,
		cookie,
		apiKey,
		api,
		credentials,
		workflows,
		startupMs,
		output: proc.output,
		/** Resolves with { code, signal } when the n8n process ends. */
		exited: proc.exited,

		/** The id of the workflow imported under this name. */
		workflowId(name) {
			const found = workflows.find((w) => w.name === name);
			if (!found) throw new Error(`no workflow named "${name}" was imported (have: ${workflows.map((w) => w.name).join(', ')})`);
			return found.id;
		},

		/** Production URL of a webhook: `/webhook/<path>`, e.g. `<webhookId>/webhook` for a trigger node. */
		webhookUrl(webhookPath) {
			return `${baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
		},

		/**
		 * Waits until n8n serves the production webhook at `webhookPath` (it is
		 * registered shortly after publishing). Probes with a CORS preflight,
		 * which never starts an execution: n8n answers it 204 once the webhook
		 * exists, and with an error (404 or 500 in 2.41) before.
		 */
		async waitForWebhook(webhookPath, { method = 'POST', timeoutMs = 60_000 } = {}) {
			const url = handle.webhookUrl(webhookPath);
			await waitUntil(
				async () => {
					const response = await fetch(url, {
						method: 'OPTIONS',
						headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
					}).catch(() => undefined);
					return response?.status === 204;
				},
				{ timeoutMs, alive: proc.running, what: `webhook ${url}` },
			);
			return url;
		},

		/** Executions of a workflow with their data, newest first. */
		async executions(workflowId, { status } = {}) {
			const query = new URLSearchParams({ includeData: 'true', ...(workflowId ? { workflowId } : {}), ...(status ? { status } : {}) });
			return await listAll(api, `/executions?${query}`);
		},

		/**
		 * Runs a workflow once from its manual trigger with `n8n execute`, a
		 * second n8n process on the same database (its own task-runner broker
		 * port). Resolves with the run's data (`IRun`); rejects when it failed.
		 */
		async execute(workflowId) {
			return await runCli(['execute', `--id=${workflowId}`, '--rawOutput'], handle.cliEnv, userFolder, node);
		},

		/** SIGTERM to n8n's process group (n8n and its task runners), SIGKILL after 15 s. */
		async stop() {
			await proc.stop(15_000);
		},
	};
	return handle;
}

/** Runs an n8n CLI command in its own process group; resolves with the JSON it printed last. */
async function runCli(args, env, cwd, node = nodeBinary(line.nodeMajor)) {
	const proc = spawnGroup(node, [n8nMain, ...args], { env, cwd });
	const { code, signal } = await proc.exited;
	await proc.stop();
	const output = proc.output();
	const json = lastJsonDocument(output);
	if (code !== 0 || json === undefined) {
		throw new Error(`n8n ${args.join(' ')} ${signal ? `was killed by ${signal}` : `exited with ${code}`}\n${output.slice(-8192)}`);
	}
	return json;
}

/** `n8n execute --rawOutput` prints log lines, then the run as pretty JSON starting at a line "{". */
function lastJsonDocument(output) {
	const lines = output.split('\n');
	for (let start = lines.length - 1; start >= 0; start--) {
		if (lines[start] !== '{') continue;
		const candidate = lines.slice(start).join('\n');
		const end = candidate.lastIndexOf('}');
		try {
			return JSON.parse(candidate.slice(0, end + 1));
		} catch {
			// not the start of the document
		}
	}
	return undefined;
}

module.exports = { startN8n, runCli };
