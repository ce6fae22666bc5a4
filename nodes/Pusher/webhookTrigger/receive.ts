import { verifyWebhook, type VerifyWebhookInput, type WebhookEvent } from '../protocol';
import { dedupeKey, webhookDedupeKey } from './dedupe';
import { selectEvents, shapeWebhookEvent } from './events';
import type { KeyPair, WebhookTriggerSettings } from './settings';

/**
 * What the trigger does with one webhook request, from its bytes to the items
 * it emits, with no n8n in it: verify, select, drop what this process already
 * emitted, shape.
 */
export type Reception =
	/** Not Pusher's, or not a webhook: answer `status`, start nothing. */
	| { outcome: 'refused'; status: 400 | 401; reason: string }
	/** Pusher's, but every event was filtered out or already emitted: answer 200, start nothing. */
	| { outcome: 'ignored'; received: number; duplicates: number }
	/** Start the workflow with `items`. */
	| { outcome: 'emit'; received: number; duplicates: number; emitted: number; items: Array<Record<string, unknown>> };

export interface ReceiveInput {
	headers: VerifyWebhookInput['headers'];
	rawBody: Uint8Array | undefined;
	settings: WebhookTriggerSettings;
	/** The credential's key and secret, first. */
	credentialKeyPair: KeyPair;
	encryptionMasterKey?: string;
	/**
	 * Whether this process already emitted the event with this key (and, if
	 * not, remembers it until `forgetAt`): see dedupe.ts.
	 */
	seenBefore?: (key: string, forgetAt: number) => boolean;
	now: number;
}

/** How long a key is worth remembering: as long as a retry of it could pass the age check. */
const REMEMBER_WITHOUT_AGE_CHECK_MS = 600_000;

export function receiveWebhook(input: ReceiveInput): Reception {
	const { settings, now } = input;
	const verdict = verifyWebhook({
		headers: input.headers,
		rawBody: input.rawBody,
		credentials: [input.credentialKeyPair, ...settings.extraKeyPairs],
		maxAgeMs: settings.maxAgeMs,
		now,
	});
	if (!verdict.valid) return { outcome: 'refused', status: verdict.status, reason: verdict.reason };

	const { events, timeMs } = verdict;
	const received = events.length;
	const selected = new Set(selectEvents(events, settings));
	const forgetAt = settings.maxAgeMs > 0 ? timeMs + settings.maxAgeMs + 1 : now + REMEMBER_WITHOUT_AGE_CHECK_MS;
	const fresh: Array<{ event: WebhookEvent; key: string }> = [];
	let duplicates = 0;
	events.forEach((event, index) => {
		if (!selected.has(event)) return;
		const key = dedupeKey(event, index, timeMs);
		if (input.seenBefore?.(key, forgetAt)) duplicates++;
		else fresh.push({ event, key });
	});
	if (fresh.length === 0) return { outcome: 'ignored', received, duplicates };

	const shaped = fresh.map(({ event, key }) => ({ ...shapeWebhookEvent(event, input.encryptionMasterKey), dedupeKey: key }));
	const items =
		settings.output === 'webhook'
			? [{ time_ms: timeMs, events: shaped, dedupeKey: webhookDedupeKey(fresh.map(({ event }) => event), timeMs) }]
			: shaped.map((event) => ({ ...event, time_ms: timeMs }));
	return { outcome: 'emit', received, duplicates, emitted: fresh.length, items };
}
