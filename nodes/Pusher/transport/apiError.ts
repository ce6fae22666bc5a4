import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/**
 * What to tell a user about a status Pusher (or a Pusher-protocol server)
 * answered, with the server's own message kept. Pusher answers errors as
 * plain text, Soketi as JSON `{"error": …, "code": …}`.
 */
const ADVICE: Record<number, string> = {
	400: 'The server refused the request as malformed',
	401: 'The server refused the signature: check the Key and Secret in the Pusher credential, and that this machine\'s clock is right (Pusher allows 10 minutes of skew)',
	403: 'The app is disabled or over its message quota: see its Pusher dashboard',
	404: 'Not found: check the App ID and the cluster or host in the Pusher credential (for a channel: it may not exist or not be occupied)',
	413: 'The request is larger than the server accepts: make the event data smaller (Pusher allows 10 KB per event; dedicated clusters more)',
	429: 'Too many requests: the server is rate limiting this app. turn on Options → Resend Failed Requests, or send fewer requests at once (Options → Parallel Requests)',
};

function serverMessage(body: unknown): string {
	if (typeof body === 'string') return body.trim().slice(0, 500);
	if (body && typeof body === 'object') {
		const { error, message } = body as { error?: unknown; message?: unknown };
		const text = typeof error === 'string' ? error : typeof message === 'string' ? message : JSON.stringify(body);
		return text.slice(0, 500);
	}
	return '';
}

export function apiError(
	node: INode,
	status: number,
	body: unknown,
	context: { itemIndex?: number; bytesSent?: number; what: string },
): NodeApiError {
	const advice =
		ADVICE[status] ?? (status >= 500 ? 'The server had a problem: try again later, or turn on Options → Resend Failed Requests' : 'The server refused the request');
	const sent = status === 413 && context.bytesSent !== undefined ? ` (${context.bytesSent} bytes were sent)` : '';
	const said = serverMessage(body);
	return new NodeApiError(node, { status, body: said } as JsonObject, {
		message: `Pusher answered ${status} to ${context.what}${sent}`,
		description: said ? `${advice}. The server said: ${said}` : `${advice}.`,
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
}
