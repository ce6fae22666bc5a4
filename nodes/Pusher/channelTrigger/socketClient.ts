import { isUserChannel } from '../protocol';
import { reconnectDelay } from './backoff';
import {
	DEFAULT_TIMING,
	PusherConnectionError,
	type ClientTiming,
	type LogLevel,
	type SigninAuth,
	type SocketClientOptions,
	type SubscribeAuth,
} from './clientOptions';
import { closeAction, describeClose, describeSocketError, isPusherCode } from './closeCodes';
import {
	describeSubscriptionError,
	parseFrame,
	PING_FRAME,
	PONG_FRAME,
	readConnectionEstablished,
	readPusherError,
	signinFrame,
	subscribeFrame,
} from './messages';
import { SubscriptionRound } from './subscriptionRound';
import { startTimer, type Timer } from './timer';
import { READY_STATE, type WebSocketLike } from './webSocket';

/**
 * A Pusher protocol 7 client connection with no n8n in it: connects,
 * subscribes to channels (and optionally signs in as a user), answers pings,
 * pings after `activity_timeout` of silence (a missing pong means a dead
 * connection), and reconnects with capped exponential backoff, re-subscribing
 * everything, as the close and error codes allow (see closeCodes.ts).
 *
 * `start()` makes the first connection: it resolves once every channel has
 * the server's answer and at least one is subscribed, and rejects (and stops
 * the client) if that first attempt fails, so a wrong key, host or secret
 * surfaces at once. Later failures either reconnect or, when the server says
 * not to, end in `onFatalError`.
 *
 * Subscriptions: a channel the server refuses (`pusher:subscription_error`)
 * while others are subscribed is reported through `onSubscriptionError` and
 * the others keep listening; when every channel is refused, that is a failure
 * of the connection (start() rejects, or `onFatalError`). A subscription with
 * no answer within `subscribeTimeoutMs` fails start(), naming the channel;
 * after start() it counts as a dead connection and the client reconnects.
 * `stop()` closes the socket and cancels every timer.
 */

export type ClientState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopped';

type TimerName = 'connect' | 'subscribe' | 'activity' | 'pong' | 'reconnect';
const TIMER_NAMES: TimerName[] = ['connect', 'subscribe', 'activity', 'pong', 'reconnect'];

interface Deferred {
	resolve: () => void;
	reject: (error: Error) => void;
}

export class PusherSocketClient {
	private readonly timing: ClientTiming;
	private readonly now: () => number;
	private state: ClientState = 'idle';
	private socket: WebSocketLike | undefined;
	/** Bumped for each socket; handlers of an older socket are ignored. */
	private generation = 0;
	private socketId: string | undefined;
	private activityTimeoutMs: number;
	private lastActivity = 0;
	/** This connection's subscriptions and the server's answers to them. */
	private round: SubscriptionRound | undefined;
	private subscribedAt: number | undefined;
	/** A 4100-4299 code from `pusher:error`, applied if the close that follows carries none. */
	private announcedCode: number | undefined;
	private attempt = 0;
	private starting: Deferred | undefined;
	private startPromise: Promise<void> | undefined;
	private stopPromise: Promise<void> | undefined;
	private readonly timers: Partial<Record<TimerName, Timer>> = {};

	constructor(private readonly options: SocketClientOptions) {
		this.timing = { ...DEFAULT_TIMING, ...options.timing };
		this.now = options.now ?? Date.now;
		this.activityTimeoutMs = this.timing.maxActivityTimeoutMs;
	}

	get currentState(): ClientState {
		return this.state;
	}

	/** The socket id of the current connection, once established. */
	get currentSocketId(): string | undefined {
		return this.socketId;
	}

	start(): Promise<void> {
		if (!this.startPromise) {
			this.startPromise = new Promise<void>((resolve, reject) => {
				this.starting = { resolve, reject };
			});
			this.connect();
		}
		return this.startPromise;
	}

