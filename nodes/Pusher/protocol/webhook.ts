import { isObject, NOT_JSON, tryParseJson } from '../../common/json';
import { constantTimeEqual, hmacSha256Hex } from './hmac';

/**
 * Verifies a webhook request from Pusher: `X-Pusher-Key` names one of the
 * app's keys, and `X-Pusher-Signature` is the hex HMAC-SHA256 of the raw body
 * bytes under that key's secret. The body must be `{ time_ms, events: [...] }`.
 */
export interface WebhookEvent {
	name: string;
	channel?: string;
	[field: string]: unknown;
}

export interface VerifyWebhookInput {
	/** Request headers; names are matched without regard to case. */
	headers: Record<string, string | string[] | undefined>;
	/** The body exactly as received: never re-serialized JSON. */
	rawBody: Uint8Array | string | undefined;
	/** Every key/secret pair that may sign (more than one during key rotation). */
	credentials: Array<{ key: string; secret: string }>;
	/**
	 * Replay protection: refuse webhooks whose `time_ms` is older than this
	 * (default 600 000: Pusher retries for up to 5 minutes), or more than
	 * `maxFutureMs` ahead of `now`. 0 turns both checks off.
	 */
	maxAgeMs?: number;
	/** How far ahead of `now` a `time_ms` may be (clock skew); default 60 000. */
	maxFutureMs?: number;
	/** Milliseconds since the epoch; for tests. */
	now?: number;
}

export const DEFAULT_MAX_AGE_MS = 600_000;
export const DEFAULT_MAX_FUTURE_MS = 60_000;

/**
 * On failure, `status` is what to answer: 401 when the request is not signed
 * by a trusted key (or its `time_ms` is outside the replay window), 400 when
 * it is signed but is not a webhook.
 */
export type WebhookVerification =
	| { valid: true; events: WebhookEvent[]; timeMs: number }
	| { valid: false; status: 400 | 401; reason: string };

/**
 * Never throws: whatever the caller passes (headers, body or credentials of
 * any type, as an n8n server may hand over), each shape is handled and ends in
 * a verdict. Headers that are not an object count as absent, a body that is
 * neither text nor bytes as empty, and credentials that are not pairs of
 * non-empty strings as not trusted.
 */
export function verifyWebhook({
	headers,
	rawBody,
	credentials,
	maxAgeMs = DEFAULT_MAX_AGE_MS,
	maxFutureMs = DEFAULT_MAX_FUTURE_MS,
	now,
}: VerifyWebhookInput): WebhookVerification {
	const shapeProblem = checkWebhookShape(headers, rawBody);
	if (shapeProblem) return unsigned(shapeProblem);
	const key = singleHeader(headers, 'x-pusher-key')!;
	const signature = singleHeader(headers, 'x-pusher-signature')!;

	const pair = trustedPairs(credentials).find((candidate) => constantTimeEqual(candidate.key, key));
	if (!pair) return unsigned('X-Pusher-Key is not a key this webhook trusts');

	const body = bodyBytes(rawBody);
	if (!constantTimeEqual(hmacSha256Hex(pair.secret, body), signature)) {
		return unsigned('X-Pusher-Signature does not match the body');
	}

	const payload = tryParseJson(body.toString('utf8'));
	if (payload === NOT_JSON) return malformed('The webhook body is not JSON');
	if (!isObject(payload) || !Array.isArray(payload.events) || !payload.events.every(isEvent)) {
		return malformed('The webhook body is not {"time_ms": …, "events": [{"name": …}, …]}');
	}
	const timeMs = Number(payload.time_ms);
	if (!Number.isFinite(timeMs)) return malformed('The webhook body has no numeric time_ms');
	if (maxAgeMs > 0) {
		const age = (now ?? Date.now()) - timeMs;
		if (age > maxAgeMs) return unsigned(`The webhook is ${Math.round(age / 1000)} s old, more than the ${maxAgeMs / 1000} s allowed`);
		if (-age > maxFutureMs) {
			return unsigned(`The webhook's time_ms is ${Math.round(-age / 1000)} s in the future, more than the ${maxFutureMs / 1000} s of clock skew allowed`);
		}
	}
	return { valid: true, events: payload.events, timeMs };
}

/**
 * Why a request cannot be a signed Pusher webhook whatever the keys, or
 * undefined: one `X-Pusher-Key`, one `X-Pusher-Signature` of 64 lowercase hex
 * digits (what Pusher sends) and a body are needed. Answerable before any
 * secret is read, so a caller can refuse such a request without one.
 */
export function checkWebhookShape(headers: unknown, rawBody: unknown): string | undefined {
	if (singleHeader(headers, 'x-pusher-key') === undefined) return 'The X-Pusher-Key header is missing or repeated';
	const signature = singleHeader(headers, 'x-pusher-signature');
	if (signature === undefined) return 'The X-Pusher-Signature header is missing or repeated';
	if (!/^[0-9a-f]{64}$/.test(signature)) return 'X-Pusher-Signature is not 64 lowercase hex digits, as Pusher signs';
	if (bodyBytes(rawBody).length === 0) return 'The webhook body is empty';
	return undefined;
}

/**
 * The header's one value, or undefined when it is absent, sent more than once,
 * or not text. Headers that are not a plain object (or a null-prototype one,
 * as Node's own are) have no values.
 */
function singleHeader(headers: unknown, name: string): string | undefined {
	if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return undefined;
	let found: unknown;
	let count = 0;
	for (const [header, value] of Object.entries(headers)) {
		if (header.toLowerCase() !== name || value === undefined) continue;
		const values: unknown[] = Array.isArray(value) ? value : [value];
		count += values.length;
		found = values[0];
	}
	return count === 1 && typeof found === 'string' ? found : undefined;
}

/** The key/secret pairs that can verify a signature: both non-empty strings. */
function trustedPairs(credentials: unknown): Array<{ key: string; secret: string }> {
	if (!Array.isArray(credentials)) return [];
	return credentials.filter(
		(pair): pair is { key: string; secret: string } =>
			isObject(pair) && typeof pair.key === 'string' && pair.key !== '' && typeof pair.secret === 'string' && pair.secret !== '',
	);
}

/** The body's bytes: text as UTF-8, bytes as they are; anything else has none. */
function bodyBytes(rawBody: unknown): Buffer {
	if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
	if (rawBody instanceof Uint8Array) return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
	return Buffer.alloc(0);
}

function unsigned(reason: string): WebhookVerification {
	return { valid: false, status: 401, reason };
}

function malformed(reason: string): WebhookVerification {
	return { valid: false, status: 400, reason };
}

function isEvent(value: unknown): value is WebhookEvent {
	return isObject(value) && typeof value.name === 'string';
}
