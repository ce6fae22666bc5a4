/**
 * A loopback HTTP proxy that records every request and forwards it to a
 * target (usually Soketi), or answers it itself when a failure is injected.
 *
 *   const proxy = await countingProxy(soketi.baseUrl);
 *   // point the code under test at proxy.baseUrl instead of soketi.baseUrl
 *   proxy.failNext(1, { status: 503, body: 'try later' });
 *   …
 *   expect(proxy.requests.map((r) => r.path)).toEqual(['/apps/app-id/batch_events', …]);
 *   await proxy.close();
 *
 * Requests are recorded when they have been read completely, in arrival order.
 * `close()` also ends requests that are still held (hang / delay / hold).
 *
 * Plans for particular requests, whatever order they arrive in (parallel
 * requests), go by what the requests hold:
 *
 *   const third = (r: RecordedRequest) => r.body.includes('"n":3');
 *   proxy.when(third, { kind: 'fail', failure: { status: 403 }, after: proxy.arrivals(third, 1) });
 *   proxy.dropNext(1, { forwardFirst: true }); // delivered, but the client sees its connection reset
 *
 * Soketi quirk: Soketi 1.6 answers every HTTP API error with status 200 and
 * the real code only in the body, `{"error":"…","code":413}` (it writes its
 * CORS headers before the status, and uWebSockets then sends 200). Pusher
 * answers with the real status. `restoreErrorStatus: true` makes the proxy
 * answer such a response with the code from the body, so code under test sees
 * what Pusher would send; `response.upstreamStatus` keeps what Soketi sent.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Path without the query string, e.g. `/apps/app-id/events`. */
	path: string;
	/** Query parameters (last value wins), URL-decoded. */
	query: Record<string, string>;
	/** Path and query exactly as received. */
	url: string;
	headers: IncomingHttpHeaders;
	/** The body as UTF-8 text ('' when none). */
	body: string;
	/** What the proxy answered; set once the answer is sent (status 0: the connection was reset instead). */
	response?: { status: number; body: string; injected: boolean; upstreamStatus?: number };
}

export interface InjectedFailure {
	/** Status to answer with. Default 500. */
	status?: number;
	/** Body: a string as is, anything else as JSON. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Answer only after this many ms. */
	delayMs?: number;
}

export interface CountingProxyOptions {
	/** Answer Soketi's `200 {"error":…,"code":N}` with status N (see above). */
	restoreErrorStatus?: boolean;
}

/** What the proxy does with one request. Any plan may wait for `after` first. */
export type ProxyPlan = (
	| { kind: 'forward' }
	/** Answer `failure` instead of forwarding. */
	| { kind: 'fail'; failure?: InjectedFailure }
	/** Never answer (until `close()`). */
	| { kind: 'hang' }
	/** Forward after `ms`, even if the client has given up by then (a late delivery). */
	| { kind: 'delay'; ms: number }
	/** Reset the client's connection without an answer; with `forwardFirst`, after the target has answered (delivered, unacknowledged). */
	| { kind: 'drop'; forwardFirst?: boolean }
	/** Forward, then answer the client with `body` (JSON) in place of the target's answer. */
	| { kind: 'answer'; body: unknown; status?: number }
) & { after?: Promise<unknown> };