	/** Closes the connection and cancels every timer; resolves once the socket is closed (or the grace period is over). */
	stop(): Promise<void> {
		if (!this.stopPromise) {
			this.state = 'stopped';
			this.cancelTimers();
			// Stopping before the first subscription is not a failure: there is just nothing to wait for.
			this.settleStart();
			const socket = this.detachSocket();
			this.stopPromise = socket ? this.closeAndWait(socket) : Promise.resolve();
		}
		return this.stopPromise;
	}

	private connect(): void {
		if (this.state === 'stopped') return;
		this.state = 'connecting';
		this.socketId = undefined;
		this.round = undefined;
		this.subscribedAt = undefined;
		this.announcedCode = undefined;
		const generation = ++this.generation;
		let socket: WebSocketLike;
		try {
			socket = new this.options.WebSocket(this.options.url);
		} catch (error) {
			this.fail(new PusherConnectionError(`Cannot open ${this.options.url}: ${(error as Error).message}`));
			return;
		}
		this.socket = socket;
		let socketError: string | undefined;
		const current = () => generation === this.generation && this.state !== 'stopped';
		socket.onmessage = (event) => {
			if (current()) this.guard(() => this.onFrame(event.data));
		};
		socket.onerror = (event) => {
			socketError = describeSocketError(event);
		};
		socket.onclose = (event) => {
			if (!current()) return;
			const why = describeClose(event.code, event.reason, this.state === 'connecting', socketError);
			this.guard(() => this.connectionLost(why, event.code));
		};
		this.timers.connect = startTimer(this.options.sleep, this.timing.connectTimeoutMs, () =>
			this.guard(() => this.connectionLost(`no pusher:connection_established within ${this.timing.connectTimeoutMs} ms`)),
		);
		this.log('debug', `Connecting to ${this.options.url}`);
	}

	private onFrame(data: unknown): void {
		this.lastActivity = this.now();
		// Anything the server sends proves the connection alive.
		this.cancelTimer('pong');
		if (typeof data !== 'string') return;
		const frame = parseFrame(data);
		if (!frame) {
			this.log('warn', 'Ignored a frame that is not a Pusher message');
			return;
		}
		switch (frame.event) {
			case 'pusher:connection_established':
				this.onEstablished(frame.data);
				return;
			case 'pusher:error':
				this.onPusherError(frame.data);
				return;
			case 'pusher:ping':
				this.send(PONG_FRAME);
				return;
			case 'pusher:pong':
				return;
			case 'pusher:signin_success':
				this.log('info', 'Signed in as a user');
				return;
			case 'pusher:subscription_error':
				this.onSubscriptionError(frame.channel, describeSubscriptionError(frame.data));
				return;
		}
		if (frame.channel === undefined || !this.isOurs(frame.channel)) return;
		if (frame.event === 'pusher_internal:subscription_succeeded') this.onSubscribed(frame.channel);
		this.options.onMessage({
			event: frame.event,
			channel: frame.channel,
			data: frame.data,
			...(frame.user_id !== undefined ? { userId: frame.user_id } : {}),
		});
	}

	private onEstablished(data: unknown): void {
		const established = readConnectionEstablished(data);
		if (!established) {
			this.connectionLost('pusher:connection_established without a socket_id');
			return;
		}
		this.cancelTimer('connect');
		this.state = 'connected';
		this.socketId = established.socketId;
		const serverTimeoutMs = (established.activityTimeout ?? Infinity) * 1000;
		this.activityTimeoutMs = Math.min(serverTimeoutMs, this.timing.maxActivityTimeoutMs);
		this.scheduleActivityCheck(this.activityTimeoutMs);
		this.log('debug', `Connected as socket ${established.socketId}`);

		this.round = new SubscriptionRound(this.options.subscriptions.map(({ channel }) => channel));
		this.timers.subscribe = startTimer(this.options.sleep, this.timing.subscribeTimeoutMs, () =>
			this.guard(() => this.subscriptionsTimedOut()),
		);
		for (const { channel, authorize } of this.options.subscriptions) {
			let auth: SubscribeAuth | undefined;
			try {
				auth = authorize?.(established.socketId);
			} catch (error) {
				this.fail(new PusherConnectionError(`Cannot authorize "${channel}": ${(error as Error).message}`));
				return;
			}
			this.send(subscribeFrame(channel, auth && { auth: auth.auth, ...(auth.channel_data !== undefined ? { channel_data: auth.channel_data } : {}) }));
		}
		if (this.options.signin) this.signin(established.socketId, this.options.signin);
	}

