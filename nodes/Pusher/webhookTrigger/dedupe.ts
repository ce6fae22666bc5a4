import { createHash } from 'node:crypto';

import type { WebhookEvent } from '../protocol';

/**
 * Pusher retries a webhook it got no 2xx for during up to 5 minutes, so the
 * same events can arrive more than once. Two layers keep a retry from
 * running the workflow twice:
 *
 * 1. Every item the trigger emits carries a `dedupeKey`: a hash of what makes
 *    two deliveries the same event (the webhook's `time_ms`, the event's
 *    place in the webhook and its content; never the data itself). n8n's own
 *    Remove Duplicates node on `{{ $json.dedupeKey }}` keeps it in n8n's
 *    database, shared by every process of the instance.
 * 2. Each n8n process also remembers the keys it emitted while a retry of
 *    them could still pass the age check, and starts nothing for one it has
 *    seen. That catches retries arriving at the same moment, which a database
 *    read-then-write cannot: n8n's Remove Duplicates is not atomic.
 *
 * Two events alike in content are different events when their `time_ms`
 * differ, or when they stand at different places in one webhook.
 */

/** A short, stable hash naming one event of one webhook request. */
export function dedupeKey(event: WebhookEvent, index: number, timeMs: number): string {
	return hash({ time_ms: timeMs, index, event });
}

/** The key of a whole webhook request, for the "Each Webhook" output. */
export function webhookDedupeKey(events: WebhookEvent[], timeMs: number): string {
	return hash({ time_ms: timeMs, events });
}

function hash(value: unknown): string {
	return createHash('sha256').update(canonicalJson(value)).digest('base64url').slice(0, 22);
}

/** JSON with object keys sorted, so that key order does not change the key. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, entry]) => entry !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * The keys this process emitted recently, each until `forgetAt`. Bounded: past
 * `maxEntries` the oldest are forgotten first (a retry that old is refused by
 * the age check anyway). No timers: expired keys are swept as new ones come.
 */
export class RecentKeys {
	private readonly keys = new Map<string, number>();

	constructor(private readonly maxEntries = 50_000) {}

	/** True when `key` was remembered and has not expired; otherwise remembers it until `forgetAt`. */
	seenBefore(key: string, now: number, forgetAt: number): boolean {
		const until = this.keys.get(key);
		if (until !== undefined && until > now) return true;
		this.keys.delete(key);
		this.keys.set(key, forgetAt);
		this.sweep(now);
		return false;
	}

	get size(): number {
		return this.keys.size;
	}

	private sweep(now: number): void {
		// Insertion order is expiry order when every key gets the same lifetime.
		for (const [key, until] of this.keys) {
			if (until > now && this.keys.size <= this.maxEntries) break;
			this.keys.delete(key);
		}
	}
}
