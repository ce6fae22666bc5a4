import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isPresenceChannel } from '../../protocol/channels';
import { NAME_CHARACTERS } from '../../../common/names';
import { apiRequest } from '../../transport/apiRequest';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { requestPolicy } from '../../../common/requestOptions';
import { upToLimit } from './limit';

/** Channel → Get Many: the app's occupied channels, one output item each. */
export async function getAll(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const prefix = String((this.getNodeParameter('filters', itemIndex, {}) as IDataObject).prefix ?? '').trim();
		const info = this.getNodeParameter('info', itemIndex, []) as string[];
		if (prefix && !NAME_CHARACTERS.test(prefix)) {
			throw fieldError(
				this,
				itemIndex,
				'Name Prefix',
				`Prefix ${JSON.stringify(prefix)} has characters no channel name can have (only A-Z a-z 0-9 _ - = @ , . ;)`,
				'Give the start of the channel names to list, such as presence-',
			);
		}
		if (info.includes('user_count') && !isPresenceChannel(prefix)) {
			throw fieldError(
				this,
				itemIndex,
				'Attributes',
				'User Count is only available with the name prefix "presence-"',
				'Set Filters → Name Prefix to presence- (or a longer prefix starting with it), or remove User Count',
			);
		}
		const answer = await apiRequest.call(
			this,
			{
				method: 'GET',
				path: '/channels',
				qs: { ...(prefix ? { filter_by_prefix: prefix } : {}), ...(info.length ? { info: info.join(',') } : {}) },
				what: 'list channels',
				itemIndex,
			},
			requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject),
		);
		const channels = Object.entries((answer.channels ?? {}) as Record<string, IDataObject>).map(([name, attributes]) => ({
			name,
			...attributes,
		}));
		return upToLimit(this, itemIndex, channels);
	});
}
