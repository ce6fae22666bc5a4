import { validateFieldType, type AssignmentValue, type FieldType, type IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../../../common/itemErrors';
import { jsonParameter } from '../../../common/parameters';

/** The event data an item's "Send Data As" parameters describe. */
export function eventData(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const mode = ctx.getNodeParameter('dataMode', itemIndex, 'json') as string;
	if (mode === 'text') return ctx.getNodeParameter('dataText', itemIndex, '') as string;
	if (mode === 'input') return inputItemData(ctx, itemIndex);
	if (mode === 'fields') {
		const fields = ctx.getNodeParameter('dataFields.assignments', itemIndex, []) as AssignmentValue[];
		return Object.fromEntries(fields.map((field) => [field.name, typedValue(ctx, itemIndex, field)]));
	}
	return jsonParameter(ctx, 'dataJson', itemIndex, 'Data');
}

/** Send Data As → Input Item: the item's JSON, or the value at Field (`a.b` goes into `a`), read without evaluating anything. */
function inputItemData(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	const field = String(ctx.getNodeParameter('dataField', itemIndex, '')).trim();
	if (field === '') return json;
	let value: unknown = json;
	for (const key of field.split('.')) {
		if (value === null || typeof value !== 'object' || !(key in value)) {
			throw fieldError(ctx, itemIndex, 'Field', `The input item has no field "${field}"`, 'Give the name of a field the input items have, or leave Field empty to send the whole item');
		}
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** A field's value as the type chosen for it (Number → 42, not "42"), as n8n's Edit Fields node reads it. */
function typedValue(ctx: IExecuteFunctions, itemIndex: number, { name, value, type }: AssignmentValue): unknown {
	if (value === undefined || value === null) return null;
	if (!type || type === 'string') return typeof value === 'object' ? JSON.stringify(value) : String(value);
	const result = validateFieldType(name, value, type as FieldType);
	if (!result.valid) {
		throw fieldError(
			ctx,
			itemIndex,
			'Data Fields',
			`Field "${name}" is not a valid ${type}: ${result.errorMessage}`,
			`Change the type of "${name}", or give it a value of that type`,
		);
	}
	return result.newValue ?? null;
}
