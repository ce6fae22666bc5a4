import type { INodeProperties } from 'n8n-workflow';

/**
 * The canvas subtitle: the chosen action as the Operation list words it
 * ("Send an event"), not the raw values ("trigger: event"), which would show
 * Pusher's word "trigger" next to n8n's real trigger nodes.
 */
export function actionSubtitle(properties: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation') continue;
		for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
			for (const option of property.options ?? []) {
				if ('action' in option && typeof option.action === 'string') actions[`${resource}:${String(option.value)}`] = option.action;
			}
		}
	}
	return `={{ ${JSON.stringify(actions)}[$parameter["resource"] + ":" + $parameter["operation"]] ?? "" }}`;
}
