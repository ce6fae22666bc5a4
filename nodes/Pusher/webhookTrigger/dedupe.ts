import { createHash } from 'node:crypto';

import type { WebhookEvent } from '../protocol';
import type { DedupeSettings } from './settings';

/**
 * Pusher retries a webhook it got no 2xx for during up to 5 minutes, so the
 * same events can arrive more than once. The trigger remembers a fingerprint
 * of each event it emitted (a hash of the event and the webhook's `time_ms`,
 * never the data itself) until the window has passed, and drops events whose
 * fingerprint it still remembers. The memory is bounded: past `maxEntries`,
 * the fingerprints closest to expiry are forgotten first.
 *
 * Events repeated inside one webhook are all kept: a retry resends the whole
 * request, so a repeat inside a request is not a retry.
 */

/** Fingerprint → when it may be forgotten (ms since the epoch). */
export type SeenEvents = Record<string, number>;

export interface DedupeResult {
	fresh: WebhookEvent[];
	seen: SeenEvents;
}

export function dropSeenEvents(
	events: WebhookEvent[],
	timeMs: number,
	previouslySeen: unknown,
	{ windowMs, maxEntries }: DedupeSettings,
	now: number,
): DedupeResult {
	const seen = unexpired(previouslySeen, now);
	const fingerprints = events.map((event) => eventFingerprint(event, timeMs));
	const fresh = events.filter((_event, index) => seen[fingerprints[index]] === undefined);
	const remembered: SeenEvents = { ...seen };
	for (const fingerprint of fingerprints) remembered[fingerprint] ??= now + windowMs;
	return { fresh, seen: bounded(remembered, maxEntries) };
}

/** A short hash identifying an event: the same event in a retried webhook gives the same fingerprint. */
export function eventFingerprint(event: WebhookEvent, timeMs: number): string {
	return createHash('sha256')
		.update(canonicalJson({ time_ms: timeMs, event }))
		.digest('base64url')
		.slice(0, 22);
}

/** JSON with object keys sorted, so that key order does not change the fingerprint. */
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

/** The stored fingerprints that have not expired; anything malformed in storage is ignored. */
function unexpired(stored: unknown, now: number): SeenEvents {
	const seen: SeenEvents = {};
	if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return seen;
	for (const [fingerprint, expiresAt] of Object.entries(stored as Record<string, unknown>)) {
		if (typeof expiresAt === 'number' && expiresAt > now) seen[fingerprint] = expiresAt;
	}
	return seen;
}

function bounded(seen: SeenEvents, maxEntries: number): SeenEvents {
	const entries = Object.entries(seen);
	if (entries.length <= maxEntries) return seen;
	entries.sort(([, a], [, b]) => b - a);
	return Object.fromEntries(entries.slice(0, maxEntries));
}
