import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

/** Reads a node parameter for one item. */
export type ReadParameter = (name: string, itemIndex: number, fallback?: unknown) => unknown;

/**
 * Reads parameters per item, but a parameter that holds no expression only
 * once: its value is the same for every item, and evaluating it again for
 * each of 10,000 items is most of what a batch costs.
 */
export function parameterReader(ctx: IExecuteFunctions): ReadParameter {
	const raw = ctx.getNode().parameters;
	const constant = new Map<string, unknown>();
	return (name, itemIndex, fallback) => {
		if (constant.has(name)) return constant.get(name);
		const value = ctx.getNodeParameter(name, itemIndex, fallback as NodeParameterValueType) as unknown;
		const source = lookup(raw, name);
		if (source !== undefined && !hasExpression(source)) constant.set(name, value);
		return value;
	};
}

function lookup(parameters: INodeParameters, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), parameters);
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}
