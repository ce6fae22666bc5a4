/**
 * A TCP relay on loopback that adds a network's round trip: every chunk, in
 * either direction, is passed on half the round trip after it arrived, in
 * order. Connection set-up costs what a TCP handshake would: the client's
 * first bytes reach the other side no sooner than 1.5 round trips after it
 * connected (SYN, SYN-ACK, then the bytes' own one-way trip), so a new
 * connection followed by a TLS 1.3 handshake and a request costs 3 round
 * trips, and a request on a kept-alive connection 1.
 */
import net from 'node:net';

import { listenOnLoopback } from './listen.mjs';

/** Passes chunks (and the end) on at their due times, in order, with one timer. */
function delayedWriter(socket) {
	const queue = [];
	let timer;
	const flush = () => {
		timer = undefined;
		const now = performance.now();
		while (queue.length && queue[0].due <= now + 0.5) {
			const { chunk } = queue.shift();
			if (socket.destroyed) continue;
			if (chunk === null) socket.end();
			else socket.write(chunk);
		}
		if (queue.length) timer = setTimeout(flush, queue[0].due - now);
	};
	return {
		push(due, chunk) {
			queue.push({ due, chunk });
			if (!timer) timer = setTimeout(flush, Math.max(0, due - performance.now()));
		},
		cancel: () => clearTimeout(timer),
	};
}

export function startLatencyRelay({ rttMs, targetPort, host = '127.0.0.1' }) {
	const oneWay = rttMs / 2;
	const state = { connections: 0 };
	const sockets = new Set();
	const server = net.createServer((client) => {
		state.connections++;
		const connectedAt = performance.now();
		const upstream = net.connect(targetPort, host);
		for (const socket of [client, upstream]) {
			socket.setNoDelay(true);
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		}
		const toUpstream = delayedWriter(upstream);
		const toClient = delayedWriter(client);
		// client → server: one way, and never before the TCP handshake would have let the client send
		const upDue = () => Math.max(performance.now() + oneWay, connectedAt + rttMs + oneWay);
		const downDue = () => performance.now() + oneWay;
		client.on('data', (chunk) => toUpstream.push(upDue(), chunk));
		client.on('end', () => toUpstream.push(upDue(), null));
		upstream.on('data', (chunk) => toClient.push(downDue(), chunk));
		upstream.on('end', () => toClient.push(downDue(), null));
		const destroy = () => {
			toUpstream.cancel();
			toClient.cancel();
			client.destroy();
			upstream.destroy();
		};
		client.on('error', destroy);
		upstream.on('error', destroy);
		// a side that closes ends the other after what it sent has arrived
		client.on('close', () => toUpstream.push(upDue(), null));
		upstream.on('close', () => toClient.push(downDue(), null));
	});
	return listenOnLoopback(server, state, () => {
		for (const socket of sockets) socket.destroy();
	});
}
