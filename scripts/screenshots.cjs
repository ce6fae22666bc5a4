#!/usr/bin/env node
'use strict';
/**
 * Regenerates the README's screenshots of the REAL n8n editor:
 *
 *   docs/images/credential.png       the Pusher API credential form
 *   docs/images/pusher-node.png      the Pusher node, Event → Trigger, open in the editor
 *   docs/images/pusher-trigger.png   the Pusher Trigger with its webhook URLs
 *   docs/images/execution.png        a manual run: the Pusher node's output
 *
 *   node scripts/screenshots.cjs            (npm run screenshots)
 *
 * It builds and packs this package, installs the tarball into a scratch n8n
 * user folder as the Community Nodes installer does (scripts/n8n/pack.cjs),
 * starts Soketi and n8n 2.x (scripts/n8n/), creates a `pusherApi` credential
 * pointing at that Soketi and two workflows, and drives the editor with
 * playwright-core in the system's Chromium. Everything it starts is stopped
 * at the end, and the scratch folder removed.
 *
 * Needs: n8n installed in the cache (bash scripts/n8n/install.sh), Soketi
 * (bash scripts/setup.sh), Node 24, and Chromium at /usr/bin/chromium
 * (Debian/Ubuntu: apt-get install -y chromium; or set CHROMIUM=/path/to/chrome).
 * No browser is downloaded. Only loopback network is used.
 *
 * The steps of each screenshot are in scripts/screenshots/shots.cjs.
 *
 * Options:
 *   --only=credential,execution   take only these (of: credential, pusher-node, pusher-trigger, execution)
 *   --hold                        afterwards keep n8n, Soketi and the browser running (prints the
 *                                 URL and login): `kill -USR2 <pid>` retakes the screenshots with
 *                                 shots.cjs reloaded, for working on it; Ctrl-C stops everything
 *   SCREENSHOTS_DEBUG=1           also save a PNG of the whole viewport at each step, and keep the
 *                                 scratch folder (n8n.log, soketi.log) in $TMPDIR/pusher-screenshots-*
 * A screenshot that fails leaves failed-<name>.png and the logs in the kept scratch folder, and the
 * exit code is 1.
 */
const { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { repoRoot } = require('./n8n/paths.cjs');
const { buildAndPack, installIntoUserFolder } = require('./n8n/pack.cjs');
const { startSoketi, soketiCredentialData } = require('./n8n/soketi.cjs');
const { startN8n } = require('./n8n/server.cjs');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT_DIR = path.join(repoRoot, 'docs/images');
const VIEWPORT = { width: 1280, height: 800 };
const CREDENTIAL_NAME = 'Pusher (local Soketi)';
const PUBLIC_URL = 'https://n8n.example.com/';
const SHOTS = ['credential', 'pusher-node', 'pusher-trigger', 'execution'];

const args = process.argv.slice(2);
const hold = args.includes('--hold');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : SHOTS;
const debug = Boolean(process.env.SCREENSHOTS_DEBUG);
const unknown = only.filter((name) => !SHOTS.includes(name));
if (unknown.length) {
	console.error(`unknown screenshot ${unknown.join(', ')}: choose from ${SHOTS.join(', ')}`);
	process.exit(2);
}

const log = (...parts) => console.error('[screenshots]', ...parts);

// ---------------------------------------------------------------- workflows

const MANUAL = 'When clicking ‘Execute workflow’';
const ORDER = 'New order';
const PUSHER = 'Push to dashboard';

/** Manual trigger → a sample order → Pusher: Event → Trigger on "orders". */
const orderWorkflow = {
	name: 'Orders to a live dashboard',
	nodes: [
		{ id: 'manual', name: MANUAL, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'order',
			name: ORDER,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [240, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{ id: 'customer', name: 'customer', type: 'string', value: 'Ada Lovelace' },
						{ id: 'amount', name: 'amount', type: 'number', value: 42.5 },
						{ id: 'orderId', name: 'orderId', type: 'string', value: 'A-1024' },
					],
				},
				options: {},
			},
		},
		{
			id: 'pusher',
			name: PUSHER,
			type: 'n8n-nodes-pusher-channels.pusher',
			typeVersion: 1,
			position: [480, 0],
			parameters: {
				resource: 'event',
				operation: 'trigger',
				channels: ['orders', 'private-staff'],
				eventName: 'order-created',
				dataMode: 'json',
				dataJson: '={{ { orderId: $json.orderId, customer: $json.customer, amount: $json.amount } }}',
			},
			credentials: { pusherApi: { id: 'soketi', name: CREDENTIAL_NAME } },
		},
	],
	connections: {
		[MANUAL]: { main: [[{ node: ORDER, type: 'main', index: 0 }]] },
		[ORDER]: { main: [[{ node: PUSHER, type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	publish: false,
};

// ------------------------------------------------------------------ browser

function loadPlaywright() {
	try {
		return require(path.join(repoRoot, 'node_modules/playwright-core'));
	} catch {
		throw new Error('playwright-core is missing: run npm ci (it is a devDependency)');
	}
}

/** Fails early, before anything is built or started, when the browser is missing. */
function assertBrowser() {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`no Chromium at ${CHROMIUM}: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM=/path/to/chrome; no browser is downloaded`);
	}
	loadPlaywright();
}

async function launchBrowser(userDataDir) {
	const { chromium } = loadPlaywright();
	return await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'UTC',
		colorScheme: 'light',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-quic',
			'--no-first-run',
		],
	});
}

