import { verifyWebhook, type VerifyWebhookInput } from '../protocol';
import { dropSeenEvents, type SeenEvents } from './dedupe';
import { buildItems, selectEvents, shapeWebhookEvent } from './events';
import type { KeyPair, WebhookTriggerSettings } from './settings';

/**
 * What the trigger does with one webhook request, from its bytes to the items
 * it emits, with no n8n in it: verify, select, drop duplicates, shape.
 */
export type Reception =
	/** Not Pusher's, or not a webhook: answer `status`, start nothing. */
	| { outcome: 'refused'; status: 400 | 401; reason: string }
	/** Pusher's, but every event was filtered out or already seen: answer 200, start nothing. */
	| { outcome: 'ignored'; received: number; seen?: SeenEvents }
	/** Start the workflow with `items`. */
	| { outcome: 'emit'; received: number; items: Array<Record<string, unknown>>; seen?: SeenEvents };

export interface ReceiveInput {
	headers: VerifyWebhookInput['headers'];
	rawBody: Uint8Array | undefined;
	settings: WebhookTriggerSettings;
	/** The credential's key and secret, first. */
	credentialKeyPair: KeyPair;
	encryptionMasterKey?: string;
	/** What the dedupe remembered so far (the node's static data). */
	seenEvents?: unknown;
	now: number;
}

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

	const received = verdict.events.length;
	let events = selectEvents(verdict.events, settings);
	let seen: SeenEvents | undefined;
	if (settings.dedupe && events.length > 0) {
		({ fresh: events, seen } = dropSeenEvents(events, verdict.timeMs, input.seenEvents, settings.dedupe, now));
	}
	if (events.length === 0) return { outcome: 'ignored', received, seen };

	const shaped = events.map((event) => shapeWebhookEvent(event, input.encryptionMasterKey));
	return { outcome: 'emit', received, items: buildItems(shaped, verdict.timeMs, settings.output), seen };
}
