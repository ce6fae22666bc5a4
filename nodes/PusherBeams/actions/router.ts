import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../common/router';
import { publishToInterests } from './notification/publishToInterests';
import { publishToUsers } from './notification/publishToUsers';
import { deleteUser } from './user/deleteUser';
import { generateToken } from './user/generateToken';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, {
		operations: {
			notification: { publishToInterests, publishToUsers },
			user: { delete: deleteUser, generateToken },
		},
		// A token lets whoever holds it receive that user's notifications: who gets one is the workflow's decision.
		notForAgents: { 'user.generateToken': 'Generate Token' },
	});
}
