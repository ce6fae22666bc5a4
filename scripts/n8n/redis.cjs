'use strict';
/**
 * A throw-away Redis for n8n's queue (Bull): `redis-server` (Debian's
 * package; scripts/setup.sh installs it when absent) on 127.0.0.1 on a free
 * port, in memory only (no RDB or AOF files), in its own process group.
 *
 *   const redis = await startRedis();
 *   redis.env        // QUEUE_BULL_REDIS_HOST / _PORT for every n8n process
 *   await redis.command('ZRANGE', 'bull:jobs:failed', '0', '-1')   // ['12', …]
 *   await redis.stop();
 */
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { spawnGroup, freePort, waitUntil } = require('./processes.cjs');

function redisServer() {
	if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
	for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/bin', '/usr/sbin')) {
		const candidate = path.join(dir, 'redis-server');
		if (dir && existsSync(candidate)) return candidate;
	}
	throw new Error('redis-server is not installed: run bash scripts/setup.sh (it installs Debian\'s redis-server), or apt-get install -y redis-server');
}

/** Sends PING; resolves true when Redis answers +PONG. */
function ping(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('latin1');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/**
 * Sends one command and resolves with its reply: a string, a number, null, or
 * an array of those (RESP2; enough to look at Bull's keys).
 */
function command(port, ...args) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let buffer = Buffer.alloc(0);
		socket.setTimeout(5000, () => socket.destroy(new Error(`redis ${args[0]}: no reply`)));
		socket.on('error', reject);
		socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`));
		socket.on('data', (chunk) => {
			buffer = Buffer.concat([buffer, chunk]);
			const parsed = parseReply(buffer, 0);
			if (!parsed) return;
			socket.end();
			if (parsed.value instanceof Error) reject(parsed.value);
			else resolve(parsed.value);
		});
	});
}

/** One RESP2 reply at `offset`: { value, end }, or undefined when it is not complete yet. */
function parseReply(buffer, offset) {
	const lineEnd = buffer.indexOf('\r\n', offset);
	if (lineEnd < 0) return undefined;
	const type = String.fromCharCode(buffer[offset]);
	const line = buffer.toString('utf8', offset + 1, lineEnd);
	const next = lineEnd + 2;
	if (type === '+') return { value: line, end: next };
	if (type === '-') return { value: new Error(line), end: next };
	if (type === ':') return { value: Number(line), end: next };
	if (type === '$') {
		const length = Number(line);
		if (length < 0) return { value: null, end: next };
		if (buffer.length < next + length + 2) return undefined;
		return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
	}
	if (type === '*') {
		const count = Number(line);
		if (count < 0) return { value: null, end: next };
		const values = [];
		let at = next;
		for (let i = 0; i < count; i++) {
			const item = parseReply(buffer, at);
			if (!item) return undefined;
			values.push(item.value);
			at = item.end;
		}
		return { value: values, end: at };
	}
	throw new Error(`redis: unexpected reply type ${JSON.stringify(type)}`);
}

async function startRedis({ port, logFile, onOutput } = {}) {
	const server = redisServer();
	port ??= await freePort();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'n8n-redis-'));
	const proc = spawnGroup(
		server,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''],
		{ env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: dir, logFile, onOutput },
	);
	const stop = async () => {
		await proc.stop(5000);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntil(() => ping(port), { timeoutMs: 15_000, intervalMs: 100, alive: proc.running, what: `Redis on 127.0.0.1:${port}` });
	} catch (error) {
		await stop();
		error.message += `\n--- redis output ---\n${proc.output().slice(-4096)}`;
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		pid: proc.pid,
		output: proc.output,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		command: (...args) => command(port, ...args),
		stop,
	};
}

module.exports = { startRedis, redisServer };
