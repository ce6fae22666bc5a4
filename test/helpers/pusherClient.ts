/**
 * Real pusher-js clients (its Node build) connected to a Soketi instance.
 *
 *   const client = await connectClient(soketi, { authorize: (socketId, channel) => sdk.authorizeChannel(socketId, channel) });
 *   const channel = await subscribe(client, 'private-orders');
 *   const got = collect(channel, 'created');
 *   await sdk.trigger('private-orders', 'created', { id: 1 });
 *   expect(await got.waitFor(1)).toEqual([{ id: 1 }]);
 *
 * Channel authorization and user sign-in go through pusher-js's
 * `customHandler` options, so no HTTP auth endpoint is involved; return what
 * an auth endpoint would answer (`{ auth, channel_data?, shared_secret? }`,
 * `{ auth, user_data }`). Clients are WebSocket-only (Soketi has no HTTP
 * fallback transports). Every client is disconnected by `disconnectAll()`,
 * which this module also registers as an `afterAll`.
 */
import Pusher from 'pusher-js';
import type { Channel, Options, PresenceChannel } from 'pusher-js';

export interface ChannelAuthData {
	auth: string;
	channel_data?: string;
	shared_secret?: string;
}

export interface UserAuthData {
	auth: string;
	user_data: string;
}

export interface ClientOptions {
	/** Answers channel authorization for private, presence and encrypted channels. */
	authorize?: (socketId: string, channelName: string) => ChannelAuthData | Promise<ChannelAuthData>;
	/** Answers user sign-in (`signin(client)`). */
	userAuthenticate?: (socketId: string) => UserAuthData | Promise<UserAuthData>;
	/** App key to connect with; default the server's. */
	key?: string;
	/** Any other pusher-js options (override the ones set here). */
	pusherOptions?: Partial<Options>;
	/** Give up connecting after this long. Default 10 s. */
	timeoutMs?: number;
}

/** Where to connect: a `Soketi` handle fits. */
export interface PusherServer {
	key: string;
	port: number;
	host?: string;
}

export type PusherClient = Pusher;

const clients = new Set<Pusher>();
const DEFAULT_TIMEOUT = 10_000;

function handler<Params, Data>(fn: ((params: Params) => Data | Promise<Data>) | undefined, what: string) {
	return (params: Params, callback: (error: Error | null, data: Data | null) => void) => {
		if (!fn) {
			callback(new Error(`connectClient: no ${what} handler given`), null);
			return;
		}
		Promise.resolve()
			.then(() => fn(params))
			.then(
				(data) => callback(null, data),
				(error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
			);
	};
}

/** Resolves once `wait` settles it, rejecting after `timeoutMs` with `what`. */
function within<T>(
	timeoutMs: number,
	what: string | (() => string),
	wait: (resolve: (value: T) => void, reject: (error: Error) => void) => () => void,
): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let settled = false;
		let cleanup: (() => void) | undefined;
		const settle = <A>(fn: (arg: A) => void) => (arg: A) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			cleanup?.();
			fn(arg);
		};
		const timer = setTimeout(() => settle(reject)(new Error(`${typeof what === 'string' ? what : what()} (gave up after ${timeoutMs} ms)`)), timeoutMs);
		cleanup = wait(settle(resolve), settle(reject));
		if (settled) cleanup(); // `wait` settled synchronously
	});
}

/** Connects a pusher-js client and resolves once the connection is established. */
export async function connectClient(server: PusherServer, opts: ClientOptions = {}): Promise<PusherClient> {
	const host = server.host ?? '127.0.0.1';
	const client = new Pusher(opts.key ?? server.key, {
		cluster: 'local',
		wsHost: host,
		wsPort: server.port,
		forceTLS: false,
		enabledTransports: ['ws'],
		disableStats: true,
		channelAuthorization: {
			customHandler: handler(
				opts.authorize
					? (p: { socketId: string; channelName: string }) => opts.authorize!(p.socketId, p.channelName)
					: undefined,
				'authorize',
			),
		},
		userAuthentication: {
			customHandler: handler(
				opts.userAuthenticate ? (p: { socketId: string }) => opts.userAuthenticate!(p.socketId) : undefined,
				'userAuthenticate',
			),
		},
		...opts.pusherOptions,
	});
	clients.add(client);

	const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT;
	try {
		await within<void>(timeoutMs, `pusher-js could not connect to ${host}:${server.port}`, (resolve, reject) => {
			let lastError: unknown;
			const onState = ({ current }: { current: string }) => {
				if (current === 'connected') resolve();
				// 'disconnected': the server refused (e.g. 4001 unknown app key: pusher-js does not retry 40xx)
				if (current === 'failed' || current === 'unavailable' || current === 'disconnected') {
					reject(new Error(`pusher-js connection ${current}${lastError ? `: ${JSON.stringify(lastError)}` : ''}`));
				}
			};
			const onError = (error: unknown) => {
				lastError = error;
			};
			client.connection.bind('state_change', onState);
			client.connection.bind('error', onError);
			return () => {
				client.connection.unbind('state_change', onState);
				client.connection.unbind('error', onError);
			};
		});
	} catch (error) {
		disconnect(client);
		throw error;
	}
	return client;
}

