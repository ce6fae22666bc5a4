'use strict';
/**
 * Builds this package, packs it with `npm pack` (exactly what npm publishes),
 * and installs the tarball into an n8n user folder the way n8n's Community
 * Nodes installer does (n8n 2.41, CommunityPackagesService.downloadPackage):
 *
 *   <userFolder>/.n8n/nodes/package.json                 {"dependencies": {"<name>": "<version>"}}
 *   <userFolder>/.n8n/nodes/node_modules/<name>/...       the tarball's contents
 *
 * The installer extracts the tarball there, drops devDependencies,
 * peerDependencies and optionalDependencies from the copied package.json, and
 * runs `npm install --ignore-scripts --install-strategy=shallow` inside it for
 * the runtime dependencies. At start-up n8n loads every `n8n-nodes-*` directory
 * in that node_modules, so node types are `<name>.<node>`, e.g.
 * `n8n-nodes-pusher-channels.pusher`, as in users' workflows.
 */
const { execFileSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { repoRoot } = require('./paths.cjs');

function npm(args, cwd, { quiet = false } = {}) {
	return execFileSync('npm', args, {
		cwd,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
		env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
	});
}

/** `npm run build` (unless build: false), then `npm pack` into `destination`; returns the tarball's path. */
function buildAndPack({ destination = mkdtempSync(path.join(os.tmpdir(), 'pusher-pack-')), build = true, log = console.error } = {}) {
	if (build) {
		log('[pack] npm run build');
		npm(['run', 'build', '--silent'], repoRoot);
	}
	mkdirSync(destination, { recursive: true });
	const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', destination], repoRoot, { quiet: true }));
	const tarball = path.join(destination, packed[0].filename);
	log(`[pack] ${path.basename(tarball)}: ${packed[0].entryCount} files, ${Math.round(packed[0].size / 1024)} KiB`);
	return tarball;
}

/** Installs `tarball` into `<userFolder>/.n8n/nodes` as the Community Nodes installer would; returns the package directory. */
function installIntoUserFolder(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const staging = mkdtempSync(path.join(os.tmpdir(), 'pusher-unpack-'));
	try {
		execFileSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
		const manifestPath = path.join(staging, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8'));
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

		const packageDir = path.join(nodesDir, 'node_modules', manifest.name);
		rmSync(packageDir, { recursive: true, force: true });
		mkdirSync(path.dirname(packageDir), { recursive: true });
		execFileSync('cp', ['-a', `${staging}/.`, packageDir]);
		if (Object.keys(manifest.dependencies ?? {}).length > 0) {
			npm(
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				packageDir,
				{ quiet: true },
			);
		}

		const ledgerPath = path.join(nodesDir, 'package.json');
		const ledger = existsSync(ledgerPath)
			? JSON.parse(readFileSync(ledgerPath, 'utf8'))
			: { name: 'installed-nodes', private: true, dependencies: {} };
		ledger.dependencies = { ...ledger.dependencies, [manifest.name]: manifest.version };
		writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
		return packageDir;
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

module.exports = { buildAndPack, installIntoUserFolder };
