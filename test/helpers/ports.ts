/**
 * Loopback port helpers shared by the test bed.
 *
 * `freePort()` asks the kernel for an unused 127.0.0.1 port. The port is free
 * when returned but nothing reserves it, so a child process that binds it later
 * must be checked with `listenersOnPort()`: Soketi's uWebSockets listens with
 * SO_REUSEPORT and does not report a failed bind, so two instances can end up
 * sharing one port silently.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Inodes of every TCP socket in LISTEN state on `port` (any address, IPv4 and IPv6). */
function listeningInodes(port: number): string[] {
	return tcpSocketInodes((local, _remote, state) => local === port && state === '0A');
}

/** Inodes of the TCP sockets (IPv4 and IPv6) whose local port, remote port and state (hex, e.g. 01 = ESTABLISHED) pass `filter`. */
function tcpSocketInodes(filter: (localPort: number, remotePort: number, state: string) => boolean): string[] {
	const inodes: string[] = [];
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10) continue;
			const localPort = parseInt(cols[1].split(':')[1], 16);
			const remotePort = parseInt(cols[2].split(':')[1], 16);
			if (filter(localPort, remotePort, cols[3])) inodes.push(cols[9]);
		}
	}
	return inodes;
}

function socketInodesOf(pid: number): Set<string> {
	const inodes = new Set<string>();
	let fds: string[] = [];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return inodes;
	}
	for (const fd of fds) {
		try {
			const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
			if (match) inodes.add(match[1]);
		} catch {
			// fd closed meanwhile
		}
	}
	return inodes;
}

/**
 * Who listens on `port`: `ours` counts the listening sockets owned by `pid`,
 * `total` all listening sockets on that port in this network namespace.
 */
export function listenersOnPort(port: number, pid: number): { ours: number; total: number } {
	const listening = listeningInodes(port);
	const owned = socketInodesOf(pid);
	return { ours: listening.filter((inode) => owned.has(inode)).length, total: listening.length };
}

/**
 * The processes on this machine with an established TCP connection to
 * `port`, one entry per connection: pid and process group id.
 */
export function connectionsToPort(port: number): Array<{ pid: number; pgid: number }> {
	const wanted = new Set(tcpSocketInodes((_local, remote, state) => remote === port && state === '01'));
	const found: Array<{ pid: number; pgid: number }> = [];
	if (wanted.size === 0) return found;
	for (const entry of readdirSync('/proc')) {
		const pid = Number(entry);
		if (!Number.isInteger(pid)) continue;
		const owned = socketInodesOf(pid);
		const count = [...owned].filter((inode) => wanted.has(inode)).length;
		if (count === 0) continue;
		let pgid = -1;
		try {
			// /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces
			pgid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2]);
		} catch {
			// the process ended meanwhile
		}
		for (let n = 0; n < count; n++) found.push({ pid, pgid });
	}
	return found;
}
