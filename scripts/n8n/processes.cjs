'use strict';
/**
 * Child processes that cannot outlive us: each runs as the leader of its own
 * process group (n8n starts task-runner children of its own), and stopping
 * signals the whole group: SIGTERM, then SIGKILL after a grace period, then
 * SIGKILL again for anything of the group that outlived its leader. Groups
 * still running when this process exits are killed by an exit hook.
 */
const { spawn } = require('node:child_process');
const { createWriteStream } = require('node:fs');
const http = require('node:http');
const net = require('node:net');

const OUTPUT_LIMIT = 512 * 1024;

/** Process-group ids still running, shared by every copy of this module in the process. */
const GROUPS = Symbol.for('n8n-nodes-pusher-channels.scripts.process-groups');
function liveGroups() {
	if (!process[GROUPS]) {
		const groups = new Set();
		process[GROUPS] = groups;
		process.once('exit', () => {
			for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
		});
	}
	return process[GROUPS];
}

function signalGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false; // already gone
	}
}

function groupAlive(pgid) {
	return signalGroup(pgid, 0);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `command args` in a new process group.
 * options: env, cwd, logFile (everything it writes is appended there), onOutput(chunk),
 *   uid/gid (run as that user, e.g. Postgres, which refuses to run as root)
 * Returns { pid, output(), exited (promise of {code, signal}), running(), stop(graceMs) }.
 */
function spawnGroup(command, args, { env, cwd, logFile, onOutput, uid, gid } = {}) {
	const child = spawn(command, args, { env, cwd, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const pgid = child.pid;
	if (pgid !== undefined) liveGroups().add(pgid);
	const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
	let output = '';
	const collect = (chunk) => {
		output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
		log?.write(chunk);
		onOutput?.(chunk);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);

	let exitStatus;
	const exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve((exitStatus = { code, signal })));
		child.once('error', (error) => resolve((exitStatus = { code: null, signal: null, error })));
	});

	let stopping;
	async function stop(graceMs = 15000) {
		stopping ??= (async () => {
			if (pgid === undefined) return;
			if (!exitStatus) {
				signalGroup(pgid, 'SIGTERM');
				const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			// Children of the leader (task runners) may still be shutting down.
			const deadline = Date.now() + graceMs;
			while (groupAlive(pgid) && Date.now() < deadline) await pause(100);
			signalGroup(pgid, 'SIGKILL');
			while (groupAlive(pgid)) await pause(50);
			liveGroups().delete(pgid);
			child.stdout.destroy();
			child.stderr.destroy();
			await new Promise((resolve) => (log ? log.end(resolve) : resolve()));
		})();
		return stopping;
	}

	return {
		pid: pgid,
		output: () => output,
		exited,
		running: () => pgid !== undefined && !exitStatus,
		exitStatus: () => exitStatus,
		stop,
	};
}

/** An unused 127.0.0.1 port (free when returned; nothing reserves it). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Distinct free ports. */
async function freePorts(count) {
	const ports = new Set();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

/** GET url once: resolves with the status code, or 0 when nothing answers. */
function httpStatus(url, { method = 'GET', timeoutMs = 2000 } = {}) {
	return new Promise((resolve) => {
		const req = http.request(url, { method, agent: false, timeout: timeoutMs }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
		req.end();
	});
}

/**
 * Polls until `check()` resolves truthy. Gives up when `alive()` turns false
 * (the process died: no point waiting) or after `timeoutMs`.
 */
async function waitUntil(check, { timeoutMs = 60000, intervalMs = 250, alive = () => true, what = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const result = await check();
		if (result) return result;
		if (!alive()) throw new Error(`gave up waiting for ${what}: the process exited`);
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
		await pause(intervalMs);
	}
}

module.exports = { spawnGroup, signalGroup, groupAlive, freePort, freePorts, httpStatus, waitUntil, pause };
