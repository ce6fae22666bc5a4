import type { INodeProperties } from 'n8n-workflow';

import { dataFields, eventLimitOptions, optionsCollection } from '../common/fields';

const sendEvent = { resource: ['user'], operation: ['sendEvent'] };

export const userOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{
			name: 'Send Event',
			value: 'sendEvent',
			action: 'Send an event to a user',
			description: 'Deliver an event to every connection of a signed-in user',
		},
		{
			name: 'Terminate Connections',
			value: 'terminateConnections',
			action: 'Terminate all connections of a user',
			description: 'Close every connection of a signed-in user',
		},
	],
	default: 'sendEvent',
};

export const userFields: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ada',
		description: 'The ID the user signed in with (pusher-js signin())',
		displayOptions: { show: { resource: ['user'] } },
	},
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. notification',
		description: "The name the user's connections bind to: at most 200 characters, not starting with pusher:",
		displayOptions: { show: sendEvent },
	},
	...dataFields(sendEvent),
	optionsCollection(sendEvent, eventLimitOptions.slice(0, 1)),
	optionsCollection({ resource: ['user'], operation: ['terminateConnections'] }),
];
