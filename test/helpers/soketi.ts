/**
 * A real Soketi server (Pusher protocol: HTTP API + WebSockets) as a child
 * process on a free loopback port.
 *
 *   const soketi = await startSoketi();            // app-id / app-key / app-secret
 *   new Pusher(soketi.pusherOptions()).trigger(…)  // official SDK
 *   await soketi.stop();
 *
 * Soketi 1.6's uWebSockets build only has Node 16/18/20 binaries, so it runs
 * under Node 20 (`SOKETI_NODE`, set by scripts/setup.sh, else /usr/bin/node)
 * while the tests run under Node 24. It reads its configuration from `SOKETI_*`
 * environment variables only; each value that parses as JSON is used as that
 * JSON (so "true" is a boolean and "123" a number).
 *
 * No orphans: every instance runs in its own process group, which `stop()`
 * signals and waits for; instances a test file forgets are stopped in an
 * `afterAll` this module registers; and each Soketi watches the pipe on its
 * stdin, so it exits by itself when the test process dies, however it dies
 * (a process 'exit' hook would not do: inside jest's sandbox `process.on`
 * does not reach the real process).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, listenersOnPort } from './ports';

/** The `pusherApi` credential's data for a local Soketi; the demo and the e2e scripts build it the same way. */
export const { soketiCredentialData } = require('../../scripts/n8n/soketi.cjs') as {
	soketiCredentialData(
		soketi: { host: string; port: number; appId: string; key: string; secret: string },
		encryptionMasterKey?: string,
	): Record<string, string | number | boolean>;
};

export type SoketiWebhookEvent =
	| 'client_event'
	| 'channel_occupied'
	| 'channel_vacated'
	| 'member_added'
	| 'member_removed'
	| 'cache_miss';

export interface SoketiWebhook {
	url: string;
	event_types: Array<SoketiWebhookEvent | string>;
	/** Extra headers Soketi adds to each webhook request. */
	headers?: Record<string, string>;
	/** e.g. `{ channel_name_starts_with: 'private-' }` */
	filter?: Record<string, string>;
}

export interface SoketiOptions {
	appId?: string;
	key?: string;
	secret?: string;
	webhooks?: SoketiWebhook[];
	/** Soketi collects webhook events and sends them in one request per `webhookBatchMs`. */
	batchWebhooks?: boolean;
	webhookBatchMs?: number;
	/** Default true. */
	enableClientMessages?: boolean;
	/** Default true: connections must sign in (pusher-js `signin()`) within `userAuthenticationTimeoutMs`. */
	userAuthentication?: boolean;
	/** Soketi closes a connection that has not signed in by then (code 4009). Default 10 minutes. */
	userAuthenticationTimeoutMs?: number;
	/** Largest event `data` accepted, in KiB of UTF-8 (Soketi default 100; Pusher shared clusters: 10). Larger gets 413. */
	maxEventPayloadKb?: number;
	/** Events per /batch_events request (default 10). */
	maxBatchSize?: number;
	/** Channels per trigger (default 100). */
	maxChannelsAtOnce?: number;
	/** Event name length (default 200). */
	maxEventNameLength?: number;
	/** Channel name length (default 200). */
	maxChannelNameLength?: number;
	/** Presence members per channel (default 100). */
	maxPresenceMembers?: number;
	/** Presence `user_info` size in KiB (default 2). */
	maxPresenceMemberSizeKb?: number;
	/** Soketi logs every request, message and webhook to its output (see `output()`). */
	debug?: boolean;
	/** Any other `SOKETI_*` variables; applied last. */
	extraEnv?: Record<string, string>;
	/** How long to wait for `GET /` to answer 200. Default 20 s. */
	startTimeoutMs?: number;
}

export interface Soketi {
	readonly appId: string;
	readonly key: string;
	readonly secret: string;
	readonly host: '127.0.0.1';
	readonly port: number;
	/** `http://127.0.0.1:PORT`: HTTP API and WebSockets share this port. */
	readonly baseUrl: string;
	/** Soketi's second listener (/usage, /metrics); it always opens one. */
	readonly metricsPort: number;
	/** pid of the current Soketi process (changes on restart); undefined once stopped. */
	readonly pid: number | undefined;
	/** Options for the official server SDK: `new Pusher(soketi.pusherOptions())`. */
	pusherOptions(): { appId: string; key: string; secret: string; host: string; port: string; useTLS: false };
	/** Everything Soketi wrote to stdout and stderr so far (the last 256 KiB). */
	output(): string;
	/** Kills the process group and waits until the process is gone. Idempotent. */
	stop(): Promise<void>;
	/**
	 * A new Soketi process on the same port with the same configuration (and
	 * none of the old one's state: connections, channels, presence members).
	 * By default a rolling restart: the new process listens before the old one
	 * closes its connections with pusher:error 4200, so pusher-js clients
	 * reconnect at once (new socket ids). With `outage: true` the old process is
	 * gone before the new one starts; pusher-js then backs off and is back only
	 * after about 15 s (its 10 s unavailable timeout, then a retry).
	 */
	restart(opts?: { outage?: boolean }): Promise<void>;
}

