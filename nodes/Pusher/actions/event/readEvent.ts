import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { InfoAttribute, PusherEvent } from '../../protocol/eventRequests';
import { eventData } from '../common/eventData';
import { parameterReader } from '../common/parameterReader';

/**
 * Reads each item's event from the Event parameters: channels (a list, or one
 * channel), name, data, socket id, info.
 */
export function eventReader(ctx: IExecuteFunctions, channelParameter: 'channels' | 'channel'): (itemIndex: number) => PusherEvent {
	const read = parameterReader(ctx);
	return (itemIndex) => {
		const additional = read('additionalFields', itemIndex, {}) as IDataObject;
		return {
			channels: channelList(read(channelParameter, itemIndex, [])),
			name: String(read('eventName', itemIndex, '')).trim(),
			data: eventData(ctx, itemIndex, read),
			socketId: typeof additional.socketId === 'string' && additional.socketId.trim() ? additional.socketId.trim() : undefined,
			info: Array.isArray(additional.info) ? (additional.info as InfoAttribute[]) : undefined,
		};
	};
}

/** Channel names from a parameter that holds one name, a list, or expressions giving lists. */
function channelList(value: unknown): string[] {
	const flat = Array.isArray(value) ? value.flat(2) : [value];
	return flat
		.filter((channel) => channel !== undefined && channel !== null && channel !== '')
		.map((channel) => String(channel).trim());
}
