/**
 * A loopback server that answers like Pusher Beams' documented publish and
 * user APIs, and records every request, for the node's engine tests, the
 * differential tests (the official SDK and the node both talk to it) and the
 * end-to-end tests (the credential's Endpoint points at it).
 *
 *   const beams = await startBeamsServer();
 *   // credential: { instanceId: beams.instanceId, secretKey: beams.secretKey, endpoint: beams.baseUrl }
 *   beams.failNext(1, { status: 503 });        // the next request gets a 503
 *   beams.failNext(1, { status: 500 }, 1);     // the one after the next
 *   beams.requests.map((r) => r.json);
 *   await beams.close();
 *
 * What it checks, in this order, and what it answers (statuses and bodies as
 * Beams documents them: JSON `{"error": <status text>, "description": …}`):
 * - an unknown path: 404; a known path with another method: 405 (paths may
 *   start with /beams-proxy, standing for a proxy the credential's Endpoint names);
 * - an injected failure (failNext), if any;
 * - no `Authorization: Bearer …`: 400 "Authorization header is missing";
 * - another instance ID in the path: 404 "Could not find the instance";
 * - another key: 401 "Incorrect Secret Key";
 * - POST: a content type other than JSON: 400; a body over 10 KiB: 400; a
 *   body that is not a JSON object: 400;
 * - publishes: 1 to 100 interests matching Beams' pattern, or 1 to 1,000 user
 *   IDs of 1 to 164 characters, and at least one of apns/fcm/web as objects,
 *   else 422 naming the field;
 * - then 200 `{"publishId": "pubid-…"}` for a publish, 200 with no body for a delete.
 * Beams checks the instance and the key before the body: the credential test
 * relies on that, and so does this server.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedBeamsRequest {
	method: string;
	/** Path as received (still URL-encoded). */
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	/** The body parsed, when it is JSON. */
	json?: unknown;
	response?: { status: number; body: unknown; injected: boolean };
}

export interface InjectedAnswer {
	status: number;
	/** A string is sent as is, anything else as JSON; default Beams' JSON error for the status. */
	body?: unknown;
	/** Hold the answer this long. */
	delayMs?: number;
}

export interface BeamsServer {
	readonly baseUrl: string;
	readonly port: number;
	readonly instanceId: string;
	readonly secretKey: string;
	readonly requests: RecordedBeamsRequest[];
	/** The publishes Beams accepted, in order. */
	accepted(): RecordedBeamsRequest[];
	/** After `skip` requests answered normally, the next `count` get `answer`. */
	failNext(count: number, answer: InjectedAnswer, skip?: number): void;
	reset(): void;
	close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	402: 'Payment Required',
	404: 'Not Found',
	405: 'Method Not Allowed',
	413: 'Payload Too Large',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
};

const beamsError = (status: number, description: string) => ({ error: STATUS_TEXT[status] ?? 'Error', description });
const INTEREST_PATTERN = /^[a-zA-Z0-9_\-=@,.;]+$/;
const MAX_BODY = 10 * 1024;

type Answer = { status: number; body?: unknown };

function checkPublish(target: 'interests' | 'users', body: Record<string, unknown>): Answer | undefined {
	const list = body[target];
	const [min, max] = target === 'interests' ? [1, 100] : [1, 1000];
	if (!Array.isArray(list)) return { status: 422, body: beamsError(422, `\`${target}\`: Is required and must be an array`) };
	if (list.length < min) return { status: 422, body: beamsError(422, `\`${target}\`: Array must have at least ${min} items`) };
	if (list.length > max) return { status: 422, body: beamsError(422, `\`${target}\`: Array must have at most ${max} items`) };
	for (const [index, name] of list.entries()) {
		if (typeof name !== 'string' || name.length < 1 || name.length > 164) {
			return { status: 422, body: beamsError(422, `\`${target}.${index}\`: String length must be between 1 and 164`) };
		}
		if (target === 'interests' && !INTEREST_PATTERN.test(name)) {
			return { status: 422, body: beamsError(422, `\`interests.${index}\`: Does not match pattern '^[a-zA-Z0-9_\\-=@,.;]+$'`) };
		}
	}
	const blocks = ['apns', 'fcm', 'web'].filter((key) => key in body);
	if (blocks.length === 0) return { status: 422, body: beamsError(422, 'At least one of `apns`, `fcm` or `web` is required') };
	for (const key of blocks) {
		const block = body[key];
		if (!block || typeof block !== 'object' || Array.isArray(block)) return { status: 422, body: beamsError(422, `\`${key}\`: Must be an object`) };
	}
	if ('webhookUrl' in body && typeof body.webhookUrl !== 'string') return { status: 422, body: beamsError(422, '`webhookUrl`: Must be a string') };
	return undefined;
}

