/**
 * What a Pusher close or error code asks the client to do (Pusher protocol 7,
 * "Connection closure"):
 * - 4000-4099: do not reconnect as is (wrong app key, app disabled, over the
 *   connection quota, unauthorized…): report the error;
 * - 4100-4199: reconnect, but only after a delay (e.g. over capacity);
 * - 4200-4299: reconnect at once (e.g. the server is restarting);
 * - anything else (network drop, 1000/1001/1006…): reconnect with backoff.
 */
export type CloseAction = 'fatal' | 'reconnect-later' | 'reconnect-now' | 'reconnect';

export function closeAction(code: number | undefined): CloseAction {
	if (code === undefined || !Number.isInteger(code)) return 'reconnect';
	if (code >= 4000 && code <= 4099) return 'fatal';
	if (code >= 4100 && code <= 4199) return 'reconnect-later';
	if (code >= 4200 && code <= 4299) return 'reconnect-now';
	return 'reconnect';
}

/** True for the codes Pusher defines (4000-4299), which take precedence over a plain close. */
export function isPusherCode(code: number | undefined): code is number {
	return code !== undefined && Number.isInteger(code) && code >= 4000 && code <= 4299;
}

/** One line on why a socket closed, for logs and error messages. */
export function describeClose(code: number, reason: string, whileConnecting: boolean, socketError?: string): string {
	const suffix = reason ? `: ${reason}` : '';
	if (code === 1006) {
		const detail = socketError ? ` (${socketError})` : '';
		return whileConnecting
			? `the WebSocket could not be opened: host unreachable, connection refused or handshake rejected${detail} (code 1006)`
			: `the connection dropped${detail} (code 1006)`;
	}
	return `closed with code ${code}${suffix}`;
}

/** Node's WebSocket reports errors without detail; keep what there is. */
export function describeSocketError(event: { message?: string; error?: unknown }): string | undefined {
	const error = event.error instanceof Error ? (event.error as Error & { cause?: unknown }) : undefined;
	const cause = error?.cause instanceof Error ? error.cause : error;
	return event.message || cause?.message || (cause as { code?: string } | undefined)?.code || undefined;
}
