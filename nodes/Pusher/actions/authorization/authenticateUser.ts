import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fieldError } from '../../../common/itemErrors';
import { jsonParameter } from '../../../common/parameters';
import { perItem } from '../../../common/perItem';
import { authenticateUser as authenticate } from '../../protocol/channelAuthorization';
import { validateSignInUserId } from '../../protocol/validation';
import { credentialSettings } from '../common/credentialSettings';
import { authRequest } from './authRequest';

/** Authorization → Authenticate User: the `{auth, user_data}` pusher-js's signin() expects. */
export async function authenticateUser(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { key, secret } = await credentialSettings(this);
	return await perItem(this, items, async (itemIndex) => {
		const { socketId } = authRequest(this, itemIndex, false);
		const id = String(this.getNodeParameter('userId', itemIndex, '')).trim();
		const problem = validateSignInUserId(id);
		if (problem) throw fieldError(this, itemIndex, 'User ID', problem, 'Give the ID of the user signing in, usually from an expression over the request');
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const userInfo = additional.userInfo === undefined ? undefined : jsonParameter(this, 'additionalFields.userInfo', itemIndex, 'User Info');
		const watchlist = (additional.watchlist as string[] | undefined)?.filter(Boolean);
		const userData = {
			id,
			...(userInfo && typeof userInfo === 'object' && Object.keys(userInfo).length ? { user_info: userInfo } : {}),
			...(watchlist?.length ? { watchlist } : {}),
		};
		return { ...authenticate({ key, secret, socketId, userData }) };
	});
}
