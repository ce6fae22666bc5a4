import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isPresenceChannel } from '../../protocol/channels';
import { apiRequest } from '../../transport/apiRequest';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { requestPolicy } from '../../../common/requestOptions';
import { channelParameter } from './get';

/** Channel → Get Users: the members of a presence channel, one output item each. */
export async function getUsers(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const channel = channelParameter(this, itemIndex);
		if (!isPresenceChannel(channel)) {
			throw fieldError(this, itemIndex, 'Channel', `"${channel}" is not a presence- channel, and only presence channels have users`);
		}
		const answer = await apiRequest.call(
			this,
			{ method: 'GET', path: `/channels/${channel}/users`, what: `get the users of "${channel}"`, itemIndex },
			requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject),
		);
		const users = Array.isArray(answer.users) ? (answer.users as IDataObject[]) : [];
		return users.map((user) => ({ channel, ...user }));
	});
}