/** Logs the browser in with the session n8n's REST login gave the scripts. */
async function authenticate(context, n8n) {
	const [name, value] = n8n.cookie.split(/=(.*)/s);
	await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
}

/** Takes the screenshots `only` names, each on its own; returns the names of those that failed. */
async function takeAll(ctx, { reload = false } = {}) {
	const shotsPath = require.resolve('./screenshots/shots.cjs');
	if (reload) delete require.cache[shotsPath];
	const shots = require(shotsPath);
	const failures = [];
	for (const name of SHOTS.filter((s) => only.includes(s))) {
		try {
			log(`taking ${name}`);
			await shots[name](ctx);
			const file = ctx.out(name);
			log(`wrote ${path.relative(repoRoot, file)} (${Math.round(statSync(file).size / 1024)} KiB)`);
		} catch (error) {
			failures.push(name);
			log(`FAILED ${name}: ${error.stack ?? error}`);
			await ctx.page.screenshot({ path: path.join(ctx.scratch, `failed-${name}.png`) }).catch(() => {});
		}
	}
	return failures;
}

// --------------------------------------------------------------------- main

async function main() {
	assertBrowser();
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'pusher-screenshots-'));
	const userFolder = path.join(scratch, 'n8n');
	const stops = [];
	let keepScratch = debug;
	try {
		const tarball = buildAndPack({ destination: scratch, log });
		installIntoUserFolder(userFolder, tarball);

		const soketi = await startSoketi({ logFile: path.join(scratch, 'soketi.log') });
		stops.push(soketi.stop);
		log(`Soketi on ${soketi.baseUrl}`);

		const webhookExample = require(path.join(repoRoot, 'examples/webhook-to-chat.json'));
		log('starting n8n (about a minute)');
		const n8n = await startN8n({
			userFolder,
			credentials: [
				{
					name: CREDENTIAL_NAME,
					type: 'pusherApi',
					data: soketiCredentialData(soketi),
				},
			],
			workflows: [orderWorkflow, webhookExample],
			// The public URL n8n shows webhooks under, as on a deployed instance
			// (n8n still listens on 127.0.0.1; nothing here calls that URL).
			env: { N8N_WEBHOOK_URL: PUBLIC_URL },
		});
		stops.push(n8n.stop);
		log(`n8n on ${n8n.baseUrl}`);

		const browser = await launchBrowser(path.join(scratch, 'chromium'));
		stops.push(() => browser.close());
		await authenticate(browser, n8n);
		const page = browser.pages()[0] ?? (await browser.newPage());

		const ctx = {
			page,
			n8n,
			scratch,
			debug,
			log,
			out: (name) => path.join(OUT_DIR, `${name}.png`),
			publicUrl: PUBLIC_URL,
			credentialId: n8n.credentials[0].id,
			orderWorkflowId: n8n.workflowId(orderWorkflow.name),
			webhookWorkflowId: n8n.workflowId(webhookExample.name),
		};
		mkdirSync(OUT_DIR, { recursive: true });
		const failures = await takeAll(ctx);
		if (failures.length) keepScratch = true;
		if (hold) {
			log(`holding: ${n8n.baseUrl}  login ${n8n.owner.email} / ${n8n.owner.password}`);
			log(`kill -USR2 ${process.pid} retakes the screenshots with scripts/screenshots/shots.cjs reloaded; Ctrl-C stops`);
			const retake = () => takeAll(ctx, { reload: true }).catch((e) => log(e.stack));
			process.on('SIGUSR2', retake);
			await new Promise((resolve) => {
				process.once('SIGINT', resolve);
				process.once('SIGTERM', resolve);
			});
			process.off('SIGUSR2', retake);
		}
		if (failures.length) {
			process.exitCode = 1;
			log(`failed: ${failures.join(', ')}; logs and a screenshot of each failure in ${scratch}`);
		}
	} finally {
		for (const stop of stops.reverse()) await Promise.resolve().then(stop).catch((e) => log(`stopping: ${e.message}`));
		if (!keepScratch) rmSync(scratch, { recursive: true, force: true });
		else log(`kept ${scratch}`);
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error.stack ?? error);
		process.exit(1);
	});
}
