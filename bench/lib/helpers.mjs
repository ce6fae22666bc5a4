/**
 * The test bed's helpers (Soketi child processes, n8n's engine in-process),
 * transpiled from test/helpers/*.ts into bench/results/.build/ (git-ignored)
 * so plain Node scripts can use them. Transpile only (typescript's
 * transpileModule, CommonJS): the sources are type-checked by `npm run typecheck`.
 */
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD = path.join(ROOT, 'bench/results/.build');
const require = createRequire(import.meta.url);

const SOURCES = [
	'test/helpers/ports.ts',
	'test/helpers/soketi.ts',
	'test/helpers/n8n/runtime.ts',
	'test/helpers/n8n/nodeTypes.ts',
	'test/helpers/n8n/credentialsHelper.ts',
	'test/helpers/n8n/additionalData.ts',
	'test/helpers/n8n/testNodes.ts',
	'test/helpers/n8n/workflow.ts',
];

/** Transpiles what changed; idempotent and quick. */
export function buildHelpers() {
	let ts;
	for (const source of SOURCES) {
		const from = path.join(ROOT, source);
		const to = path.join(BUILD, source.replace(/\.ts$/, '.js'));
		if (existsSync(to) && statSync(to).mtimeMs >= statSync(from).mtimeMs) continue;
		ts ??= require('typescript');
		const { outputText } = ts.transpileModule(readFileSync(from, 'utf8'), {
			fileName: from,
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
		});
		mkdirSync(path.dirname(to), { recursive: true });
		writeFileSync(`${to}.tmp`, outputText);
		// rename is atomic: a concurrent reader never sees half a file
		require('node:fs').renameSync(`${to}.tmp`, to);
	}
	// soketi.js finds Soketi at `${__dirname}/../tools/node_modules/…` and its
	// credential builder at `${__dirname}/../../scripts/n8n/soketi.cjs`.
	linkIntoBuild('test/tools');
	linkIntoBuild('scripts');
}

function linkIntoBuild(relative) {
	const link = path.join(BUILD, relative);
	if (existsSync(link)) return;
	try {
		symlinkSync(path.join(ROOT, relative), link, 'dir');
	} catch (error) {
		if (error.code !== 'EEXIST') throw error;
	}
}

export function loadHelper(relative) {
	return require(path.join(BUILD, relative));
}

export function requireDist(relative) {
	const file = path.join(ROOT, 'dist', relative);
	if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
	return require(file);
}
