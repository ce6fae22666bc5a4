/**
 * The one way every node of the package reads a list of names typed into a
 * field (channels, channel patterns, event names, Beams interests and user
 * IDs): names separated by spaces or new lines, or an expression that gives
 * an array (of names, or of such texts). Commas are not separators: Pusher
 * channel names may hold them; whitespace never appears in a channel or
 * event name.
 */
export interface NameListOptions {
	/**
	 * Take each entry of an array as one name, spaces and all, and refuse
	 * entries that are neither text nor a number. For IDs that may hold spaces
	 * (Beams user IDs), where splitting or stringifying would address someone else.
	 */
	wholeArrayEntries?: boolean;
}

export function parseNameList(value: unknown, options: NameListOptions = {}): string[] {
	const names: string[] = [];
	const add = (entry: unknown, inArray: boolean): void => {
		if (Array.isArray(entry)) {
			for (const item of entry) add(item, true);
			return;
		}
		if (entry === undefined || entry === null) return;
		if (inArray && options.wholeArrayEntries) {
			if (typeof entry !== 'string' && typeof entry !== 'number') {
				throw new Error(`the list holds ${JSON.stringify(entry).slice(0, 80)}, which is not a name: each entry must be text or a number`);
			}
			if (entry !== '') names.push(String(entry));
			return;
		}
		const text = typeof entry === 'string' ? entry : typeof entry === 'number' ? String(entry) : JSON.stringify(entry);
		for (const name of text.split(/\s+/)) if (name !== '') names.push(name);
	};
	add(value, false);
	return names;
}

/** The hint every list field shows, so the convention reads the same everywhere. */
export const NAME_LIST_HINT = 'Separate names with spaces or new lines, or use an expression that returns an array';
