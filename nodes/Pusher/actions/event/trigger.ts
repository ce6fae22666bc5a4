import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readEvent } from './readEvent';
import { sendEvents } from './sendEvents';

/** Event → Send (operation `trigger`): each item's event to its channels (split by 100, encrypted channels one by one). */
export async function trigger(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendEvents(this, items, {
		read: (itemIndex) => readEvent(this, itemIndex, 'channels'),
		labels: { channels: 'Channels', name: 'Event Name', data: 'Data', dataSize: 'Data', socketId: 'Exclude Socket ID', encryption: 'Channels' },
		output: (event, channelInfo) => ({
			event: event.name,
			channels: [...new Set(event.channels)],
			sent: true,
			...(channelInfo ? { channelInfo } : {}),
		}),
	});
}
