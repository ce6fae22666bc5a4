import { verifyWebhook } from '../protocol';
import type { WebhookEvent } from '../protocol';
import { constantTimeEqual, hmacSha256Hex } from '../protocol/hmac';
import type { KeyPair } from './settings';

/**
 * Decides whether a webhook request is Pusher's, and what to answer when not:
 * - 401 when it is not signed by a trusted key (unknown key, bad or missing
 *   signature, missing or repeated headers, empty body), or when it is signed
 *   but older than the configured maximum age (a replay);
 * - 400 when it is signed but its body is not a Pusher webhook
 *   (not JSON, no `events` array, no numeric `time_ms`).
 */
export type Verdict =
	| { accepted: true; events: WebhookEvent[]; timeMs: number }
	| { accepted: false; status: 400 | 401; reason: string };

export type Headers = Record<string, string | string[] | undefined>;

export interface VerifyRequestInput {
	headers: Headers;
	rawBody: Uint8Array | undefined;
	keyPairs: KeyPair[];
	maxAgeMs?: number;
	now: number;
}

export function verifyRequest({ headers, rawBody, keyPairs, maxAgeMs, now }: VerifyRequestInput): Verdict {
	const result = verifyWebhook({ headers, rawBody, credentials: keyPairs });
	if (!result.valid) {
		return { accepted: false, status: isSignedByTrustedKey(headers, rawBody, keyPairs) ? 400 : 401, reason: result.reason };
	}
	if (maxAgeMs !== undefined && now - result.timeMs > maxAgeMs) {
		const age = Math.round((now - result.timeMs) / 1000);
		return { accepted: false, status: 401, reason: `The webhook is ${age} s old, more than the ${maxAgeMs / 1000} s allowed` };
	}
	return { accepted: true, events: result.events, timeMs: result.timeMs };
}

/** Whether the body carries a valid signature: tells a malformed Pusher webhook (400) from a forged one (401). */
function isSignedByTrustedKey(headers: Headers, rawBody: Uint8Array | undefined, keyPairs: KeyPair[]): boolean {
	const key = onlyValue(headers, 'x-pusher-key');
	const signature = onlyValue(headers, 'x-pusher-signature');
	if (key === undefined || signature === undefined || !rawBody || rawBody.length === 0) return false;
	const pair = keyPairs.find((candidate) => candidate.key !== '' && constantTimeEqual(candidate.key, key));
	return pair !== undefined && constantTimeEqual(hmacSha256Hex(pair.secret, rawBody), signature);
}

/** The header's value when it was sent exactly once. */
function onlyValue(headers: Headers, name: string): string | undefined {
	const values = Object.entries(headers)
		.filter(([header, value]) => header.toLowerCase() === name && value !== undefined)
		.flatMap(([, value]) => value as string | string[]);
	return values.length === 1 ? values[0] : undefined;
}