export function socketIdOf(client: PusherClient): string {
	return client.connection.socket_id;
}

/** Subscribes and resolves on `pusher:subscription_succeeded`; rejects on `pusher:subscription_error`. */
export async function subscribe<C extends Channel = Channel>(
	client: PusherClient,
	channelName: string,
	timeoutMs = DEFAULT_TIMEOUT,
): Promise<C> {
	const channel = client.subscribe(channelName) as C;
	if (channel.subscribed) return channel;
	return await within<C>(timeoutMs, `no subscription answer for ${channelName}`, (resolve, reject) => {
		const ok = () => resolve(channel);
		const failed = (status: unknown) => {
			client.unsubscribe(channelName);
			reject(Object.assign(new Error(`subscription to ${channelName} failed: ${JSON.stringify(status)}`), { status }));
		};
		channel.bind('pusher:subscription_succeeded', ok);
		channel.bind('pusher:subscription_error', failed);
		return () => {
			channel.unbind('pusher:subscription_succeeded', ok);
			channel.unbind('pusher:subscription_error', failed);
		};
	});
}

/**
 * Signs the client in as a user (`userAuthenticate` answers) and resolves with
 * the user data the server accepted, once the server-to-user channel is
 * subscribed (so `sendToUser` reaches it from then on).
 */
export async function signin(client: PusherClient, timeoutMs = DEFAULT_TIMEOUT): Promise<{ id: string } & Record<string, unknown>> {
	const user = client.user as typeof client.user & { serverToUserChannel: Channel | null };
	return await within(timeoutMs, 'sign-in got no answer', (resolve, reject) => {
		let channel: Channel | null = null;
		const done = () => resolve(user.user_data as { id: string });
		const failed = (error: unknown) => reject(new Error(`sign-in failed: ${JSON.stringify(error)}`));
		user.bind('pusher:signin_error', failed);
		client.signin();
		void user.signinDonePromise?.then(() => {
			channel = user.serverToUserChannel;
			if (!user.user_data || !channel) return failed('no user data after sign-in');
			if (channel.subscribed) return done();
			channel.bind('pusher:subscription_succeeded', done);
			channel.bind('pusher:subscription_error', failed);
		});
		return () => {
			user.unbind('pusher:signin_error', failed);
			channel?.unbind('pusher:subscription_succeeded', done);
			channel?.unbind('pusher:subscription_error', failed);
		};
	});
}

/** User ids of a subscribed presence channel's members. */
export function memberIds(channel: PresenceChannel): string[] {
	const ids: string[] = [];
	channel.members.each((member: { id: string }) => ids.push(member.id));
	return ids.sort();
}

export interface Received {
	event: string;
	data: unknown;
	/** pusher-js's second callback argument (e.g. `user_id` of client events). */
	metadata?: unknown;
}

export interface Collector {
	/** `data` of each event, as pusher-js delivered it (parsed JSON, decrypted for encrypted channels). */
	readonly events: unknown[];
	readonly received: Received[];
	/** Resolves with the first `count` events' data once that many have arrived. */
	waitFor(count: number, timeoutMs?: number): Promise<unknown[]>;
	stop(): void;
}

interface Bindable {
	bind(event: string, callback: (...args: any[]) => void): unknown;
	unbind(event?: string, callback?: (...args: any[]) => void): unknown;
	bind_global(callback: (...args: any[]) => void): unknown;
	unbind_global(callback?: (...args: any[]) => void): unknown;
}

/**
 * Records the events `target` (a channel, `client.user`, or the client) emits:
 * only `eventName`, or every event (internal `pusher:` ones excluded) when omitted.
 */
export function collect(target: Bindable, eventName?: string): Collector {
	const received: Received[] = [];
	const events: unknown[] = [];
	const waiters = new Set<() => void>();
	const record = (event: string, data: unknown, metadata?: unknown) => {
		received.push({ event, data, metadata });
		events.push(data);
		for (const check of [...waiters]) check();
	};
	const onEvent = (data: unknown, metadata?: unknown) => record(eventName!, data, metadata);
	const onAny = (event: string, data: unknown) => {
		if (!event.startsWith('pusher:') && !event.startsWith('pusher_internal:')) record(event, data);
	};
	if (eventName) target.bind(eventName, onEvent);
	else target.bind_global(onAny);

	return {
		events,
		received,
		waitFor(count, timeoutMs = DEFAULT_TIMEOUT) {
			return within(
				timeoutMs,
				() => `expected ${count} ${eventName ?? ''} event(s), got ${events.length}: ${JSON.stringify(received)}`,
				(resolve) => {
					const check = () => {
						if (events.length >= count) resolve(events.slice(0, count));
					};
					waiters.add(check);
					check();
					return () => waiters.delete(check);
				},
			);
		},
		stop() {
			if (eventName) target.unbind(eventName, onEvent);
			else target.unbind_global(onAny);
		},
	};
}

export function disconnect(client: PusherClient) {
	client.disconnect();
	clients.delete(client);
}

/** Disconnects every client `connectClient` made in this test file. */
export function disconnectAll() {
	for (const client of [...clients]) disconnect(client);
}

if (typeof afterAll === 'function') afterAll(disconnectAll);
