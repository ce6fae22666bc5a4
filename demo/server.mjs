/**
 * The demo page's web server: loopback only, three fixed files, no directory
 * listing. `config` (Soketi's key and port, the auth endpoint's URL…) is served
 * as /config.json for the page to read. /token?user=Name stands in for an
 * app's login: it hands the page the session token (HS256 JWT, `sub` and
 * `name`) the published auth-endpoint workflow verifies. Local demo only.
 *
 *   const demo = await startDemoServer({ port, config, jwtSecret });
 *   await demo.close();
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

const FILES = {
	'/': { file: path.join(here, 'index.html'), type: 'text/html; charset=utf-8' },
	'/pusher.min.js': { file: path.join(repoRoot, 'node_modules/pusher-js/dist/web/pusher.min.js'), type: 'text/javascript' },
};

/** The demo's stand-in login: a session token for whoever asks (never do this outside a local demo). */
function demoToken(name, secret) {
	const sub = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'guest';
	const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub, name, iat: Math.floor(Date.now() / 1000) })}`;
	return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export async function startDemoServer({ port = 0, config, jwtSecret }) {
	const server = createServer(async (req, res) => {
		const { pathname } = new URL(req.url ?? '/', 'http://demo');
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405).end();
			return;
		}
		if (pathname === '/favicon.ico') {
			res.writeHead(204).end();
			return;
		}
		if (pathname === '/token') {
			const name = (new URL(req.url, 'http://demo').searchParams.get('user') ?? '').trim().slice(0, 40);
			res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ token: demoToken(name, jwtSecret) }));
			return;
		}
		if (pathname === '/config.json') {
			res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(config));
			return;
		}
		const entry = FILES[pathname];
		if (!entry) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
			return;
		}
		try {
			const body = await readFile(entry.file);
			res.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
		} catch (error) {
			res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error.message));
		}
	});
	const sockets = new Set();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		url: `http://127.0.0.1:${server.address().port}/`,
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
