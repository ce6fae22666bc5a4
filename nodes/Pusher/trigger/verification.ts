import { verifyWebhook } from '../protocol';
import type { WebhookEvent } from '../protocol';
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
	const result = verifyWebhook({ headers, rawBody, credentials: keyPairs, maxAgeMs, now });
	return result.valid
		? { accepted: true, events: result.events, timeMs: result.timeMs }
		: { accepted: false, status: result.status, reason: result.reason };
}
