import { globMatch } from '../../common/glob';

/**
 * Which received events start the workflow. Events the app sends (server and
 * client events) pass when all are wanted or their name matches one of the
 * listed names or `*` patterns; Pusher's own channel events (`pusher:…`) pass
 * only when chosen one by one.
 */
export interface EventSelection {
	/** 'all', or names and `*` patterns. */
	eventNames: 'all' | string[];
	/** Output names of the Pusher events wanted, e.g. `pusher:member_added`. */
	pusherEvents: string[];
}

export function isPusherEventName(name: string): boolean {
	return name.startsWith('pusher:') || name.startsWith('pusher_internal:');
}

export function isSelected(outputName: string, selection: EventSelection): boolean {
	if (isPusherEventName(outputName)) return selection.pusherEvents.includes(outputName);
	if (selection.eventNames === 'all') return true;
	return selection.eventNames.some((pattern) => globMatch(pattern, outputName));
}
