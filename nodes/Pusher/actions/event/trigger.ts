import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { LIMITS } from '../../protocol/limits';
import { readEvent } from './readEvent';
import { sendEvents } from './sendEvents';

/**
 * Event → Send (operation `trigger`): each item's event to its channels (split
 * by 100, encrypted channels one by one). One-channel events of all items are
 * packed into batch requests unless Options → Combine Into Batch Requests is off.
 */
export async function trigger(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return await sendEvents(
		this,
		items,
		{
			read: (itemIndex) => readEvent(this, itemIndex, 'channels'),
			labels: { channels: 'Channels', name: 'Event Name', data: 'Data', dataSize: 'Data', socketId: 'Exclude Socket ID', encryption: 'Channels' },
			output: (event, channelInfo) => ({
				event: event.name,
				channels: [...new Set(event.channels)],
				sent: true,
				...(channelInfo ? { channelInfo } : {}),
			}),
		},
		{ combine: options.combineRequests !== false, batchSize: Number(options.batchSize ?? LIMITS.eventsPerBatch) },
	);
}
