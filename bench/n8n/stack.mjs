/**
 * A real n8n 2.x server for the benchmarks, set up as the e2e suite sets up
 * its own (scripts/n8n/*.cjs): this package packed with `npm pack` and
 * installed into a fresh user folder the way the Community Nodes installer
 * does, a `pusherApi` credential, an `httpHeaderAuth` credential for n8n's own
 * Webhook node, and the given workflows, published. Soketi runs beside it,
 * behind an event counter (bench/lib/eventCounter.mjs) that the credential
 * and the Code nodes point at, so every event that reaches Soketi is counted.
 *
 * The Code node's `require('pusher')`: n8n 2.41 runs Code nodes in a task
 * runner, a child process whose environment n8n builds from a short list
 * (task-runner-process-js.js) that includes NODE_PATH and
 * NODE_FUNCTION_ALLOW_EXTERNAL. The runner's require() resolves from n8n's
 * own node_modules, where there is no `pusher`, and then from NODE_PATH. So
 * NODE_PATH is a bench-owned folder holding only a link to this repository's
 * `pusher` devDependency: the shared n8n install is not touched. The runner is
 * started as `node` from PATH, so Node 24's directory goes first on it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { BUILD, ROOT, buildHelpers, loadHelper } from '../lib/helpers.mjs';
import { startEventCounter } from '../lib/eventCounter.mjs';

const require = createRequire(import.meta.url);
const { startN8n } = require('../../scripts/n8n/server.cjs');
const { buildAndPack, installIntoUserFolder } = require('../../scripts/n8n/pack.cjs');
const { installScript, node24 } = require('../../scripts/n8n/paths.cjs');

export const APP = { appId: 'bench-app', key: 'bench-key', secret: 'bench-secret' };
export const PUSHER_CREDENTIAL = 'Pusher (bench)';
export const HEADER_CREDENTIAL = 'Header auth (bench)';
export const HEADER_AUTH = { name: 'X-Bench-Auth', value: 'bench-header-secret' };

/** Installs n8n when it is missing (idempotent, quick when installed), then packs this package once. */
export function packPackage(log) {
	require('node:child_process').execFileSync('bash', [installScript], { stdio: ['ignore', 'ignore', 'inherit'] });
	const destination = path.join(ROOT, 'bench/results/.pack');
	rmSync(destination, { recursive: true, force: true });
	return buildAndPack({ destination, log: (message) => log(message.replace(/^\[pack\] /, 'pack: ')) });
}

/** The folder NODE_PATH points at: node_modules/pusher → this repository's pusher. */
function codeNodeModules() {
	const dir = path.join(BUILD, 'code-node/node_modules');
	mkdirSync(dir, { recursive: true });
	const link = path.join(dir, 'pusher');
	if (!existsSync(link)) symlinkSync(path.join(ROOT, 'node_modules/pusher'), link, 'dir');
	return dir;
}

/**
 * workflows(ctx): the workflows to import, given ctx = { counterPort, app }.
 * env: extra n8n environment (e.g. the expression engine, for a diagnostic).
 */
export async function startBenchN8n({ tarball, workflows, env = {}, log }) {
	buildHelpers();
	const { startSoketi } = loadHelper('test/helpers/soketi.js');
	const soketi = await startSoketi({ ...APP, userAuthentication: false });
	const counter = await startEventCounter({ port: soketi.port });
	const userFolder = mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	const stopSide = async () => {
		await counter.close();
		await soketi.stop();
		rmSync(userFolder, { recursive: true, force: true });
	};
	let n8n;
	try {
		installIntoUserFolder(userFolder, tarball);
		const started = Date.now();
		n8n = await startN8n({
			userFolder,
			credentials: [
				{
					name: PUSHER_CREDENTIAL,
					type: 'pusherApi',
					data: { connection: 'custom', host: '127.0.0.1', port: counter.port, useTLS: false, ...APP },
				},
				{ name: HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: HEADER_AUTH },
			],
			workflows: workflows({ counterPort: counter.port, app: APP }),
			env: {
				PATH: `${path.dirname(node24())}:${process.env.PATH}`,
				NODE_PATH: codeNodeModules(),
				NODE_FUNCTION_ALLOW_EXTERNAL: 'pusher',
				...env,
			},
		});
		log(`n8n up in ${((Date.now() - started) / 1000).toFixed(0)} s (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ') || 'default settings'})`);
	} catch (error) {
		await stopSide();
		throw error;
	}
	return {
		n8n,
		soketi,
		counter,
		async stop() {
			await n8n.stop();
			await stopSide();
		},
	};
}
