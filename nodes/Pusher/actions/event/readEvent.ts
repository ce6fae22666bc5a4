import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { InfoAttribute, PusherEvent } from '../../protocol/eventRequests';
import { eventData } from '../common/eventData';

/** An item's event from the Event parameters: channels (a list, or one channel), name, data, socket id, info. */
export function readEvent(ctx: IExecuteFunctions, itemIndex: number, channelParameter: 'channels' | 'channel'): PusherEvent {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const channels = channelList(ctx.getNodeParameter(channelParameter, itemIndex, []) as unknown);
	return {
		channels,
		name: String(ctx.getNodeParameter('eventName', itemIndex, '')).trim(),
		data: eventData(ctx, itemIndex),
		socketId: typeof additional.socketId === 'string' && additional.socketId.trim() ? additional.socketId.trim() : undefined,
		info: Array.isArray(additional.info) ? (additional.info as InfoAttribute[]) : undefined,
	};
}

/** Channel names from a parameter that holds one name, a list, or expressions giving lists. */
function channelList(value: unknown): string[] {
	const flat = Array.isArray(value) ? value.flat(2) : [value];
	return flat
		.filter((channel) => channel !== undefined && channel !== null && channel !== '')
		.map((channel) => String(channel).trim());
}
