import type { CloseAction } from './closeCodes';

/**
 * Exponential backoff with a cap and "equal jitter": attempt n waits between
 * half and all of min(max, base * 2^n), so many clients dropped at once do
 * not all come back in the same instant.
 */
export interface BackoffOptions {
	baseMs: number;
	maxMs: number;
	/** A number in [0, 1); default Math.random. */
	random?: () => number;
}

export function backoffDelay(attempt: number, { baseMs, maxMs, random = Math.random }: BackoffOptions): number {
	const exponent = Math.min(Math.max(attempt, 0), 30);
	const capped = Math.min(maxMs, baseMs * 2 ** exponent);
	return Math.round(capped / 2 + (random() * capped) / 2);
}

/**
 * How long to wait before reconnecting, by what the close asked for:
 * 4200-4299 at once the first time (then backing off, in case the server
 * keeps doing it), 4100-4199 at least the base delay, anything else the backoff.
 */
export function reconnectDelay(action: Exclude<CloseAction, 'fatal'>, attempt: number, options: BackoffOptions): number {
	const backoff = backoffDelay(attempt, options);
	if (action === 'reconnect-now') return attempt === 0 ? 0 : backoff;
	if (action === 'reconnect-later') return Math.max(backoff, options.baseMs);
	return backoff;
}
