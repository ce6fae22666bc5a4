'use strict';
/**
 * Soketi, the Pusher-protocol server the demo runs on, as a child process
 * (under Node 20: its uWebSockets build has no Node 24 binary) in its own
 * process group. The tests have a richer launcher in test/helpers/soketi.ts;
 * this one is for scripts.
 *
 *   const soketi = await startSoketi({ port, appId, key, secret, webhooks });
 *   await soketi.stop();
 *
 * Soketi reads only SOKETI_* variables and JSON-parses each value, so the app
 * id, key and secret must not be valid JSON (no bare numbers).
 */
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { soketiNode, soketiServer } = require('./paths.cjs');
const { spawnGroup, freePort, httpStatus, waitUntil } = require('./processes.cjs');

async function startSoketi({ port, appId = 'app-id', key = 'app-key', secret = 'app-secret', webhooks = [], logFile, onOutput } = {}) {
	if (!existsSync(soketiServer)) {
		throw new Error(`Soketi is not installed at ${soketiServer}: run bash scripts/setup.sh (npm ci in test/tools)`);
	}
	port ??= await freePort();
	let metricsPort = await freePort();
	while (metricsPort === port) metricsPort = await freePort();
	// An empty working directory: Soketi also reads a .env file from its cwd.
	const cwd = mkdtempSync(path.join(os.tmpdir(), 'soketi-'));
	const env = {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: process.env.HOME ?? os.tmpdir(),
		NODE_ENV: 'production',
		SOKETI_HOST: '127.0.0.1',
		SOKETI_PORT: String(port),
		SOKETI_METRICS_HOST: '127.0.0.1',
		SOKETI_METRICS_SERVER_PORT: String(metricsPort),
		SOKETI_METRICS_ENABLED: 'false',
		SOKETI_SHUTDOWN_GRACE_PERIOD: '0',
		SOKETI_DEFAULT_APP_ID: appId,
		SOKETI_DEFAULT_APP_KEY: key,
		SOKETI_DEFAULT_APP_SECRET: secret,
		SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: 'true',
		SOKETI_DEFAULT_APP_USER_AUTHENTICATION: 'true',
		SOKETI_USER_AUTHENTICATION_TIMEOUT: String(24 * 3600 * 1000),
		SOKETI_DEFAULT_APP_WEBHOOKS: JSON.stringify(webhooks),
	};
	const proc = spawnGroup(soketiNode(), [soketiServer, 'start'], { env, cwd, logFile, onOutput });
	const baseUrl = `http://127.0.0.1:${port}`;
	const stop = async () => {
		await proc.stop(5000);
		rmSync(cwd, { recursive: true, force: true });
	};
	try {
		await waitUntil(async () => (await httpStatus(`${baseUrl}/`)) === 200, {
			timeoutMs: 20_000,
			intervalMs: 100,
			alive: proc.running,
			what: `Soketi on ${baseUrl}`,
		});
	} catch (error) {
		await stop();
		error.message += `\n--- soketi output ---\n${proc.output().slice(-4096)}`;
		throw error;
	}
	return { appId, key, secret, host: '127.0.0.1', port, baseUrl, pid: proc.pid, output: proc.output, exited: proc.exited, stop };
}

/** The `pusherApi` credential's data for a Soketi on this machine (`startSoketi`'s result, or the tests' own). */
function soketiCredentialData(soketi, encryptionMasterKey) {
	return {
		connection: 'custom',
		host: soketi.host,
		port: soketi.port,
		useTLS: false,
		appId: soketi.appId,
		key: soketi.key,
		secret: soketi.secret,
		...(encryptionMasterKey ? { encryptionMasterKeySecret: encryptionMasterKey } : {}),
	};
}

module.exports = { startSoketi, soketiCredentialData };
