#!/usr/bin/env node
/**
 * npm run dev: this package in a real n8n 2.x, next to a local Soketi, with the
 * example workflows and a live demo page.
 *
 *  1. installs n8n into the cache if needed (scripts/n8n/install.sh, ~5 min once)
 *  2. builds and packs the package, installs the tarball into .dev/n8n the way
 *     n8n's Community Nodes installer does
 *  3. starts Soketi (app-id / app-key / a generated secret) with its webhooks
 *     pointed at the example Pusher Trigger
 *  4. starts n8n (SQLite in .dev/n8n), owner from .dev/settings.json, the
 *     credential "Pusher (local Soketi)" and examples/*.json imported, those
 *     with a trigger published
 *  5. serves demo/index.html, which shows events arriving and joins a presence
 *     channel through the auth-endpoint workflow (examples/auth-endpoint.json as
 *     published: JWT-protected; the demo server stands in for an app's login
 *     and hands the page a token, and the workflow's allowed origin is set to
 *     the demo page's)
 *
 * Everything generated once (owner password, Soketi secret, encryption master
 * key, n8n's encryption key) is kept in .dev/settings.json; the second run
 * reuses it, the user folder and its workflows (examples are only imported
 * when no workflow has their name). Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

import { startDemoServer } from '../demo/server.mjs';

const require = createRequire(import.meta.url);
const { repoRoot, installScript } = require('./n8n/paths.cjs');
const { freePort } = require('./n8n/processes.cjs');
const { buildAndPack, installIntoUserFolder } = require('./n8n/pack.cjs');
const { startSoketi, soketiCredentialData } = require('./n8n/soketi.cjs');
const { startN8n } = require('./n8n/server.cjs');
const { randomPassword } = require('./n8n/owner.cjs');

const devDir = path.join(repoRoot, '.dev');
const userFolder = path.join(devDir, 'n8n');
const settingsFile = path.join(devDir, 'settings.json');
const CREDENTIAL_NAME = 'Pusher (local Soketi)';
const AUTH_PATH = 'pusher/auth';
const JWT_CREDENTIAL_NAME = 'JWT for pusher-js';
const TRIGGER_WEBHOOK_PATH = 'pusher-events/webhook';

const say = (message) => console.log(`[dev] ${message}`);

/** Generated on the first run, then kept. */
function loadSettings() {
	mkdirSync(devDir, { recursive: true });
	if (existsSync(settingsFile)) {
		const kept = JSON.parse(readFileSync(settingsFile, 'utf8'));
		if (kept.jwtSecret) return kept;
		// .dev/ from before the auth endpoint needed a token
		kept.jwtSecret = randomBytes(32).toString('base64url');
		writeFileSync(settingsFile, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
		return kept;
	}
	const settings = {
		owner: { email: 'owner@example.com', password: randomPassword(), firstName: 'Demo', lastName: 'Owner' },
		n8nEncryptionKey: randomBytes(24).toString('base64url'),
		// Soketi JSON-parses its variables: keep these from looking like numbers.
		soketi: { appId: 'app-id', key: 'app-key', secret: `secret-${randomBytes(16).toString('hex')}` },
		encryptionMasterKey: randomBytes(32).toString('base64'),
		jwtSecret: randomBytes(32).toString('base64url'),
		ports: { n8n: 5678, soketi: 6001, demo: 8080 },
	};
	writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
	return settings;
}

/** `preferred` when nothing listens there, else any free port. */
async function portOr(preferred) {
	const free = await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? preferred : await freePort();
}

/** examples/*.json, with the auth endpoint's allowed origin set to the demo page's. */
function exampleWorkflows(demoOrigin) {
	const dir = path.join(repoRoot, 'examples');
	const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
	return files.map((file) => {
		const workflow = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
		for (const node of workflow.nodes) {
			if (node.type === 'n8n-nodes-base.webhook' && node.parameters?.path === AUTH_PATH) node.parameters.options.allowedOrigins = demoOrigin;
		}
		return workflow;
	});
}

const running = [];
let stopping;
async function stopAll(code) {
	stopping ??= (async () => {
		say('stopping…');
		for (const service of running.reverse()) {
			try {
				await service.stop();
			} catch (error) {
				console.error(`[dev] while stopping: ${error.message}`);
			}
		}
		process.exit(code);
	})();
	return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));

