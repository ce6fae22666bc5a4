import type { INodeProperties } from 'n8n-workflow';

import { authorizationFields, authorizationOperations } from './authorization/description';
import { channelFields, channelOperations } from './channel/description';
import { customFields, customOperations } from './custom/description';
import { eventFields, eventOperations } from './event/description';
import { saunaFields, saunaOperations } from './sauna/description';
import { userFields, userOperations } from './user/description';

/** Every parameter of the Pusher node: Resource, then each resource's Operation and fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		// n8n appends its own "Custom API Call" (the HTTP Request node with this
		// credential) to this list and to every Operation list, so the package's
		// signed request to an app path has a name of its own: API Request.
		options: [
			{ name: 'API Request', value: 'custom' },
			{ name: 'Authorization', value: 'authorization' },
			{ name: 'Channel', value: 'channel' },
			{ name: 'Event', value: 'event' },
			{ name: 'Sauna Command', value: 'sauna' },
			{ name: 'User', value: 'user' },
		],
		default: 'event',
	},
	eventOperations,
	channelOperations,
	userOperations,
	authorizationOperations,
	saunaOperations,
	customOperations,
	...eventFields,
	...channelFields,
	...userFields,
	...authorizationFields,
	...saunaFields,
	...customFields,
];
