/**
 * JSON helpers every part of the package shares, with no n8n in them.
 */

export function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Marks text that did not parse, so `null` (valid JSON) stays distinguishable. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/** The parsed value, or NOT_JSON when the text is not JSON. */
export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}

/** The object a JSON text holds; undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
	const value = tryParseJson(text);
	return isObject(value) ? value : undefined;
}

/**
 * A string holding a JSON object or array becomes that value; anything else
 * (other text, numbers, objects) stays as it is, so "123" is not turned into
 * 123. This is how event data Pusher sends as text reaches a workflow.
 */
export function parseJsonText(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return value;
	const parsed = tryParseJson(text);
	return parsed === NOT_JSON ? value : parsed;
}