async function main() {
	const settings = loadSettings();

	say('checking the n8n installation');
	execFileSync('bash', [installScript], { stdio: ['ignore', 'ignore', 'inherit'] });

	const tarball = buildAndPack({ destination: path.join(devDir, 'pack'), log: say });
	installIntoUserFolder(userFolder, tarball);
	say(`installed ${path.basename(tarball)} into ${path.relative(repoRoot, userFolder)}/.n8n/nodes`);

	const n8nPort = await portOr(settings.ports.n8n);
	const demoPort = await portOr(settings.ports.demo);
	const n8nUrl = `http://127.0.0.1:${n8nPort}`;
	const soketi = await startSoketi({
		port: await portOr(settings.ports.soketi),
		...settings.soketi,
		webhooks: [
			{
				url: `${n8nUrl}/webhook/${TRIGGER_WEBHOOK_PATH}`,
				event_types: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event'],
			},
		],
		logFile: path.join(devDir, 'soketi.log'),
	});
	running.push(soketi);
	say(`Soketi on ${soketi.baseUrl} (app ${soketi.appId}, key ${soketi.key})`);

	say('starting n8n (20-45 s; output in .dev/n8n/n8n.log)');
	const n8n = await startN8n({
		userFolder,
		port: n8nPort,
		owner: settings.owner,
		encryptionKey: settings.n8nEncryptionKey,
		credentials: [
			{
				name: CREDENTIAL_NAME,
				type: 'pusherApi',
				data: soketiCredentialData(soketi, settings.encryptionMasterKey),
			},
			{
				name: JWT_CREDENTIAL_NAME,
				type: 'jwtAuth',
				data: { keyType: 'passphrase', secret: settings.jwtSecret, algorithm: 'HS256' },
			},
		],
		workflows: exampleWorkflows(`http://127.0.0.1:${demoPort}`),
		keepExistingWorkflows: true,
	});
	running.push(n8n);
	for (const workflow of n8n.workflows) say(`workflow "${workflow.name}"${workflow.published ? ' (published)' : ''}`);

	const authEndpoint = n8n.webhookUrl(AUTH_PATH);
	const demo = await startDemoServer({
		port: demoPort,
		jwtSecret: settings.jwtSecret,
		config: {
			key: soketi.key,
			wsHost: soketi.host,
			wsPort: soketi.port,
			authEndpoint,
			presenceChannel: 'presence-lobby',
			channels: ['orders', 'admin', 'demo'],
			editorUrl: n8nUrl,
			formUrl: `${n8nUrl}/form/order-form`,
		},
	});
	running.push({ stop: () => demo.close() });

	console.log(`
  n8n editor   ${n8nUrl}
  login        ${settings.owner.email} / ${settings.owner.password}
  demo page    ${demo.url}
  auth webhook ${authEndpoint}
  order form   ${n8nUrl}/form/order-form
  Soketi       ${soketi.baseUrl}  app-id=${soketi.appId} key=${soketi.key} secret in .dev/settings.json

  Ctrl-C stops everything.
`);

	// If n8n or Soketi dies on its own, take the rest down too.
	const died = await Promise.race([
		n8n.exited.then(() => 'n8n'),
		soketi.exited.then(() => 'Soketi'),
	]);
	if (!stopping) {
		console.error(`[dev] ${died} exited unexpectedly; see .dev/${died === 'n8n' ? 'n8n/n8n.log' : 'soketi.log'}`);
		await stopAll(1);
	}
}

main().catch(async (error) => {
	console.error(`[dev] ${error.stack ?? error.message}`);
	await stopAll(1);
});
