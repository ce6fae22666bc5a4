/**
 * The few parts of the WHATWG WebSocket the client uses, declared here because
 * the project compiles without the DOM library. Node.js has a built-in
 * `WebSocket` global from version 22 (n8n 2.x runs on 24); older Node.js
 * versions have none, and `builtInWebSocket()` then answers undefined.
 */
export interface WebSocketMessageEvent {
	/** A string for text frames; binary frames arrive as other types and are ignored. */
	readonly data: unknown;
}

export interface WebSocketCloseEvent {
	readonly code: number;
	readonly reason: string;
}

export interface WebSocketErrorEvent {
	readonly message?: string;
	readonly error?: unknown;
}

export interface WebSocketLike {
	readonly readyState: number;
	onopen: ((event: unknown) => void) | null;
	onmessage: ((event: WebSocketMessageEvent) => void) | null;
	onclose: ((event: WebSocketCloseEvent) => void) | null;
	onerror: ((event: WebSocketErrorEvent) => void) | null;
	send(data: string): void;
	close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `readyState` values (the same in every implementation). */
export const READY_STATE = { connecting: 0, open: 1, closing: 2, closed: 3 } as const;

declare const WebSocket: WebSocketConstructor | undefined;

/** Node.js's own WebSocket class, or undefined before Node.js 22. */
export function builtInWebSocket(): WebSocketConstructor | undefined {
	return typeof WebSocket === 'undefined' ? undefined : WebSocket;
}
