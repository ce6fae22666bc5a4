import { parseNameList } from '../../common/nameList';
import type { ChannelFilter, ChannelFilterMode } from './events';

/** The webhook event types Pusher (and Soketi) can send. */
export const PUSHER_EVENT_TYPES = [
	'channel_occupied',
	'channel_vacated',
	'member_added',
	'member_removed',
	'client_event',
	'cache_miss',
	'subscription_count',
] as const;

export type OutputMode = 'event' | 'webhook';

export interface KeyPair {
	key: string;
	secret: string;
}

export interface DedupeSettings {
	windowMs: number;
	maxEntries: number;
}

/** Everything the trigger's parameters decide, as plain data. */
export interface WebhookTriggerSettings {
	eventTypes: string[];
	channelFilter: ChannelFilter;
	/** Names or wildcard patterns of client events not to emit. */
	droppedClientEvents: string[];
	output: OutputMode;
	/** Key/secret pairs trusted besides the credential's (key rotation). */
	extraKeyPairs: KeyPair[];
	/** Refuse webhooks whose time_ms is older than this; undefined = no limit. */
	maxAgeMs?: number;
	/** Drop events already emitted within a window; undefined = off. */
	dedupe?: DedupeSettings;
}

/** The node's parameters as n8n hands them over. */
export interface WebhookTriggerParameters {
	events?: unknown;
	channelFilter?: unknown;
	channels?: unknown;
	dropClientEvents?: unknown;
	output?: unknown;
	options?: {
		extraKeys?: { pairs?: Array<{ key?: unknown; secret?: unknown }> };
		maxAgeSeconds?: unknown;
		dedupeWindowSeconds?: unknown;
		dedupeMaxEntries?: unknown;
	};
}

const DEFAULT_DEDUPE_MAX_ENTRIES = 1000;
const CHANNEL_FILTER_MODES: ChannelFilterMode[] = ['any', 'exact', 'prefix', 'pattern'];

export function parseWebhookTriggerSettings(parameters: WebhookTriggerParameters): WebhookTriggerSettings {
	const options = parameters.options ?? {};
	const mode = CHANNEL_FILTER_MODES.find((candidate) => candidate === parameters.channelFilter) ?? 'any';
	const maxAgeSeconds = positiveNumber(options.maxAgeSeconds);
	const dedupeSeconds = positiveNumber(options.dedupeWindowSeconds);
	return {
		eventTypes: Array.isArray(parameters.events) ? parameters.events.filter((v): v is string => typeof v === 'string') : [...PUSHER_EVENT_TYPES],
		channelFilter: { mode, values: mode === 'any' ? [] : parseNameList(parameters.channels) },
		droppedClientEvents: parseNameList(parameters.dropClientEvents),
		output: parameters.output === 'webhook' ? 'webhook' : 'event',
		extraKeyPairs: (options.extraKeys?.pairs ?? [])
			.map((pair) => ({ key: asString(pair.key).trim(), secret: asString(pair.secret) }))
			.filter((pair) => pair.key !== '' && pair.secret !== ''),
		maxAgeMs: maxAgeSeconds === undefined ? undefined : maxAgeSeconds * 1000,
		dedupe:
			dedupeSeconds === undefined
				? undefined
				: {
						windowMs: dedupeSeconds * 1000,
						maxEntries: Math.floor(positiveNumber(options.dedupeMaxEntries) ?? DEFAULT_DEDUPE_MAX_ENTRIES) || 1,
					},
	};
}

function asString(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function positiveNumber(value: unknown): number | undefined {
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isFinite(number) && number > 0 ? number : undefined;
}
