import type { WebhookEvent } from '../protocol';
import { channelMatches } from './channelFilter';
import { readClientData } from './clientData';
import { globMatch } from './glob';
import type { TriggerSettings } from './settings';

/**
 * Which of a webhook's events the workflow gets, and in what shape. Pure
 * functions of plain data: the node feeds them what verification returned.
 */

type EventFilter = Pick<TriggerSettings, 'eventTypes' | 'channelFilter' | 'droppedClientEvents'>;

/** The events of a chosen type, on a chosen channel, and not a dropped client event; in their order. */
export function selectEvents(events: WebhookEvent[], filter: EventFilter): WebhookEvent[] {
	return events.filter(
		(event) =>
			filter.eventTypes.includes(event.name) &&
			channelMatches(filter.channelFilter, event.channel) &&
			!isDroppedClientEvent(event, filter.droppedClientEvents),
	);
}

function isDroppedClientEvent(event: WebhookEvent, dropped: string[]): boolean {
	if (event.name !== 'client_event' || dropped.length === 0) return false;
	const name = event.event;
	return typeof name === 'string' && dropped.some((pattern) => globMatch(pattern, name));
}

/**
 * One event as the workflow sees it: every field Pusher sent, and for client
 * events `data` parsed (and decrypted on encrypted channels when a master key
 * is given) with the original kept as `rawData`.
 */
export function shapeEvent(event: WebhookEvent, encryptionMasterKey?: string): Record<string, unknown> {
	if (event.name !== 'client_event' || !('data' in event)) return { ...event };
	const { data, rawData, decrypted, decryptionError } = readClientData(event.channel, event.data, encryptionMasterKey);
	return {
		...event,
		data,
		rawData,
		...(decrypted ? { decrypted } : {}),
		...(decryptionError !== undefined ? { decryptionError } : {}),
	};
}
