import { globMatch } from './glob';

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

export function channelMatches(filter: ChannelFilter, channel: unknown): boolean {
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
