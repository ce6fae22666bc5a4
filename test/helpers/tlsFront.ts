/**
 * TLS in front of a plain-TCP server (Soketi), under a host name of our
 * choosing, with a certificate from a throw-away CA made by `openssl` — what
 * Pusher's own https:// and wss:// endpoints look like to a client. Clients
 * trust it through `caFile` (NODE_EXTRA_CA_CERTS for a Node process).
 *
 *   const front = await startTlsFront({ name: 'soketi-tls.proxy.test', target: soketi.baseUrl });
 *   // https://soketi-tls.proxy.test:<front.port>, NODE_EXTRA_CA_CERTS=front.caFile
 *   await front.close();
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:tls';

export interface TlsFront {
	readonly name: string;
	readonly port: number;
	/** The CA certificate (PEM file) that signed the server's certificate. */
	readonly caFile: string;
	/** TLS connections accepted so far. */
	readonly connections: number;
	close(): Promise<void>;
}

/** A CA, and a certificate for `name` signed by it; returns the directory and file paths. */
function makeCertificates(name: string) {
	const dir = mkdtempSync(path.join(tmpdir(), 'tls-front-'));
	const file = (f: string) => path.join(dir, f);
	const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=n8n-nodes-pusher-channels test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
	openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${name}`);
	writeFileSync(file('server.ext'), `subjectAltName=DNS:${name}\nextendedKeyUsage=serverAuth\n`);
	openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
		'-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'));
	return { dir, caFile: file('ca.pem'), key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')) };
}

/** `target`: where connections go (a URL, or a function giving it when a connection comes in). */
export async function startTlsFront({ name, target }: { name: string; target: string | (() => string) }): Promise<TlsFront> {
	const { dir, caFile, key, cert } = makeCertificates(name);
	const sockets = new Set<Socket>();
	let connections = 0;
	const server = createServer({ key, cert }, (client) => {
		connections++;
		const upstream = new URL(typeof target === 'function' ? target() : target);
		const backend = connect({ host: upstream.hostname, port: Number(upstream.port) });
		for (const socket of [client, backend]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		}
		client.pipe(backend).pipe(client);
		backend.on('error', () => client.destroy());
		client.on('error', () => backend.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	return {
		name,
		port: typeof address === 'object' && address ? address.port : 0,
		caFile,
		get connections() {
			return connections;
		},
		async close() {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await closed;
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
