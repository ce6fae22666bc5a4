/**
 * Once per jest run: make sure the n8n under test (N8N_VERSION, default 2.41.1)
 * is installed (scripts/n8n/install.sh is idempotent and quick when it is) and
 * Chromium for the editor tests (scripts/browser/install.sh, apt-get when it
 * is missing), then build and pack this package. The tarball's path reaches
 * the test files through PUSHER_E2E_TARBALL.
 *   PUSHER_E2E_TARBALL=<file.tgz>  test that tarball instead (e.g. one from the registry)
 *   PUSHER_E2E_REF=HEAD            pack the last commit instead of the work tree
 */
const { execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { installScript, n8nVersion, repoRoot, soketiServer } = require('../../scripts/n8n/paths.cjs');
const { buildAndPack } = require('../../scripts/n8n/pack.cjs');

module.exports = async function globalSetup() {
	const started = Date.now();
	execFileSync('bash', [installScript, n8nVersion], { stdio: ['ignore', 'ignore', 'inherit'] });
	// Chromium for the editor tests (test/editor/): installed with apt-get when missing.
	// Should that fail, only those tests fail, with the reason.
	try {
		execFileSync('bash', [path.join(repoRoot, 'scripts/browser/install.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
	} catch (error) {
		process.env.PUSHER_E2E_CHROMIUM_ERROR = `Chromium is missing and could not be installed: ${error.message.split('\n')[0]}`;
	}
	if (!existsSync(soketiServer)) throw new Error(`Soketi is missing (${soketiServer}): run bash scripts/setup.sh`);
	if (process.env.PUSHER_E2E_TARBALL) {
		process.env.PUSHER_E2E_TARBALL = path.resolve(process.env.PUSHER_E2E_TARBALL);
		if (!existsSync(process.env.PUSHER_E2E_TARBALL)) throw new Error(`PUSHER_E2E_TARBALL: no such file ${process.env.PUSHER_E2E_TARBALL}`);
	} else {
		const destination = mkdtempSync(path.join(os.tmpdir(), 'pusher-e2e-pack-'));
		try {
			process.env.PUSHER_E2E_TARBALL = buildAndPack({ destination, ref: process.env.PUSHER_E2E_REF || undefined });
		} catch (error) {
			rmSync(destination, { recursive: true, force: true });
			throw error;
		}
		process.env.PUSHER_E2E_PACK_DIR = destination;
	}
	console.error(`[e2e] n8n ${n8nVersion} installed, package packed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
};
