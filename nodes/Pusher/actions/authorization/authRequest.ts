import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../../../common/itemErrors';
import { parseJsonObject } from '../../../common/json';
import { validateChannelName, validateSocketId } from '../../protocol/validation';

/**
 * What pusher-js POSTs to an auth endpoint (`socket_id`, and `channel_name`
 * for channel authorization), read from the Webhook node's output or from the
 * node's own fields, and checked. pusher-js sends a form-encoded body by
 * default; a JSON body, or a raw string, is understood too.
 */
export function authRequest(ctx: IExecuteFunctions, itemIndex: number, needsChannel: boolean): { socketId: string; channel: string } {
	const fromFields = ctx.getNodeParameter('source', itemIndex, 'body') === 'fields';
	const request = fromFields ? readFields(ctx, itemIndex, needsChannel) : readBody(ctx, itemIndex, needsChannel);
	const socketProblem = validateSocketId(request.socketId);
	const channelProblem = needsChannel ? validateChannelName(request.channel) : undefined;
	if (fromFields) {
		if (socketProblem) throw fieldError(ctx, itemIndex, 'Socket ID', socketProblem, 'Give the socket ID pusher-js sent (pusher.connection.socket_id), usually from an expression');
		if (channelProblem) throw fieldError(ctx, itemIndex, 'Channel', channelProblem, 'Give the channel name pusher-js asked for, usually from an expression');
	} else if (socketProblem || channelProblem) {
		throw fieldError(
			ctx,
			itemIndex,
			'Read Request From',
			`${socketProblem ?? channelProblem} (in the request body)`,
			'pusher-js fills socket_id and channel_name itself: check that this node gets the Webhook node\'s output for pusher-js\'s request, or choose Fields',
		);
	}
	return request;
}

function readFields(ctx: IExecuteFunctions, itemIndex: number, needsChannel: boolean) {
	return {
		socketId: String(ctx.getNodeParameter('socketId', itemIndex, '')).trim(),
		channel: needsChannel ? String(ctx.getNodeParameter('channel', itemIndex, '')).trim() : '',
	};
}

function readBody(ctx: IExecuteFunctions, itemIndex: number, needsChannel: boolean) {
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	const body = formOrJson(json.body ?? json);
	if (!body) {
		throw fieldError(
			ctx,
			itemIndex,
			'Read Request From',
			'The request body starts like JSON but is not valid JSON',
			'Send the body pusher-js sends (form-encoded socket_id and channel_name), or valid JSON with those fields',
		);
	}
	const socketId = body.socket_id;
	const channel = body.channel_name;
	if (typeof socketId !== 'string' || (needsChannel && typeof channel !== 'string')) {
		throw fieldError(
			ctx,
			itemIndex,
			'Read Request From',
			`The input item has no body.socket_id${needsChannel ? ' and body.channel_name' : ''}, which pusher-js sends`,
			'Connect a Webhook node (POST) that pusher-js calls, or choose Fields and give the socket ID and channel',
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
