import { globMatch } from '../../common/glob';
import type { WebhookEvent } from '../protocol';
import { readClientData } from './clientData';
import type { WebhookTriggerSettings } from './settings';

/**
 * Which of a webhook's events the workflow gets, and in what shape. Pure
 * functions of plain data: the node feeds them what verification returned.
 */

/**
 * Which channels' events the trigger keeps:
 * - `any`: all of them;
 * - `exact`: channels named exactly as listed;
 * - `prefix`: channels whose name starts with one of the listed prefixes;
 * - `pattern`: channels matching one of the listed wildcard patterns (`*` = any run of characters).
 * An event without a channel passes only `any`.
 */
export type ChannelFilterMode = 'any' | 'exact' | 'prefix' | 'pattern';

export interface ChannelFilter {
	mode: ChannelFilterMode;
	values: string[];
}

function channelMatches(filter: ChannelFilter, channel: unknown): boolean {
	if (filter.mode === 'any') return true;
	if (typeof channel !== 'string') return false;
	switch (filter.mode) {
		case 'exact':
			return filter.values.includes(channel);
		case 'prefix':
			return filter.values.some((prefix) => channel.startsWith(prefix));
		case 'pattern':
			return filter.values.some((pattern) => globMatch(pattern, channel));
		default:
			return false;
	}
}

type EventFilter = Pick<WebhookTriggerSettings, 'eventTypes' | 'channelFilter' | 'droppedClientEvents'>;

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
export function shapeWebhookEvent(event: WebhookEvent, encryptionMasterKey?: string): Record<string, unknown> {
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
