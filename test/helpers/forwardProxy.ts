/**
 * A forward HTTP proxy on loopback, as companies put in front of n8n, that
 * records everything it is asked to do:
 * - absolute-URI requests (`POST http://host:port/path`, how clients send
 *   plain-HTTP requests through a proxy), forwarded and answered;
 * - `CONNECT host:port` tunnels (HTTPS, and WebSockets from Node's own
 *   client), piped both ways;
 * - anything else (an origin-form request, an Upgrade), refused and recorded.
 *
 * It reaches only the hosts it is given (`hosts: { 'soketi.proxy.test':
 * 'http://127.0.0.1:6001' }`): a name that no DNS resolves, so a client that
 * bypassed the proxy could not reach the server at all. Requests for other
 * hosts are answered 502 and recorded with `forwarded: false`.
 *
 *   const proxy = await startForwardProxy({ hosts: { 'soketi.proxy.test': soketi.baseUrl } });
 *   // HTTP_PROXY=proxy.url
 *   proxy.requests   // [{ kind: 'http', method: 'POST', target: 'soketi.proxy.test:6001', path: '/apps/…', forwarded: true }, …]
 *   await proxy.close();
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface ProxiedRequest {
	kind: 'http' | 'connect' | 'refused';
	method: string;
	/** `host:port` asked for. */
	target: string;
	/** Path and query of an absolute-URI request; '' for a tunnel. */
	path: string;
	/** Whether it reached a known host. */
	forwarded: boolean;
	/** The answer's status (200 for an opened tunnel). */
	status?: number;
}

export interface ForwardProxy {
	readonly url: string;
	readonly port: number;
	readonly requests: ProxiedRequest[];
	/** The requests for `host` (any port). */
	to(host: string): ProxiedRequest[];
	close(): Promise<void>;
}

export interface ForwardProxyOptions {
	/** Host name (as clients ask for it, without port) → where it really is, e.g. http://127.0.0.1:6001. */
	hosts: Record<string, string>;
}

const hostOf = (target: string) => target.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');

export async function startForwardProxy({ hosts }: ForwardProxyOptions): Promise<ForwardProxy> {
	const requests: ProxiedRequest[] = [];
	const sockets = new Set<Socket>();
	const destination = (target: string) => {
		const real = hosts[hostOf(target).toLowerCase()];
		return real ? new URL(real) : undefined;
	};

	const server = createServer((req, res) => {
		let url: URL | undefined;
		try {
			url = /^https?:\/\//i.test(req.url ?? '') ? new URL(req.url!) : undefined;
		} catch {
			url = undefined;
		}
		if (!url) {
			requests.push({ kind: 'refused', method: req.method ?? '', target: req.headers.host ?? '', path: req.url ?? '', forwarded: false, status: 400 });
			res.writeHead(400, { 'content-type': 'text/plain' }).end('forwardProxy: send absolute-URI requests or CONNECT');
			return;
		}
		const record: ProxiedRequest = { kind: 'http', method: req.method ?? '', target: url.host, path: url.pathname + url.search, forwarded: false };
		requests.push(record);
		const real = destination(url.host);
		if (!real) {
			record.status = 502;
			res.writeHead(502, { 'content-type': 'text/plain' }).end(`forwardProxy: no route to ${url.host}`);
			return;
		}
		record.forwarded = true;
		const headers = { ...req.headers };
		delete headers['proxy-connection'];
		delete headers['proxy-authorization'];
		const upstream = httpRequest(
			{ host: real.hostname, port: real.port, method: req.method, path: record.path, headers, agent: false },
			(upRes: IncomingMessage) => {
				record.status = upRes.statusCode;
				res.writeHead(upRes.statusCode ?? 502, upRes.headers);
				upRes.pipe(res);
			},
		);
		upstream.on('error', (error) => {
			record.status = 502;
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`forwardProxy: ${error.message}`);
		});
		req.pipe(upstream);
	});

	server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
		const target = req.url ?? '';
		const record: ProxiedRequest = { kind: 'connect', method: 'CONNECT', target, path: '', forwarded: false };
		requests.push(record);
		const real = destination(target);
		if (!real) {
			record.status = 502;
			client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
			return;
		}
		const upstream = connect({ host: real.hostname, port: Number(real.port) }, () => {
			record.forwarded = true;
			record.status = 200;
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});

	server.on('upgrade', (req: IncomingMessage, client: Socket) => {
		requests.push({ kind: 'refused', method: req.method ?? '', target: req.headers.host ?? '', path: req.url ?? '', forwarded: false, status: 501 });
		client.end('HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\n\r\n');
	});

	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		to: (host) => requests.filter((r) => hostOf(r.target).toLowerCase() === host.toLowerCase()),
		async close() {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await closed;
		},
	};
}
