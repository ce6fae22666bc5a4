/**
 * The one way every node of the package reads a list of names typed into a
 * field (channels, channel patterns, event names): names separated by spaces
 * or new lines, or an expression that gives an array (of names, or of such
 * texts). Commas are not separators: Pusher channel names may hold them;
 * whitespace never appears in a channel or event name.
 */
export function parseNameList(value: unknown): string[] {
	const names: string[] = [];
	const add = (entry: unknown): void => {
		if (Array.isArray(entry)) {
			entry.forEach(add);
			return;
		}
		if (entry === undefined || entry === null) return;
		const text = typeof entry === 'string' ? entry : typeof entry === 'number' ? String(entry) : JSON.stringify(entry);
		for (const name of text.split(/\s+/)) if (name !== '') names.push(name);
	};
	add(value);
	return names;
}

/** The hint every list field shows, so the convention reads the same everywhere. */
export const NAME_LIST_HINT = 'Separate names with spaces or new lines, or use an expression that returns an array';