	/** Not awaited: Soketi answers only when it enforces user authentication, and refuses with 4009. */
	private signin(socketId: string, sign: (socketId: string) => SigninAuth): void {
		let data: SigninAuth;
		try {
			data = sign(socketId);
		} catch (error) {
			this.fail(new PusherConnectionError(`Cannot sign in: ${(error as Error).message}`));
			return;
		}
		this.send(signinFrame(data));
	}

	private onSubscribed(channel: string): void {
		this.round?.subscribe(channel);
		this.afterAnswer();
	}

	private onSubscriptionError(channel: string | undefined, reason: string): void {
		if (channel === undefined || !this.round?.isWaiting(channel)) {
			this.log('warn', `The server refused a subscription to ${channel === undefined ? 'no channel it named' : `"${channel}"`}: ${reason}`);
			return;
		}
		this.round.refuse(channel, reason);
		this.afterAnswer();
	}

	/** Once every channel has its answer: up if any is subscribed (refused ones reported), else a failed connection. */
	private afterAnswer(): void {
		const round = this.round;
		if (!round?.complete || this.subscribedAt !== undefined) return;
		this.cancelTimer('subscribe');
		const nothing = round.nothingSubscribed();
		if (nothing) {
			this.fail(nothing);
			return;
		}
		this.subscribedAt = this.now();
		this.log('info', `Subscribed to ${round.subscribedCount} of ${round.channels.length} channel(s)`);
		for (const { channel, error } of round.refused) {
			this.log('warn', error.message);
			this.options.onSubscriptionError?.(channel, error);
		}
		this.settleStart();
	}

	/** Subscriptions without an answer: at start a failure naming them, later a dead connection. */
	private subscriptionsTimedOut(): void {
		if (!this.round || this.round.complete) return;
		const error = this.round.timedOut(this.timing.subscribeTimeoutMs);
		if (this.starting) this.fail(error);
		else this.connectionLost(error.message);
	}

	private onPusherError(data: unknown): void {
		const { code, message } = readPusherError(data);
		const described = `pusher:error${code !== undefined ? ` ${code}` : ''}: ${message}`;
		if (code !== undefined && closeAction(code) === 'fatal') {
			this.fail(new PusherConnectionError(`The server refused the connection (${described})`, code));
			return;
		}
		if (isPusherCode(code)) {
			// The server closes the connection next; its close may not carry the code.
			this.announcedCode = code;
			this.log('info', `Server announced ${described}`);
			return;
		}
		if (this.round && !this.round.complete) {
			// Pusher answers a refused subscription (e.g. a bad signature) with a code-less pusher:error.
			this.fail(new PusherConnectionError(`The server refused a subscription (${described})`, code));
			return;
		}
		this.log('warn', `Server reported ${described}`);
	}

	private scheduleActivityCheck(inMs: number): void {
		this.cancelTimer('activity');
		this.timers.activity = startTimer(this.options.sleep, inMs, () => this.guard(() => this.checkActivity()));
	}

	/** Pings after `activity_timeout` of silence; a pong (or any frame) must follow within `pongTimeoutMs`. */
	private checkActivity(): void {
		if (this.state !== 'connected') return;
		const idle = this.now() - this.lastActivity;
		if (idle < this.activityTimeoutMs) {
			this.scheduleActivityCheck(this.activityTimeoutMs - idle);
			return;
		}
		if (!this.timers.pong) {
			this.send(PING_FRAME);
			this.timers.pong = startTimer(this.options.sleep, this.timing.pongTimeoutMs, () =>
				this.guard(() => this.connectionLost(`no pong within ${this.timing.pongTimeoutMs} ms of a ping`)),
			);
		}
		this.scheduleActivityCheck(this.activityTimeoutMs);
	}

