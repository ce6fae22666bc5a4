/**
 * The benchmark's child processes (bench/worker.mjs, bench/micro.mjs): each
 * runs with this Node, prints one JSON line last, and is killed when it
 * overruns or when the run is stopped (`killChildren`).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ROOT } from './helpers.mjs';

const children = new Set();

export function killChildren() {
	for (const child of children) child.kill('SIGKILL');
	children.clear();
}

/** Runs `bench/<script> args…`; resolves with its last stdout line, parsed. `env`: added to this process's environment. */
export function runChild(script, args, { timeoutMs = 600_000, env } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--max-old-space-size=4096', path.join(ROOT, 'bench', script), ...args], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: env ? { ...process.env, ...env } : process.env,
		});
		children.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			const line = stdout.trim().split('\n').pop();
			if (code === 0 && line) {
				try {
					return resolve(JSON.parse(line));
				} catch {
					// fall through
				}
			}
			reject(new Error(`${script} ${args.join(' ').slice(0, 200)} ended with ${signal ?? `code ${code}`}\n${stderr.slice(-3000)}`));
		});
	});
}