const SOKETI_DIR = path.resolve(__dirname, '../tools/node_modules/@soketi/soketi');
const SOKETI_SERVER = path.join(SOKETI_DIR, 'bin/server.js');
const OUTPUT_LIMIT = 256 * 1024;
const running = new Set<SoketiProcess>();

function soketiNode(): string {
	return process.env.SOKETI_NODE || '/usr/bin/node';
}

/** Soketi JSON-parses every SOKETI_* value; app credentials must stay strings. */
function assertStaysString(name: string, value: string) {
	let parsed: unknown = value;
	try {
		parsed = JSON.parse(value);
	} catch {
		// not JSON: Soketi keeps the string
	}
	// numeric app ids are fine: Soketi turns integer ids back into strings
	const numericId = name === 'appId' && Number.isSafeInteger(parsed) && String(parsed) === value;
	if (typeof parsed !== 'string' && !numericId) {
		throw new Error(
			`startSoketi: ${name} ${JSON.stringify(value)} would reach Soketi as ${typeof parsed} ` +
				'(it JSON-parses every SOKETI_* variable); use a value that is not valid JSON, e.g. with a letter in it',
		);
	}
}

function buildEnv(port: number, metricsPort: number, app: { appId: string; key: string; secret: string }, opts: SoketiOptions) {
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: process.env.HOME ?? tmpdir(),
		NODE_ENV: 'production',
		SOKETI_HOST: '127.0.0.1',
		SOKETI_PORT: String(port),
		SOKETI_METRICS_HOST: '127.0.0.1',
		SOKETI_METRICS_SERVER_PORT: String(metricsPort),
		SOKETI_METRICS_ENABLED: 'false',
		SOKETI_SHUTDOWN_GRACE_PERIOD: '0',
		SOKETI_DEFAULT_APP_ID: app.appId,
		SOKETI_DEFAULT_APP_KEY: app.key,
		SOKETI_DEFAULT_APP_SECRET: app.secret,
		SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: String(opts.enableClientMessages ?? true),
		SOKETI_DEFAULT_APP_USER_AUTHENTICATION: String(opts.userAuthentication ?? true),
		SOKETI_USER_AUTHENTICATION_TIMEOUT: String(opts.userAuthenticationTimeoutMs ?? 600_000),
		SOKETI_DEFAULT_APP_WEBHOOKS: JSON.stringify(opts.webhooks ?? []),
		SOKETI_WEBHOOKS_BATCHING: String(opts.batchWebhooks ?? false),
		SOKETI_DEBUG: String(opts.debug ?? false),
	};
	const numeric: Array<[keyof SoketiOptions, string]> = [
		['webhookBatchMs', 'SOKETI_WEBHOOKS_BATCHING_DURATION'],
		['maxEventPayloadKb', 'SOKETI_EVENT_MAX_SIZE_IN_KB'],
		['maxBatchSize', 'SOKETI_EVENT_MAX_BATCH_SIZE'],
		['maxChannelsAtOnce', 'SOKETI_EVENT_MAX_CHANNELS_AT_ONCE'],
		['maxEventNameLength', 'SOKETI_EVENT_MAX_NAME_LENGTH'],
		['maxChannelNameLength', 'SOKETI_CHANNEL_LIMITS_MAX_NAME_LENGTH'],
		['maxPresenceMembers', 'SOKETI_PRESENCE_MAX_MEMBERS'],
		['maxPresenceMemberSizeKb', 'SOKETI_PRESENCE_MAX_MEMBER_SIZE'],
	];
	for (const [option, variable] of numeric) {
		if (opts[option] !== undefined) env[variable] = String(opts[option]);
	}
	return { ...env, ...opts.extraEnv };
}

