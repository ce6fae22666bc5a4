/**
 * Runs n8n's own community-package scanner (@n8n/scan-community-package) the
 * way its CLI does, without the CLI: the CLI only scans a package published to
 * npm with provenance, so this calls the function it calls, `analyzePackage`,
 * on the same two inputs, with the eslint plugin versions the scanner pins:
 * - the packed tarball (`npm pack`, what npm publishes), over `**\/*.js` and
 *   `package.json`;
 * - the sources, over its SOURCE_FILE_PATTERNS (package.json, nodes/ and
 *   credentials/).
 * Zero findings is the only pass. A planted violation must be found first, so a
 * scanner that silently checks nothing cannot pass either.
 *
 *   npm run scan
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const require = createRequire(import.meta.url);
const { buildAndPack } = require('./n8n/pack.cjs');

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];
const say = (message) => console.error(`[scan] ${message}`);

/** analyzePackage passes a directory with nothing to lint: that must not count as a pass here. */
async function scan(label, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	const checked = result.passed && result.message !== 'No files found to analyze';
	say(`${label}: ${checked ? 'no findings' : result.message ?? 'failed'}`);
	if (result.details) console.error(result.details);
	return checked;
}

/** A tiny package with one thing the scanner forbids (a timer); the scan must refuse it. */
async function scannerCatchesAViolation(scratch) {
	const dir = path.join(scratch, 'planted');
	mkdirSync(path.join(dir, 'nodes/Planted'), { recursive: true });
	writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'n8n-nodes-planted', version: '0.0.0', keywords: ['n8n-community-node-package'], n8n: { nodes: ['nodes/Planted/Planted.node.js'] } }),
	);
	writeFileSync(path.join(dir, 'nodes/Planted/Planted.node.js'), 'setTimeout(() => undefined, 1);\n');
	const result = await analyzePackage(dir, TARBALL_PATTERNS);
	const caught = !result.passed && /no-restricted-globals|setTimeout/.test(result.details ?? '');
	say(`planted violation: ${caught ? 'found, as it must be' : 'NOT found: the scanner checks nothing'}`);
	return caught;
}

async function main() {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'pusher-scan-'));
	try {
		if (!(await scannerCatchesAViolation(scratch))) return false;
		const tarball = buildAndPack({ destination: scratch, log: say });
		const unpacked = path.join(scratch, 'package');
		mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const packed = await scan(`tarball ${path.basename(tarball)} (${TARBALL_PATTERNS.join(', ')})`, unpacked, TARBALL_PATTERNS);
		const sources = await scan(`sources (${SOURCE_FILE_PATTERNS.join(', ')})`, repoRoot, SOURCE_FILE_PATTERNS);
		return packed && sources;
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

process.exitCode = (await main()) ? 0 : 1;
