import type { ChannelMessage } from './messages';
import type { Sleep } from './timer';
import type { WebSocketConstructor } from './webSocket';

/** What the Pusher protocol client is given, and the error it reports. */

export interface SubscribeAuth {
	auth: string;
	channel_data?: string;
}

export interface SigninAuth {
	auth: string;
	user_data: string;
}

export interface ChannelSubscription {
	channel: string;
	/** For private and presence channels: the `auth` (and `channel_data`) for this connection's socket id. */
	authorize?: (socketId: string) => SubscribeAuth;
}

export class PusherConnectionError extends Error {
	constructor(
		message: string,
		/** The Pusher error or close code, when the server gave one. */
		readonly code?: number,
	) {
		super(message);
		this.name = 'PusherConnectionError';
	}
}

export interface ClientTiming {
	/** Give up on a connection attempt that has not got `pusher:connection_established` by then. */
	connectTimeoutMs: number;
	/** After connecting, every subscription must be answered (succeeded or refused) within this. */
	subscribeTimeoutMs: number;
	/** Upper bound for the server's `activity_timeout` (pusher-js uses 120 s). */
	maxActivityTimeoutMs: number;
	/** After a ping, the connection counts as dead if nothing arrives within this. */
	pongTimeoutMs: number;
	reconnectBaseMs: number;
	reconnectMaxMs: number;
	/** A connection that stayed subscribed this long resets the backoff. */
	stableAfterMs: number;
	/** How long `stop()` waits for the server to acknowledge the close. */
	closeGraceMs: number;
}

export const DEFAULT_TIMING: ClientTiming = {
	connectTimeoutMs: 20_000,
	subscribeTimeoutMs: 10_000,
	maxActivityTimeoutMs: 120_000,
	pongTimeoutMs: 30_000,
	reconnectBaseMs: 1_000,
	reconnectMaxMs: 60_000,
	stableAfterMs: 10_000,
	closeGraceMs: 2_000,
};

export type LogLevel = 'debug' | 'info' | 'warn';

export interface SocketClientOptions {
	url: string;
	subscriptions: ChannelSubscription[];
	/**
	 * Signs the connection in as a user (`pusher:signin`) once connected; the
	 * events the server sends to that user (channel `#server-to-user-{id}`)
	 * are then delivered too.
	 */
	signin?: (socketId: string) => SigninAuth;
	WebSocket: WebSocketConstructor;
	sleep: Sleep;
	/** Every event on a subscribed channel (internal `pusher_internal:` ones included), in arrival order. */
	onMessage: (message: ChannelMessage) => void;
	/** The client stopped for good after `start()` had succeeded. */
	onFatalError?: (error: PusherConnectionError) => void;
	/** The server refused this channel while others are subscribed (on each connection it happens on); the others keep listening. */
	onSubscriptionError?: (channel: string, error: PusherConnectionError) => void;
	onLog?: (level: LogLevel, message: string) => void;
	timing?: Partial<ClientTiming>;
	now?: () => number;
	random?: () => number;
}
