/**
 * TLS in front of a plain-HTTP server (Soketi, the sink): terminates TLS with
 * the run's certificate and pipes the bytes to the server. It is the
 * server side of the round-trip model, so it counts what the server pays for:
 * TCP connections accepted, and TLS handshakes completed, full or resumed
 * (a client that caches its TLS session can resume it on a new connection).
 */
import net from 'node:net';
import tls from 'node:tls';

import { listenOnLoopback } from './listen.mjs';
import { splice } from './splice.mjs';

export function startTlsFront({ key, cert, targetPort, host = '127.0.0.1' }) {
	const state = { connections: 0, handshakes: 0, resumed: 0 };
	const sockets = new Set();
	const server = tls.createServer({ key, cert }, (secure) => {
		state.handshakes++;
		if (secure.isSessionReused()) state.resumed++;
		const upstream = net.connect(targetPort, host);
		upstream.setNoDelay(true);
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
		splice(secure, upstream);
	});
	server.on('connection', (socket) => {
		state.connections++;
		socket.setNoDelay(true);
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', () => {}); // a client that gives up mid-handshake
	return listenOnLoopback(server, state, () => {
		for (const socket of sockets) socket.destroy();
	});
}
