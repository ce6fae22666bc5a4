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
	/** Reject webhooks whose `time_ms` is older than this. */
	maxAgeMs?: number;
	/** Milliseconds since the epoch; for tests. */
	now?: number;
}

export type WebhookVerification =
	| { valid: true; events: WebhookEvent[]; timeMs: number }
	| { valid: false; reason: string };

export function verifyWebhook(input: VerifyWebhookInput): WebhookVerification {
	try {
		return verify(input);
	} catch {
		return { valid: false, reason: 'The webhook could not be read' };
	}
}

function verify({ headers, rawBody, credentials, maxAgeMs, now }: VerifyWebhookInput): WebhookVerification {
	const key = singleHeader(headers, 'x-pusher-key');
	const signature = singleHeader(headers, 'x-pusher-signature');
	if (key === undefined) return { valid: false, reason: 'The X-Pusher-Key header is missing or repeated' };
	if (signature === undefined) return { valid: false, reason: 'The X-Pusher-Signature header is missing or repeated' };

	const pair = credentials.find((candidate) => candidate.key !== '' && constantTimeEqual(candidate.key, key));
	if (!pair) return { valid: false, reason: 'X-Pusher-Key is not a key this webhook trusts' };

	const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
	if (!body || body.length === 0) return { valid: false, reason: 'The webhook body is empty' };
	if (!constantTimeEqual(hmacSha256Hex(pair.secret, body), signature)) {
		return { valid: false, reason: 'X-Pusher-Signature does not match the body' };
	}

	let payload: unknown;
	try {
		payload = JSON.parse(Buffer.from(body).toString('utf8'));
	} catch {
		return { valid: false, reason: 'The webhook body is not JSON' };
	}
	if (!isObject(payload) || !Array.isArray(payload.events) || !payload.events.every(isEvent)) {
		return { valid: false, reason: 'The webhook body is not {"time_ms": …, "events": [{"name": …}, …]}' };
	}
	const timeMs = Number(payload.time_ms);
	if (!Number.isFinite(timeMs)) return { valid: false, reason: 'The webhook body has no numeric time_ms' };
	if (maxAgeMs !== undefined && (now ?? Date.now()) - timeMs > maxAgeMs) {
		return { valid: false, reason: `The webhook is older than ${Math.round(maxAgeMs / 1000)} s (time_ms ${timeMs})` };
	}
	return { valid: true, events: payload.events, timeMs };
}

/** The header's one value, or undefined when it is absent or sent more than once. */
function singleHeader(headers: VerifyWebhookInput['headers'], name: string): string | undefined {
	let found: string | undefined;
	let count = 0;
	for (const [header, value] of Object.entries(headers ?? {})) {
		if (header.toLowerCase() !== name || value === undefined) continue;
		const values = Array.isArray(value) ? value : [value];
		count += values.length;
		found = values[0];
	}
	return count === 1 ? found : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEvent(value: unknown): value is WebhookEvent {
	return isObject(value) && typeof value.name === 'string';
}
