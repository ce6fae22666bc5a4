import type { IExecuteFunctions } from 'n8n-workflow';

/** Return All, or the first Limit results (Get Many, Get Users). */
export function upToLimit<T>(ctx: IExecuteFunctions, itemIndex: number, results: T[]): T[] {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return results;
	return results.slice(0, ctx.getNodeParameter('limit', itemIndex, 50) as number);
}
