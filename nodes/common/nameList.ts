import type { INode } from 'n8n-workflow';

/**
 * The one way every node of the package reads a list of names typed into a
 * field (channels, channel patterns, event names, Beams interests and user
 * IDs): typed text is names separated by spaces or new lines; an expression
 * gives an array, one name per entry, or a text that is one name (see
 * nameListValue). Commas are not separators: Pusher channel names may hold
 * them; whitespace never appears in a channel or event name, so a name that
 * holds some is refused by the name's own check instead of being split.
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
		if (inArray) {
			if (text.trim() !== '') names.push(text.trim());
			return;
		}
		for (const name of text.split(/\s+/)) if (name !== '') names.push(name);
	};
	add(value, false);
	return names;
}

/**
 * A list parameter's value as parseNameList should read it: the text an
 * expression returns is one name, not a list to split. So
 * `{{ 'progress-' + $fromAI('task_id') }}` names one progress- channel,
 * whatever an AI agent puts in the task ID ("a other-channel" is refused,
 * not sent to other-channel too). Only text typed into the field is split.
 */
export function nameListValue(node: INode, parameter: string, value: unknown): unknown {
	const raw = node.parameters[parameter];
	return typeof raw === 'string' && raw.startsWith('=') && typeof value === 'string' ? [value] : value;
}

/** The hint every list field shows, so the convention reads the same everywhere. */
export const NAME_LIST_HINT = 'Separate names with spaces or new lines, or use an expression that returns an array';