export async function startBeamsServer(options: { instanceId?: string; secretKey?: string } = {}): Promise<BeamsServer> {
	const instanceId = options.instanceId ?? randomUUID();
	const secretKey = options.secretKey ?? randomUUID().replace(/-/g, '').toUpperCase();
	const requests: RecordedBeamsRequest[] = [];
	const injected: Array<InjectedAnswer | undefined> = [];
	const sockets = new Set<Socket>();

	const answerFor = (recorded: RecordedBeamsRequest): Answer => {
		const path = recorded.path.replace(/^\/beams-proxy(?=\/)/, '');
		const publish = /^\/publish_api\/v1\/instances\/([^/]+)\/publishes\/(interests|users)$/.exec(path);
		const user = /^\/user_api\/v1\/instances\/([^/]+)\/users\/([^/]+)$/.exec(path);
		if (!publish && !user) return { status: 404, body: beamsError(404, 'Not found') };
		if ((publish && recorded.method !== 'POST') || (user && recorded.method !== 'DELETE')) {
			return { status: 405, body: beamsError(405, `${recorded.method} is not allowed here`) };
		}
		const authorization = recorded.headers.authorization;
		if (!authorization) return { status: 400, body: beamsError(400, 'Authorization header is missing') };
		if (decodeURIComponent((publish ?? user)![1]) !== instanceId) return { status: 404, body: beamsError(404, 'Could not find the instance') };
		if (authorization !== `Bearer ${secretKey}`) return { status: 401, body: beamsError(401, 'Incorrect Secret Key') };
		if (user) return { status: 200 };

		if (!String(recorded.headers['content-type'] ?? '').startsWith('application/json')) {
			return { status: 400, body: beamsError(400, 'Only application/json is supported') };
		}
		if (Buffer.byteLength(recorded.body) > MAX_BODY) return { status: 400, body: beamsError(400, 'Request body size is too large (max 10KiB)') };
		const body = recorded.json;
		if (!body || typeof body !== 'object' || Array.isArray(body)) return { status: 400, body: beamsError(400, 'Failed to read body as a JSON object') };
		return checkPublish(publish![2] as 'interests' | 'users', body as Record<string, unknown>) ?? { status: 200, body: { publishId: `pubid-${randomUUID()}` } };
	};

	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let json: unknown;
			try {
				json = text ? (JSON.parse(text) as unknown) : undefined;
			} catch {
				json = undefined;
			}
			const recorded: RecordedBeamsRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: text, json };
			requests.push(recorded);
			const failure = injected.shift();
			const answer: Answer = failure
				? { status: failure.status, body: failure.body === undefined ? beamsError(failure.status, 'Injected by the test') : failure.body }
				: answerFor(recorded);
			recorded.response = { status: answer.status, body: answer.body, injected: Boolean(failure) };
			const send = () => {
				if (answer.body === undefined) {
					response.writeHead(answer.status).end();
					return;
				}
				const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
				const type = typeof answer.body === 'string' ? 'text/html' : 'application/json';
				response.writeHead(answer.status, { 'content-type': type }).end(payload);
			};
			if (failure?.delayMs) setTimeout(send, failure.delayMs);
			else send();
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		port,
		instanceId,
		secretKey,
		requests,
		accepted: () => requests.filter((r) => r.method === 'POST' && r.response?.status === 200),
		failNext(count, answer, skip = 0) {
			for (let i = 0; i < skip; i++) injected.push(undefined);
			for (let i = 0; i < count; i++) injected.push(answer);
		},
		reset() {
			requests.length = 0;
			injected.length = 0;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
