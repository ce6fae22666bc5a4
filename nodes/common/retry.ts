import { sleep } from 'n8n-workflow';

/**
 * How the package's nodes retry an HTTP request: only when it got no answer
 * (network error, timeout), a 429 or a 5xx; never on other statuses. Waits
 * grow exponentially from a base delay, with jitter so parallel retries
 * spread out. Off unless the node's options turn it on: a retried request
 * that had in fact arrived delivers twice.
 */
export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
}

export interface RequestPolicy {
	timeoutMs?: number;
	retry?: RetryPolicy;
}

/** What one attempt came to. */
export type Attempt<T> =
	| { kind: 'ok'; value: T }
	| { kind: 'status'; status: number; body: unknown }
	| { kind: 'network'; error: Error };

export type Failure = Exclude<Attempt<never>, { kind: 'ok' }>;

/** Runs `attempt` until it succeeds, fails for good, or the retries are spent. */
export async function withRetries<T>(
	attempt: () => Promise<Attempt<T>>,
	policy: RequestPolicy,
): Promise<{ result: Attempt<T>; attempts: number }> {
	const allowed = 1 + Math.max(0, policy.retry?.maxRetries ?? 0);
	for (let attempts = 1; ; attempts++) {
		const result = await attempt();
		if (result.kind === 'ok' || !isRetryable(result) || attempts >= allowed) return { result, attempts };
		await sleep(backoffDelay(policy.retry!.baseDelayMs, attempts));
	}
}

function isRetryable(failure: Failure): boolean {
	return failure.kind === 'network' || failure.status === 429 || failure.status >= 500;
}

/**
 * An error from n8n's HTTP helpers that means no answer arrived (refused,
 * reset, timed out, DNS). They wrap it in a NodeApiError: n8n 2.x keeps the
 * original as `cause`; n8n 1.x drops it and keeps only its code (`httpCode`)
 * and its message (`messages`).
 */
export function isNetworkError(error: unknown): boolean {
	const { cause, httpCode } = error as { cause?: unknown; httpCode?: unknown };
	const original = (cause ?? error) as { code?: unknown; isAxiosError?: unknown };
	return original.isAxiosError === true || [original.code, httpCode].some((code) => typeof code === 'string' && /^E[A-Z_]+$/.test(code));
}

/** The error text of a network failure, from wherever n8n's helpers put it. */
export function networkDetail(error: Error): string {
	const { cause, messages } = error as { cause?: Error; messages?: unknown };
	if (cause) return cause.message;
	return Array.isArray(messages) && typeof messages[0] === 'string' ? messages[0] : error.message;
}

/** 1x, 2x, 4x … the base delay, with up to 25% jitter. */
export function backoffDelay(baseDelayMs: number, attempt: number): number {
	const delay = baseDelayMs * 2 ** (attempt - 1);
	return Math.round(delay * (1 + Math.random() * 0.25));
}
