import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { nameListValue, parseNameList } from '../../../common/nameList';
import type { InfoAttribute, PusherEvent } from '../../protocol/eventRequests';
import { eventData } from '../common/eventData';

/** An item's event from the Event parameters: Channels (a list of names), or Channel (one), name, data, socket id, info. */
export function readEvent(ctx: IExecuteFunctions, itemIndex: number, channelParameter: 'channels' | 'channel'): PusherEvent {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const value = ctx.getNodeParameter(channelParameter, itemIndex, '') as unknown;
	const channels = channelParameter === 'channels' ? parseNameList(nameListValue(ctx.getNode(), 'channels', value)) : oneChannel(value);
	return {
		channels,
		name: String(ctx.getNodeParameter('eventName', itemIndex, '')).trim(),
		data: eventData(ctx, itemIndex),
		socketId: typeof additional.socketId === 'string' && additional.socketId.trim() ? additional.socketId.trim() : undefined,
		info: Array.isArray(additional.info) ? (additional.info as InfoAttribute[]) : undefined,
	};
}

/**
 * The Channel of a batch event, as given: an array stays an array, so that
 * sendEvents can say when it holds more than one channel.
 */
function oneChannel(value: unknown): string[] {
	const given = Array.isArray(value) ? value : [value];
	return given.map((channel) => (channel === undefined || channel === null ? '' : String(channel).trim()));
}
