import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isPresenceChannel } from '../../protocol/channels';
import { validateChannelName } from '../../protocol/validation';
import { apiRequest } from '../../transport/apiRequest';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { requestPolicy } from '../../../common/requestOptions';

/** Channel → Get: whether a channel is occupied, with the attributes asked for. */
export async function get(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const channel = channelParameter(this, itemIndex);
		const info = this.getNodeParameter('info', itemIndex, []) as string[];
		if (info.includes('user_count') && !isPresenceChannel(channel)) {
			throw fieldError(
				this,
				itemIndex,
				'Attributes',
				`User Count is only available for presence- channels, and "${channel}" is not one`,
				'Remove User Count from Attributes, or get a presence- channel',
			);
		}
		const answer = await apiRequest.call(
			this,
			{
				method: 'GET',
				path: `/channels/${channel}`,
				qs: info.length ? { info: info.join(',') } : {},
				what: `get channel "${channel}"`,
				itemIndex,
			},
			requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject),
		);
		return { channel, ...answer };
	});
}

export function channelParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const channel = String(ctx.getNodeParameter('channel', itemIndex, '')).trim();
	const problem = validateChannelName(channel);
	if (problem) throw fieldError(ctx, itemIndex, 'Channel', problem, 'Give one channel name of A-Z a-z 0-9 _ - = @ , . ; (at most 164 characters)');
	return channel;
}
