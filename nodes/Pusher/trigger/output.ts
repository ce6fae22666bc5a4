import type { OutputMode } from './settings';

/**
 * The items the trigger emits: one per event, each carrying the webhook's
 * `time_ms`; or one per webhook request, `{ time_ms, events: [...] }`.
 */
export function buildItems(events: Array<Record<string, unknown>>, timeMs: number, mode: OutputMode): Array<Record<string, unknown>> {
	if (mode === 'webhook') return [{ time_ms: timeMs, events }];
	return events.map((event) => ({ ...event, time_ms: timeMs }));
}