/** GET / once; resolves with the status code, or 0 when nothing answers. */
function probe(port: number): Promise<number> {
	return new Promise((resolve) => {
		const req = httpGet({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 1000 }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
	try {
		process.kill(-pgid, signal);
	} catch {
		// group already gone
	}
}

/**
 * Runs Soketi's CLI in a Node process that ends itself (SIGTERM, then exit)
 * when its stdin reaches EOF, i.e. when the process that started it is gone.
 */
const WATCHDOG = `
const server = ${JSON.stringify(SOKETI_SERVER)};
process.stdin.on('end', () => {
	process.kill(process.pid, 'SIGTERM');
	setTimeout(() => process.exit(1), 3000).unref();
});
process.stdin.resume();
process.argv = [process.argv[0], server, 'start'];
require(server);
`;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class SoketiProcess {
	child: ChildProcess | undefined;
	private log = '';
	private exited: Promise<void> = Promise.resolve();

	constructor(
		readonly port: number,
		readonly metricsPort: number,
		readonly env: Record<string, string>,
		readonly startTimeoutMs: number,
		earlierOutput = '',
	) {
		this.log = earlierOutput;
	}

	output() {
		return this.log;
	}

	private append(chunk: Buffer) {
		this.log = (this.log + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
	}

	/** `exclusive`: fail unless this process is the port's only listener. */
	async start(exclusive = true): Promise<void> {
		if (!existsSync(SOKETI_SERVER)) {
			throw new Error(`Soketi is not installed at ${SOKETI_DIR}: run scripts/setup.sh (npm ci in test/tools)`);
		}
		// cwd: Soketi also reads a `.env` file from its working directory; its bin/ has none.
		const child = spawn(soketiNode(), ['-e', WATCHDOG], {
			cwd: path.dirname(SOKETI_SERVER),
			env: this.env,
			detached: true,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		this.child = child;
		running.add(this);
		child.stdout!.on('data', (chunk: Buffer) => this.append(chunk));
		child.stderr!.on('data', (chunk: Buffer) => this.append(chunk));
		let exitInfo: string | undefined;
		this.exited = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				exitInfo = `exited with ${signal ?? `code ${code}`}`;
				resolve();
			});
			child.once('error', (error) => {
				exitInfo = `could not start: ${error.message}`;
				resolve();
			});
		});

		const fail = async (why: string) => {
			await this.stop();
			throw new Error(`Soketi on port ${this.port} ${why}.\n--- soketi output ---\n${this.log}`);
		};
		// Up = it answers GET / and this process has a listening socket on the
		// port (another process sharing the port could be the one answering).
		const deadline = Date.now() + this.startTimeoutMs;
		while ((await probe(this.port)) !== 200 || listenersOnPort(this.port, child.pid!).ours === 0) {
			if (exitInfo) return await fail(exitInfo);
			if (Date.now() > deadline) return await fail(`did not answer GET / within ${this.startTimeoutMs} ms`);
			await pause(50);
		}
		if (exclusive) await this.assertOwnsPort();
	}

	/**
	 * uWebSockets binds with SO_REUSEPORT and does not report a failed bind, so
	 * a second listener on the port (another instance that picked the same
	 * free port) would silently share it.
	 */
	async assertOwnsPort() {
		const listeners = listenersOnPort(this.port, this.child?.pid ?? -1);
		if (listeners.ours === 0 || listeners.total !== 1) {
			await this.stop();
			throw new Error(`Soketi on port ${this.port} does not own the port (${listeners.total} listeners, ${listeners.ours} of them its own).\n--- soketi output ---\n${this.log}`);
		}
	}

	/**
	 * SIGTERM lets Soketi close its connections (pusher:error 4200, "reconnect
	 * shortly") and exit; SIGKILL follows if it is still there after 5 s.
	 */
	async stop(): Promise<void> {
		const child = this.child;
		if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
			const pgid = child.pid;
			signalGroup(pgid, 'SIGTERM');
			const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), 5000);
			await this.exited;
			clearTimeout(timer);
			// nothing of the group may survive its leader
			signalGroup(pgid, 'SIGKILL');
		}
		await this.exited;
		child?.stdin?.destroy();
		child?.stdout?.destroy();
		child?.stderr?.destroy();
		this.child = undefined;
		running.delete(this);
	}
}

export async function startSoketi(opts: SoketiOptions = {}): Promise<Soketi> {
	const app = { appId: opts.appId ?? 'app-id', key: opts.key ?? 'app-key', secret: opts.secret ?? 'app-secret' };
	assertStaysString('appId', app.appId);
	assertStaysString('key', app.key);
	assertStaysString('secret', app.secret);

	// A port can be taken between choosing and binding it; try a few times.
	let lastError: unknown;
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		let metricsPort = await freePort();
		while (metricsPort === port) metricsPort = await freePort();
		const proc = new SoketiProcess(port, metricsPort, buildEnv(port, metricsPort, app, opts), opts.startTimeoutMs ?? 20_000);
		try {
			await proc.start();
		} catch (error) {
			lastError = error;
			if (!String((error as Error).message).includes('does not own the port')) throw error;
			continue;
		}
		return handle(proc, app);
	}
	throw lastError;
}

function handle(first: SoketiProcess, app: { appId: string; key: string; secret: string }): Soketi {
	let proc = first;
	let stopped = false;
	return {
		...app,
		host: '127.0.0.1',
		port: first.port,
		baseUrl: `http://127.0.0.1:${first.port}`,
		metricsPort: first.metricsPort,
		get pid() {
			return proc.child?.pid;
		},
		pusherOptions: () => ({ ...app, host: '127.0.0.1', port: String(first.port), useTLS: false }),
		output: () => proc.output(),
		async stop() {
			stopped = true;
			await proc.stop();
		},
		async restart({ outage = false } = {}) {
			if (stopped) throw new Error('restart() after stop()');
			if (outage) {
				await proc.stop();
				await proc.start();
				return;
			}
			// rolling: the new process listens (SO_REUSEPORT) before the old one leaves
			const next = new SoketiProcess(proc.port, proc.metricsPort, proc.env, proc.startTimeoutMs, proc.output());
			await next.start(false);
			await proc.stop();
			proc = next;
			await proc.assertOwnsPort();
		},
	};
}

/** Stops every instance this process started and has not stopped yet. */
export async function stopAllSoketi(): Promise<void> {
	await Promise.all([...running].map(async (proc) => await proc.stop()));
}

if (typeof afterAll === 'function') afterAll(stopAllSoketi);
