/**
 * A tiny Pusher-protocol WebSocket server on a free loopback port, for the
 * cases a real server will not produce on demand: chosen close codes
 * (4000-4299), `pusher:error`, silence (no pong), a missing
 * `connection_established`. RFC 6455 framing over node:http's `upgrade`
 * event, no extensions; enough for one small JSON frame at a time.
 *
 *   const server = await startFakePusherServer({ autoEstablish: { activityTimeout: 120 }, autoSubscribe: true });
 *   const connection = await server.nextConnection();
 *   connection.send({ event: 'x', channel: 'c', data: '{}' });
 *   connection.close(4200, 'restarting');
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export type Frame = Record<string, unknown> & { event?: string; data?: unknown; channel?: string };

export interface FakeServerOptions {
	/** Send `pusher:connection_established` on connect, with this activity_timeout (seconds). */
	autoEstablish?: { activityTimeout?: number };
	/**
	 * Answer each `pusher:subscribe` with `pusher_internal:subscription_succeeded`;
	 * a function decides per channel and connection: true succeeds, a string
	 * refuses with `pusher:subscription_error` and that error text, false says nothing.
	 */
	autoSubscribe?: boolean | ((channel: string, connection: FakeConnection) => boolean | string);
	/** Answer `pusher:ping` with `pusher:pong` (default true). */
	autoPong?: boolean;
}

export class FakeConnection {
	readonly received: Frame[] = [];
	readonly socketId: string;
	/** Resolves with the close code the client sent (undefined when the TCP socket just ended). */
	readonly closed: Promise<number | undefined>;
	autoPong: boolean;
	private buffer = Buffer.alloc(0);
	private clientCloseCode: number | undefined;
	private readonly waiters = new Set<() => void>();

	constructor(
		readonly url: string,
		private readonly socket: Socket,
		/** 0 for the first connection the server accepted, 1 for the next… */
		readonly index: number,
		private readonly options: FakeServerOptions,
	) {
		this.socketId = `${1000 + index}.${2000 + index}`;
		this.autoPong = options.autoPong ?? true;
		this.closed = new Promise((resolve) => socket.once('close', () => resolve(this.clientCloseCode)));
		socket.on('data', (chunk: Buffer) => this.onData(chunk));
		socket.on('error', () => socket.destroy());
	}

	get isOpen(): boolean {
		return !this.socket.destroyed;
	}

	send(frame: Frame): void {
		this.write(0x1, Buffer.from(JSON.stringify(frame), 'utf8'));
	}

	establish(activityTimeout = 120): void {
		this.send({
			event: 'pusher:connection_established',
			data: JSON.stringify({ socket_id: this.socketId, activity_timeout: activityTimeout }),
		});
	}

	/** Sends a close frame with `code`, then ends the TCP connection. */
	close(code: number, reason = ''): void {
		const reasonBytes = Buffer.from(reason, 'utf8');
		const payload = Buffer.alloc(2 + reasonBytes.length);
		payload.writeUInt16BE(code, 0);
		reasonBytes.copy(payload, 2);
		this.write(0x8, payload);
		this.socket.end();
	}

	/** Drops the TCP connection without a close frame (a network failure). */
	destroy(): void {
		this.socket.destroy();
	}

