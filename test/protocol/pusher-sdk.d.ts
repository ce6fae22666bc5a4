// The official SDK's internals, used as test oracles (it ships no types for them).
declare module 'pusher/lib/requests' {
	export function createSignedQueryString(
		token: unknown,
		request: { method: string; path: string; params?: Record<string, unknown>; body?: string },
	): string;
}
declare module 'pusher/lib/token' {
	export default class Token {
		constructor(key: string, secret: string);
		sign(value: string): string;
	}
}
declare module 'pusher/lib/webhook' {
	export default class WebHook {
		constructor(token: unknown, request: { headers: Record<string, string>; rawBody: string });
		isValid(extraTokens?: Array<{ key: string; secret: string }>): boolean;
	}
}