	/** The current connection is gone (closed, timed out or dead): reconnect, or stop when the code says so. */
	private connectionLost(reason: string, closeCode?: number): void {
		if (this.state === 'stopped') return;
		const code = isPusherCode(closeCode) ? closeCode : this.announcedCode;
		const action = closeAction(code);
		const stableFor = this.subscribedAt === undefined ? 0 : this.now() - this.subscribedAt;
		this.abandonSocket();
		if (action === 'fatal') {
			this.fail(new PusherConnectionError(`The server closed the connection: ${reason}`, code));
			return;
		}
		if (this.starting) {
			this.fail(new PusherConnectionError(`Could not connect to ${this.options.url}: ${reason}`, code));
			return;
		}
		if (stableFor >= this.timing.stableAfterMs) this.attempt = 0;
		const delay = reconnectDelay(action, this.attempt, {
			baseMs: this.timing.reconnectBaseMs,
			maxMs: this.timing.reconnectMaxMs,
			random: this.options.random,
		});
		this.attempt += 1;
		this.state = 'waiting';
		this.log('warn', `Connection lost (${reason}); reconnecting in ${delay} ms`);
		if (delay === 0) {
			this.connect();
			return;
		}
		this.timers.reconnect = startTimer(this.options.sleep, delay, () => this.guard(() => this.connect()));
	}

	/** Stops for good: rejects `start()` if it is pending, otherwise reports through `onFatalError`. */
	private fail(error: PusherConnectionError): void {
		if (this.state === 'stopped') return;
		const starting = this.starting;
		this.starting = undefined;
		void this.stop();
		if (starting) starting.reject(error);
		else this.options.onFatalError?.(error);
	}

	private settleStart(): void {
		const starting = this.starting;
		this.starting = undefined;
		starting?.resolve();
	}

	/** Runs a handler; an unexpected exception stops the client instead of escaping into the socket's event loop. */
	private guard(handler: () => void): void {
		try {
			handler();
		} catch (error) {
			this.fail(new PusherConnectionError(`Unexpected error in the Pusher client: ${(error as Error).message}`));
		}
	}

	private isOurs(channel: string): boolean {
		if (this.options.signin && isUserChannel(channel)) return true;
		return this.options.subscriptions.some((subscription) => subscription.channel === channel);
	}

	private send(frame: string): void {
		if (this.socket?.readyState === READY_STATE.open) this.socket.send(frame);
	}

	/** Drops the current socket (closing it if still open) and its timers; its late events are ignored. */
	private abandonSocket(): void {
		this.cancelTimers();
		const socket = this.detachSocket();
		if (socket && isOpenOrConnecting(socket)) socket.close(1000);
	}

	private detachSocket(): WebSocketLike | undefined {
		const socket = this.socket;
		this.socket = undefined;
		this.generation += 1;
		if (socket) {
			socket.onopen = null;
			socket.onmessage = null;
			socket.onerror = null;
			socket.onclose = null;
		}
		return socket;
	}

	private async closeAndWait(socket: WebSocketLike): Promise<void> {
		if (!isOpenOrConnecting(socket) && socket.readyState !== READY_STATE.closing) return;
		await new Promise<void>((resolve) => {
			const grace = startTimer(this.options.sleep, this.timing.closeGraceMs, () => {
				this.log('warn', `The server did not acknowledge the close within ${this.timing.closeGraceMs} ms`);
				resolve();
			});
			socket.onclose = () => {
				grace.cancel();
				resolve();
			};
			socket.onerror = null;
			if (isOpenOrConnecting(socket)) socket.close(1000);
		});
		socket.onclose = null;
	}

	private cancelTimer(name: TimerName): void {
		this.timers[name]?.cancel();
		this.timers[name] = undefined;
	}

	private cancelTimers(): void {
		for (const name of TIMER_NAMES) this.cancelTimer(name);
	}

	private log(level: LogLevel, message: string): void {
		this.options.onLog?.(level, message);
	}
}

function isOpenOrConnecting(socket: WebSocketLike): boolean {
	return socket.readyState === READY_STATE.open || socket.readyState === READY_STATE.connecting;
}
