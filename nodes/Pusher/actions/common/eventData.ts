import type { IExecuteFunctions } from 'n8n-workflow';

import { jsonParameter } from '../../../common/parameters';

/** The event data an item's "Send Data As" parameters describe. */
export function eventData(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const mode = ctx.getNodeParameter('dataMode', itemIndex, 'json') as string;
	if (mode === 'text') return ctx.getNodeParameter('dataText', itemIndex, '') as string;
	if (mode === 'fields') {
		const fields = ctx.getNodeParameter('dataFields.field', itemIndex, []) as Array<{ name: string; value: unknown }>;
		return Object.fromEntries(fields.map(({ name, value }) => [name, value]));
	}
	return jsonParameter(ctx, 'dataJson', itemIndex, 'Data');
}
