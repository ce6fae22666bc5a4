import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { userChannel, userOfChannel } from '../../protocol/channels';
import { validateSignInUserId } from '../../protocol/validation';
import { eventData } from '../common/eventData';
import { fieldError } from '../../../common/itemErrors';
import { sendEvents } from '../event/sendEvents';

export const USER_ID_FIX = 'Give the ID the user signed in with (pusher-js signin()): at most 128 characters, only A-Z a-z 0-9 _ - = @ , . ;';

/** User → Send Event: an event on the user's reserved channel `#server-to-user-{id}`. */
export async function sendEvent(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendEvents(this, items, {
		read: (itemIndex) => {
			const userId = String(this.getNodeParameter('userId', itemIndex, '')).trim();
			const problem = validateSignInUserId(userId);
			if (problem) throw fieldError(this, itemIndex, 'User ID', problem, USER_ID_FIX);
			return {
				channels: [userChannel(userId)],
				name: String(this.getNodeParameter('eventName', itemIndex, '')).trim(),
				data: eventData(this, itemIndex),
			};
		},
		labels: { name: 'Event Name', data: 'Data', dataSize: 'Data', channels: 'User ID' },
		fixes: { channels: USER_ID_FIX },
		limits: { allowUserChannel: true },
		output: (event) => ({ userId: userOfChannel(event.channels[0]), event: event.name, sent: true }),
	}, { combine: false, batchSize: 1 });
}
