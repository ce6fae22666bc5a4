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
const { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { repoRoot } = require('./paths.cjs');

/** Runs npm; on failure the error carries everything npm and its scripts printed. */
function npm(args, cwd) {
	try {
		return execFileSync('npm', args, {
			cwd,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
		});
	} catch (error) {
		throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
	}
}

/**
 * Copies the package's sources into a scratch directory, runs `npm run build`
 * and `npm pack` there, and returns the tarball's path. The sources are the
 * work tree's (files git tracks or would track), or those of commit `ref`
 * (e.g. 'HEAD') when given. Working on a copy keeps this independent of
 * whatever else runs in the work tree meanwhile (`npm test` starts with
 * `npm run clean`).
 */
function buildAndPack({ destination = mkdtempSync(path.join(os.tmpdir(), 'pusher-pack-')), ref, log = console.error } = {}) {
	const stage = mkdtempSync(path.join(os.tmpdir(), 'pusher-stage-'));
	try {
		if (ref) {
			execFileSync('sh', ['-c', `git archive "$1" | tar -x -C "$2"`, 'sh', ref, stage], { cwd: repoRoot });
		} else {
			const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
				.split('\0')
				.filter((file) => file && existsSync(path.join(repoRoot, file)));
			for (const file of files) cpSync(path.join(repoRoot, file), path.join(stage, file));
		}
		symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'));

		log(`[pack] npm run build (${ref ?? 'work tree'})`);
		npm(['run', 'build', '--silent'], stage);
		assertListedFilesBuilt(stage);
		mkdirSync(destination, { recursive: true });
		const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', destination], stage));
		const tarball = path.join(destination, packed[0].filename);
		log(`[pack] ${path.basename(tarball)}: ${packed[0].entryCount} files, ${Math.round(packed[0].size / 1024)} KiB`);
		return tarball;
	} finally {
		rmSync(stage, { recursive: true, force: true });
	}
}

/** n8n refuses the whole package when one file its `n8n` section lists is missing: say so here, clearly. */
function assertListedFilesBuilt(dir) {
	const { n8n = {} } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const missing = [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])].filter((file) => !existsSync(path.join(dir, file)));
	if (missing.length) {
		throw new Error(`package.json's "n8n" section lists files the build did not produce: ${missing.join(', ')} (n8n would fail to load the whole package)`);
	}
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
