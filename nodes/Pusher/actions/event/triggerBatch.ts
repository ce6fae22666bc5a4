import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { EventError } from '../../protocol/eventRequests';
import { LIMITS } from '../../protocol/limits';
import { EVENT_FIXES } from './eventErrors';
import { readEvent } from './readEvent';
import { sendEvents } from './sendEvents';

const LABELS: Record<EventError['field'], string> = {
	channel: 'Channel',
	channels: 'Channel',
	name: 'Event Name',
	data: 'Data',
	dataSize: 'Data',
	socketId: 'Exclude Socket ID',
	encryption: 'Channel',
};

/**
 * Event → Send in Batches (operation `triggerBatch`): one event per item, to
 * one channel each, sent as batch_events requests of up to Batch Size events,
 * so 10,000 items make 1,000 requests. Each output item says which request
 * carried its event.
 */
export async function triggerBatch(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return await sendEvents(
		this,
		items,
		{
			read: (itemIndex) => readEvent(this, itemIndex, 'channel'),
			labels: LABELS,
			fixes: { channels: EVENT_FIXES.channel },
			oneChannel: true,
			output: (event, channelInfo, requests) => {
				const channel = event.channels[0];
				const info = channelInfo?.[channel];
				return { channel, event: event.name, sent: true, request: requests[0], ...(info ? { channelInfo: info } : {}) };
			},
		},
		{ combine: true, batchSize: Number(options.batchSize ?? LIMITS.eventsPerBatch) },
	);
}
