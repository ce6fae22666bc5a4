import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { validateSignInUserId } from '../../protocol/validation';
import { apiRequest } from '../../transport/apiRequest';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { requestPolicy } from '../../../common/requestOptions';
import { USER_ID_FIX } from './sendEvent';

/**
 * User → Terminate Connections: closes every connection the user signed in on.
 * The id goes into the path unescaped, as Pusher's SDKs send it (see validateSignInUserId).
 */
export async function terminateConnections(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const userId = String(this.getNodeParameter('userId', itemIndex, '')).trim();
		const problem = validateSignInUserId(userId);
		if (problem) throw fieldError(this, itemIndex, 'User ID', problem, USER_ID_FIX);
		await apiRequest.call(
			this,
			{ method: 'POST', path: `/users/${userId}/terminate_connections`, body: {}, what: `terminate the connections of user "${userId}"`, itemIndex },
			requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject),
		);
		return { userId, terminated: true };
	});
}
