import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../common/fields';

const show = { resource: ['custom'] };

export const customOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show },
	options: [
		{
			name: 'Send Signed Request',
			value: 'request',
			action: 'Send a signed request to the app API',
			description: "GET or POST any path of the app's REST API: the credential adds the host and /apps/{app ID} and signs it",
		},
	],
	default: 'request',
};

export const customFields: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
		],
		default: 'GET',
		displayOptions: { show },
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '/channels',
		required: true,
		placeholder: 'e.g. /channels/presence-room/users',
		description: 'The part after /apps/{app ID}: the credential adds the host and that part, and signs the request',
		displayOptions: { show },
	},
	{
		displayName: 'Query Parameters',
		name: 'query',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default: '{}',
		displayOptions: { show: { ...show, method: ['POST'] } },
	},
	optionsCollection(show),
];
