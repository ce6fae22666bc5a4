/**
 * An HTTP proxy in front of Soketi that counts what reaches it: TCP
 * connections, requests, and the events of each request Soketi accepted
 * (one per channel of an /events request, one per entry of /batch_events).
 * Soketi 1.6 answers its errors with status 200 and `{"error":…}`, so an
 * answer counts as accepted only when it is 200 without an "error" key.
 * Upstream it keeps its connections alive, so it adds no handshakes of its own.
 * WebSocket upgrades (the Channel Trigger's connection) are passed through as
 * they are, byte for byte.
 */
import http from 'node:http';
import net from 'node:net';

import { listenOnLoopback } from './listen.mjs';
import { splice } from './splice.mjs';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function eventsIn(url, body) {
	try {
		const parsed = JSON.parse(body.toString('utf8'));
		if (/\/batch_events(\?|$)/.test(url)) return Array.isArray(parsed.batch) ? parsed.batch.length : 0;
		if (/\/events(\?|$)/.test(url)) return Array.isArray(parsed.channels) ? parsed.channels.length : parsed.channel ? 1 : 0;
	} catch {
		// not an event request
	}
	return 0;
}

const endToEnd = (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));

export function startEventCounter({ host = '127.0.0.1', port }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
	const state = { connections: 0, requests: 0, events: 0, failed: 0 };
	const server = http.createServer((req, res) => {
		state.requests++;
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const upstream = http.request({ host, port, method: req.method, path: req.url, headers: endToEnd(req.headers), agent }, (upRes) => {
				const out = [];
				upRes.on('data', (chunk) => out.push(chunk));
				upRes.on('end', () => {
					const answer = Buffer.concat(out);
					if (upRes.statusCode === 200 && !answer.includes('"error"')) state.events += eventsIn(req.url, body);
					else state.failed++;
					res.writeHead(upRes.statusCode, { ...endToEnd(upRes.headers), 'content-length': answer.length });
					res.end(answer);
				});
			});
			upstream.on('error', (error) => {
				state.failed++;
				res.writeHead(502, { 'content-type': 'text/plain' });
				res.end(`event counter: ${error.message}`);
			});
			upstream.end(body);
		});
	});
	server.on('connection', () => state.connections++);
	server.on('upgrade', (req, socket, head) => {
		const upstream = net.connect(port, host, () => {
			const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
			for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
			upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
			upstream.write(head);
			splice(socket, upstream);
		});
		upstream.on('error', () => socket.destroy());
	});
	server.keepAliveTimeout = 60_000;
	return listenOnLoopback(server, state, () => {
		agent.destroy();
		server.closeAllConnections?.();
	});
}
