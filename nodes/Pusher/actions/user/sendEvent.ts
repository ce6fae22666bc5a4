import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { validateUserId } from '../../protocol/validation';
import { eventData } from '../common/eventData';
import { itemError } from '../common/itemError';
import { sendEvents } from '../event/sendEvents';

/** User → Send Event: an event on the user's reserved channel `#server-to-user-{id}`. */
export async function sendEvent(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendEvents(this, items, {
		read: (itemIndex) => {
			const userId = String(this.getNodeParameter('userId', itemIndex, '')).trim();
			const problem = validateUserId(userId);
			if (problem) throw itemError(this, itemIndex, 'User ID', problem);
			return {
				channels: [`#server-to-user-${userId}`],
				name: String(this.getNodeParameter('eventName', itemIndex, '')).trim(),
				data: eventData(this, itemIndex),
			};
		},
		labels: { name: 'Event Name', data: 'Data', channels: 'User ID' },
		limits: { allowUserChannel: true },
		output: (event) => ({ userId: event.channels[0].slice('#server-to-user-'.length), event: event.name, sent: true }),
	});
}
