import { jsonParse, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { itemError } from './itemError';

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

/** A `json` parameter: typed JSON text is parsed, an expression's value is taken as it is. */
export function jsonParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string, fallback: unknown = {}): unknown {
	const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return fallback;
	try {
		return jsonParse<IDataObject>(value);
	} catch (error) {
		throw itemError(ctx, itemIndex, label, `is not valid JSON (${(error as Error).message})`);
	}
}
