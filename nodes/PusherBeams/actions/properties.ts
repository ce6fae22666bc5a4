import type { INodeProperties } from 'n8n-workflow';

import { notificationFields, notificationOperations } from './notification/description';
import { userFields, userOperations } from './user/description';

/** Every parameter of the Pusher Beams node: Resource, then each resource's Operation and fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Notification', value: 'notification' },
			{ name: 'User', value: 'user' },
		],
		default: 'notification',
	},
	notificationOperations,
	...userOperations,
	...notificationFields,
	...userFields,
];
