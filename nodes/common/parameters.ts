import { jsonParse, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from './itemErrors';

/**
 * A `json` parameter's value: typed JSON text is parsed, an expression's value
 * is taken as it is, an empty text gives `fallback`.
 */
export function jsonParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string, fallback: unknown = {}): unknown {
	const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return fallback;
	try {
		return jsonParse<IDataObject>(value);
	} catch (error) {
		throw fieldError(
			ctx,
			itemIndex,
			label,
			`The text is not valid JSON: ${(error as Error).message}`,
			`Correct the JSON in ${label} (names and strings need double quotes), or build the value with an expression such as {{ { id: $json.id } }}`,
		);
	}
}
