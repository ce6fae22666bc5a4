/**
 * CPU time and memory of other processes, from /proc (Linux): the CPU of a
 * whole process group (n8n and its task runner), and one process's RSS.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

function stat(pid) {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// the command name (2nd field) may contain spaces: split after its closing parenthesis
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return { pgrp: Number(fields[2]), utime: Number(fields[11]), stime: Number(fields[12]) };
	} catch {
		return undefined;
	}
}

/** user + system CPU µs of every live process in group `pgid` (10 ms resolution). */
export function groupCpuUs(pgid) {
	let ticks = 0;
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const s = stat(name);
		if (s?.pgrp === pgid) ticks += s.utime + s.stime;
	}
	return ticks * TICK_US;
}

/** Resident set size of `pid` in bytes (0 when it is gone). */
export function rssBytes(pid) {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}
