import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseJsonObject } from '../../../common/json';
import { fieldError } from '../../../common/itemErrors';

/**
 * What pusher-js POSTs to an auth endpoint (`socket_id`, and `channel_name`
 * for channel authorization), read from the Webhook node's output or from the
 * node's own fields. pusher-js sends a form-encoded body by default; a JSON
 * body, or a raw string, is understood too.
 */
export function authRequest(ctx: IExecuteFunctions, itemIndex: number, needsChannel: boolean): { socketId: string; channel: string } {
	if (ctx.getNodeParameter('source', itemIndex, 'body') === 'fields') {
		return {
			socketId: String(ctx.getNodeParameter('socketId', itemIndex, '')).trim(),
			channel: needsChannel ? String(ctx.getNodeParameter('channel', itemIndex, '')).trim() : '',
		};
	}
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	const body = formOrJson(json.body ?? json);
	if (!body) throw fieldError(ctx, itemIndex, 'Read Request From', 'the request body starts like JSON but is not valid JSON');
	const socketId = body.socket_id;
	const channel = body.channel_name;
	if (typeof socketId !== 'string' || (needsChannel && typeof channel !== 'string')) {
		throw fieldError(
			ctx,
			itemIndex,
			'Read Request From',
			`the input has no body.socket_id${needsChannel ? ' and body.channel_name' : ''} as pusher-js sends them; connect a Webhook node (POST) or choose Fields`,
		);
	}
	return { socketId, channel: typeof channel === 'string' ? channel : '' };
}

/** The body as an object; undefined when it looks like JSON but is not. */
function formOrJson(body: unknown): IDataObject | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text.startsWith('{')) return parseJsonObject(text) as IDataObject | undefined;
		return Object.fromEntries(new URLSearchParams(text));
	}
	return body && typeof body === 'object' ? (body as IDataObject) : {};
}