export interface CountingProxy {
	readonly baseUrl: string;
	readonly port: number;
	readonly requests: RecordedRequest[];
	/** The next `n` requests get `failure` instead of being forwarded. */
	failNext(n: number, failure?: InjectedFailure): void;
	/** The next `n` requests are held and never answered (until `close()`); for client timeouts. */
	hangNext(n: number): void;
	/** The next `n` requests are forwarded after `ms`. */
	delayNext(n: number, ms: number): void;
	/** The next `n` requests get their connection reset instead of an answer (see ProxyPlan `drop`). */
	dropNext(n: number, options?: { forwardFirst?: boolean }): void;
	/** The next `n` requests are forwarded, and answered with `body` instead of what the target said. */
	answerNext(n: number, body: unknown, status?: number): void;
	/** The next `n` requests follow `plan`. */
	planNext(n: number, plan: ProxyPlan): void;
	/** The next `times` requests that `match` follow `plan` (before any plan queued for the next requests). */
	when(match: (request: RecordedRequest) => boolean, plan: ProxyPlan, times?: number): void;
	/** Resolves once `count` requests that `match` have arrived. */
	arrivals(match: (request: RecordedRequest) => boolean, count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
	/** Resolves once `count` requests have been recorded in total. */
	waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
	/** Forgets recorded requests and pending injections. */
	reset(): void;
	close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** The status Pusher would have answered for a Soketi `200 {"error":…,"code":N}` response. */
function soketiErrorCode(status: number, body: Buffer): number | undefined {
	if (status !== 200) return undefined;
	try {
		const parsed = JSON.parse(body.toString('utf8')) as { error?: unknown; code?: unknown };
		if (typeof parsed.error === 'string' && typeof parsed.code === 'number' && parsed.code >= 400) return parsed.code;
	} catch {
		// not JSON: a real answer
	}
	return undefined;
}

export async function countingProxy(targetBaseUrl: string, opts: CountingProxyOptions = {}): Promise<CountingProxy> {
	const target = new URL(targetBaseUrl);
	const requests: RecordedRequest[] = [];
	let plans: ProxyPlan[] = [];
	let rules: Array<{ match: (request: RecordedRequest) => boolean; plan: ProxyPlan; left: number }> = [];
	const timers = new Set<NodeJS.Timeout>();
	const sockets = new Set<Socket>();
	const waiters = new Map<() => void, () => void>(); // check -> cancel

	const later = (ms: number, fn: () => void) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			fn();
		}, ms);
		timers.add(timer);
	};

	const answer = (
		res: ServerResponse,
		record: RecordedRequest,
		status: number,
		headers: Record<string, string | string[] | undefined>,
		body: Buffer,
		injected: boolean,
		upstreamStatus?: number,
	) => {
		if (res.destroyed) return;
		record.response = { status, body: body.toString('utf8'), injected, ...(upstreamStatus === undefined ? {} : { upstreamStatus }) };
		res.writeHead(status, headers);
		res.end(body);
	};

	/** Sends the request on; `then` decides what the client gets (default: the target's answer). */
	const forward = (
		req: IncomingMessage,
		res: ServerResponse,
		record: RecordedRequest,
		body: Buffer,
		then: 'answer' | 'drop' | { status: number; body: unknown } = 'answer',
	) => {
		const headers = { ...req.headers, host: target.host, connection: 'close' };
		const upstream = httpRequest(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false },
			(upRes) => {
				readBody(upRes).then(
					(upBody) => {
						const { connection: _c, 'transfer-encoding': _t, ...upHeaders } = upRes.headers;
						const upstreamStatus = upRes.statusCode ?? 502;
						if (then === 'drop') {
							record.response = { status: 0, body: '', injected: true, upstreamStatus };
							res.socket?.destroy();
							return;
						}
						if (typeof then === 'object') {
							const text = Buffer.from(JSON.stringify(then.body));
							answer(res, record, then.status, { 'content-type': 'application/json', 'content-length': String(text.length) }, text, true, upstreamStatus);
							return;
						}
						const status = (opts.restoreErrorStatus && soketiErrorCode(upstreamStatus, upBody)) || upstreamStatus;
						answer(res, record, status, { ...upHeaders, 'content-length': String(upBody.length) }, upBody, false, upstreamStatus);
					},
					() => res.destroy(),
				);
			},
		);
		upstream.on('error', (error) => {
			answer(res, record, 502, { 'content-type': 'text/plain' }, Buffer.from(`countingProxy: upstream error: ${error.message}`), false);
		});
		upstream.end(body);
	};

	const apply = (plan: ProxyPlan, req: IncomingMessage, res: ServerResponse, record: RecordedRequest, body: Buffer) => {
		switch (plan.kind) {
			case 'forward':
				return forward(req, res, record, body);
			case 'hang':
				return;
			case 'delay':
				return later(plan.ms, () => forward(req, res, record, body));
			case 'drop':
				if (plan.forwardFirst) return forward(req, res, record, body, 'drop');
				record.response = { status: 0, body: '', injected: true };
				return res.socket?.destroy();
			case 'answer':
				return forward(req, res, record, body, { status: plan.status ?? 200, body: plan.body });
			case 'fail': {
				const { status = 500, body: failBody = '', headers = {}, delayMs = 0 } = plan.failure ?? {};
				const text = typeof failBody === 'string' ? failBody : JSON.stringify(failBody);
				const contentType = typeof failBody === 'string' ? 'text/plain' : 'application/json';
				const send = () => answer(res, record, status, { 'content-type': contentType, ...headers }, Buffer.from(text), true);
				return delayMs > 0 ? later(delayMs, send) : send();
			}
		}
	};

	/** The plan for a request: the first matching rule, else the next queued plan, else forward. */
	const planFor = (record: RecordedRequest): ProxyPlan => {
		const rule = rules.find((candidate) => candidate.left > 0 && candidate.match(record));
		if (rule) {
			rule.left -= 1;
			return rule.plan;
		}
		return plans.shift() ?? { kind: 'forward' };
	};

	const server = createServer((req, res) => {
		readBody(req).then(
			(body) => {
				const url = new URL(req.url ?? '/', 'http://proxy');
				const record: RecordedRequest = {
					method: req.method ?? 'GET',
					path: url.pathname,
					query: Object.fromEntries(url.searchParams),
					url: req.url ?? '/',
					headers: req.headers,
					body: body.toString('utf8'),
				};
				requests.push(record);
				for (const check of [...waiters.keys()]) check();

				const plan = planFor(record);
				if (!plan.after) return apply(plan, req, res, record, body);
				plan.after.then(
					() => apply(plan, req, res, record, body),
					() => res.destroy(),
				);
			},
			() => res.destroy(),
		);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;

	/** Resolves with the first `count` of `seen()` once there are that many. */
	const waitUntil = (seen: () => RecordedRequest[], count: number, timeoutMs: number, what: string) =>
		new Promise<RecordedRequest[]>((resolve, reject) => {
			const fail = (why: string) => {
				clearTimeout(timer);
				waiters.delete(check);
				reject(new Error(`countingProxy: expected ${count} ${what}, saw ${seen().length} (${why})`));
			};
			const timer = setTimeout(() => fail(`gave up after ${timeoutMs} ms`), timeoutMs);
			const check = () => {
				const found = seen();
				if (found.length < count) return;
				clearTimeout(timer);
				waiters.delete(check);
				resolve(found.slice(0, count));
			};
			waiters.set(check, () => fail('proxy closed'));
			check();
		});

	const enqueue = (n: number, plan: ProxyPlan) => {
		for (let i = 0; i < n; i++) plans.push(plan);
	};

	const proxy: CountingProxy = {
		baseUrl: `http://127.0.0.1:${port}`,
		port,
		requests,
		failNext: (n, failure = {}) => enqueue(n, { kind: 'fail', failure }),
		hangNext: (n) => enqueue(n, { kind: 'hang' }),
		delayNext: (n, ms) => enqueue(n, { kind: 'delay', ms }),
		dropNext: (n, options = {}) => enqueue(n, { kind: 'drop', forwardFirst: options.forwardFirst }),
		answerNext: (n, body, status) => enqueue(n, { kind: 'answer', body, status }),
		planNext: (n, plan) => enqueue(n, plan),
		when(match, plan, times = 1) {
			rules.push({ match, plan, left: times });
		},
		arrivals(match, count, timeoutMs = 10_000) {
			return waitUntil(() => requests.filter(match), count, timeoutMs, 'matching requests');
		},
		waitForRequests(count, timeoutMs = 10_000) {
			return waitUntil(() => requests, count, timeoutMs, 'requests');
		},
		reset() {
			requests.length = 0;
			plans = [];
			rules = [];
		},
		async close() {
			open.delete(proxy);
			for (const cancel of [...waiters.values()]) cancel();
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await closed;
		},
	};
	open.add(proxy);
	return proxy;
}

const open = new Set<CountingProxy>();

/** Closes every proxy this test file opened and did not close. */
export async function closeAllProxies(): Promise<void> {
	await Promise.all([...open].map(async (proxy) => await proxy.close()));
}

if (typeof afterAll === 'function') afterAll(closeAllProxies);
