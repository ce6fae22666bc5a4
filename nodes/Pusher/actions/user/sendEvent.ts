import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { userChannel, userOfChannel } from '../../protocol/channels';
import { validateUserId } from '../../protocol/validation';
import { eventData } from '../common/eventData';
import { fieldError } from '../../../common/itemErrors';
import { sendEvents } from '../event/sendEvents';

/** User → Send Event: an event on the user's reserved channel `#server-to-user-{id}`. */
export async function sendEvent(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendEvents(this, items, {
		read: (itemIndex) => {
			const userId = String(this.getNodeParameter('userId', itemIndex, '')).trim();
			const problem = validateUserId(userId);
			if (problem) throw fieldError(this, itemIndex, 'User ID', problem);
			return {
				channels: [userChannel(userId)],
				name: String(this.getNodeParameter('eventName', itemIndex, '')).trim(),
				data: eventData(this, itemIndex),
			};
		},
		labels: { name: 'Event Name', data: 'Data', channels: 'User ID' },
		limits: { allowUserChannel: true },
		output: (event) => ({ userId: userOfChannel(event.channels[0]), event: event.name, sent: true }),
	});
}
