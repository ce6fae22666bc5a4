import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isPresenceChannel } from '../../protocol/channels';
import { apiRequest } from '../../transport/apiRequest';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { requestPolicy } from '../../../common/requestOptions';

/** Channel → Get Many: the app's occupied channels, one output item each. */
export async function getAll(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const prefix = String((this.getNodeParameter('filters', itemIndex, {}) as IDataObject).prefix ?? '').trim();
		const info = this.getNodeParameter('info', itemIndex, []) as string[];
		if (prefix && !/^[A-Za-z0-9_\-=@,.;]+$/.test(prefix)) {
			throw fieldError(this, itemIndex, 'Name Prefix', `${JSON.stringify(prefix)} has characters no channel name can have`);
		}
		if (info.includes('user_count') && !isPresenceChannel(prefix)) {
			throw fieldError(this, itemIndex, 'Attributes', 'User Count is only available with the name prefix "presence-"');
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
		const returnAll = this.getNodeParameter('returnAll', itemIndex, true) as boolean;
		return returnAll ? channels : channels.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
	});
}
