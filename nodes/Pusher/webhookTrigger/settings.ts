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

/** Everything the trigger's parameters decide, as plain data. */
export interface WebhookTriggerSettings {
	eventTypes: string[];
	channelFilter: ChannelFilter;
	/** Names or wildcard patterns of client events not to emit. */
	droppedClientEvents: string[];
	output: OutputMode;
	/** Key/secret pairs trusted besides the credential's (key rotation). */
	extraKeyPairs: KeyPair[];
	/** Refuse webhooks whose time_ms is older than this (or more than a minute ahead); 0 = no check. */
	maxAgeMs: number;
}

/** The node's parameters as n8n hands them over. */
export interface WebhookTriggerParameters {
	events?: unknown;
	channelFilter?: unknown;
	channels?: unknown;
	dropClientEvents?: unknown;
	output?: unknown;
	/** Replay protection, in seconds; 0 turns it off. */
	maxAgeSeconds?: unknown;
	options?: {
		extraKeys?: { pairs?: Array<{ key?: unknown; secret?: unknown }> };
	};
}

/** Pusher retries for up to 5 minutes: 10 minutes accepts every retry, with room for clock skew. */
export const DEFAULT_MAX_AGE_SECONDS = 600;
const CHANNEL_FILTER_MODES: ChannelFilterMode[] = ['any', 'exact', 'prefix', 'pattern'];

export function parseWebhookTriggerSettings(parameters: WebhookTriggerParameters): WebhookTriggerSettings {
	const options = parameters.options ?? {};
	const mode = CHANNEL_FILTER_MODES.find((candidate) => candidate === parameters.channelFilter) ?? 'any';
	return {
		eventTypes: Array.isArray(parameters.events) ? parameters.events.filter((v): v is string => typeof v === 'string') : [...PUSHER_EVENT_TYPES],
		channelFilter: { mode, values: mode === 'any' ? [] : parseNameList(parameters.channels) },
		droppedClientEvents: parseNameList(parameters.dropClientEvents),
		output: parameters.output === 'webhook' ? 'webhook' : 'event',
		extraKeyPairs: (options.extraKeys?.pairs ?? [])
			.map((pair) => ({ key: asString(pair.key).trim(), secret: asString(pair.secret) }))
			.filter((pair) => pair.key !== '' && pair.secret !== ''),
		maxAgeMs: maxAgeSeconds(parameters.maxAgeSeconds) * 1000,
	};
}

function asString(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** 0 turns the check off; anything that is not a number of seconds keeps the safe default. */
function maxAgeSeconds(value: unknown): number {
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isFinite(number) && number >= 0 ? number : DEFAULT_MAX_AGE_SECONDS;
}