	/** Resolves with the first received frame (past or future) that `match` accepts. */
	async waitFor(match: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
		return await new Promise<Frame>((resolve, reject) => {
			const check = () => {
				const found = this.received.find(match);
				if (!found) return;
				this.waiters.delete(check);
				clearTimeout(timer);
				resolve(found);
			};
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`));
			}, timeoutMs);
			this.waiters.add(check);
			check();
		});
	}

	private write(opcode: number, payload: Buffer): void {
		if (this.socket.destroyed || !this.socket.writable) return;
		const length = payload.length;
		let header: Buffer;
		if (length < 126) {
			header = Buffer.from([0x80 | opcode, length]);
		} else if (length < 65536) {
			header = Buffer.alloc(4);
			header[0] = 0x80 | opcode;
			header[1] = 126;
			header.writeUInt16BE(length, 2);
		} else {
			header = Buffer.alloc(10);
			header[0] = 0x80 | opcode;
			header[1] = 127;
			header.writeBigUInt64BE(BigInt(length), 2);
		}
		this.socket.write(Buffer.concat([header, payload]));
	}

	private onData(chunk: Buffer): void {
		this.buffer = Buffer.concat([this.buffer, chunk]);
		for (;;) {
			const frame = this.readFrame();
			if (!frame) return;
			this.onFrame(frame.opcode, frame.payload);
		}
	}

	/** One complete client frame (always masked) off the buffer, or undefined if incomplete. */
	private readFrame(): { opcode: number; payload: Buffer } | undefined {
		const b = this.buffer;
		if (b.length < 2) return undefined;
		const opcode = b[0] & 0x0f;
		let length = b[1] & 0x7f;
		let offset = 2;
		if (length === 126) {
			if (b.length < 4) return undefined;
			length = b.readUInt16BE(2);
			offset = 4;
		} else if (length === 127) {
			if (b.length < 10) return undefined;
			length = Number(b.readBigUInt64BE(2));
			offset = 10;
		}
		const masked = (b[1] & 0x80) !== 0;
		const maskOffset = offset;
		if (masked) offset += 4;
		if (b.length < offset + length) return undefined;
		const payload = Buffer.from(b.subarray(offset, offset + length));
		if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= b[maskOffset + (i % 4)];
		this.buffer = b.subarray(offset + length);
		return { opcode, payload };
	}

	private onFrame(opcode: number, payload: Buffer): void {
		if (opcode === 0x8) {
			this.clientCloseCode = payload.length >= 2 ? payload.readUInt16BE(0) : undefined;
			this.write(0x8, payload.subarray(0, 2));
			this.socket.end();
			return;
		}
		if (opcode === 0x9) {
			this.write(0xa, payload);
			return;
		}
		if (opcode !== 0x1) return;
		const frame = JSON.parse(payload.toString('utf8')) as Frame;
		this.received.push(frame);
		this.respond(frame);
		for (const check of [...this.waiters]) check();
	}

	private respond(frame: Frame): void {
		if (frame.event === 'pusher:ping' && this.autoPong) this.send({ event: 'pusher:pong', data: {} });
		if (frame.event === 'pusher:subscribe' && this.options.autoSubscribe) {
			const channel = (frame.data as { channel?: string } | undefined)?.channel ?? '';
			const { autoSubscribe } = this.options;
			const answer = typeof autoSubscribe === 'function' ? autoSubscribe(channel, this) : autoSubscribe;
			if (answer === true) this.send({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' });
			else if (typeof answer === 'string') {
				this.send({ event: 'pusher:subscription_error', channel, data: { type: 'LimitReached', error: answer, status: 4100 } });
			}
		}
	}
}

export interface FakePusherServer {
	readonly port: number;
	/** The URL the client connects to (`ws://127.0.0.1:PORT/app/KEY?protocol=7…`). */
	url(key?: string): string;
	readonly connections: FakeConnection[];
	/** Resolves with the next connection (or one that arrived since the last call). */
	nextConnection(timeoutMs?: number): Promise<FakeConnection>;
	/** Connections accepted so far. */
	readonly connectionCount: number;
	stop(): Promise<void>;
}

export async function startFakePusherServer(options: FakeServerOptions = {}): Promise<FakePusherServer> {
	const connections: FakeConnection[] = [];
	let taken = 0;
	const arrivals = new Set<() => void>();
	const server = createServer((_request, response) => {
		response.writeHead(426).end();
	});
	server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
		const key = request.headers['sec-websocket-key'];
		const accept = createHash('sha1').update(`${key}${WEBSOCKET_GUID}`).digest('base64');
		socket.write(
			'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
				`Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
		);
		const connection = new FakeConnection(request.url ?? '', socket, connections.length, options);
		connections.push(connection);
		if (options.autoEstablish) connection.establish(options.autoEstablish.activityTimeout);
		for (const arrived of [...arrivals]) arrived();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;

	return {
		port,
		url: (key = 'app-key') => `ws://127.0.0.1:${port}/app/${key}?protocol=7&client=test&version=1&flash=false`,
		connections,
		get connectionCount() {
			return connections.length;
		},
		async nextConnection(timeoutMs = 5000) {
			return await new Promise<FakeConnection>((resolve, reject) => {
				const check = () => {
					if (connections.length <= taken) return;
					arrivals.delete(check);
					clearTimeout(timer);
					resolve(connections[taken++]);
				};
				const timer = setTimeout(() => {
					arrivals.delete(check);
					reject(new Error(`no new connection within ${timeoutMs} ms (${connections.length} so far)`));
				}, timeoutMs);
				arrivals.add(check);
				check();
			});
		},
		async stop() {
			for (const connection of connections) connection.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
