import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { requestPolicy } from '../../../common/requestOptions';
import { validateThenSend } from '../../../common/validateThenSend';
import { deleteUserRequest } from '../../protocol/requests';
import { beamsRequest } from '../../transport/beamsRequest';
import { beamsCredential, onField } from '../common';

/** User → Delete: removes each item's user and their devices, all user IDs checked first. */
export async function deleteUser(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { instanceId } = await beamsCredential(this);
	return await validateThenSend(this, items, {
		plan: (itemIndex) =>
			onField(this, itemIndex, () => {
				const userId = String(this.getNodeParameter('userId', itemIndex, ''));
				return { userId, request: deleteUserRequest(instanceId, userId) };
			}),
		send: async ({ userId, request }, itemIndex) => {
			const policy = requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
			await beamsRequest.call(this, { ...request, what: `delete user ${JSON.stringify(userId)}`, itemIndex }, policy);
			return { deleted: true, userId };
		},
	});
}
