import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isPresenceChannel } from '../../protocol/channels';
import { apiRequest } from '../../transport/apiRequest';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { requestPolicy } from '../../../common/requestOptions';
import { channelParameter } from './get';
import { upToLimit } from './limit';

/** Channel → Get Users: the members of a presence channel, one output item each. */
export async function getUsers(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const channel = channelParameter(this, itemIndex);
		if (!isPresenceChannel(channel)) {
			throw fieldError(
				this,
				itemIndex,
				'Channel',
				`Channel "${channel}" is not a presence- channel, and only presence channels have users`,
				'Give a channel whose name starts with presence-, or use Channel → Get for others',
			);
		}
		const answer = await apiRequest.call(
			this,
			{ method: 'GET', path: `/channels/${channel}/users`, what: `get the users of "${channel}"`, itemIndex },
			requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject),
		);
		const users = Array.isArray(answer.users) ? (answer.users as IDataObject[]) : [];
		return upToLimit(this, itemIndex, users.map((user) => ({ channel, ...user })));
	});
}
