import type { INodeProperties } from 'n8n-workflow';

import { docsLink } from '../../../common/docs';

const channel = { resource: ['authorization'], operation: ['authorizeChannel'] };
const user = { resource: ['authorization'], operation: ['authenticateUser'] };

export const authorizationOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['authorization'] } },
	options: [
		{
			name: 'Authorize Channel',
			value: 'authorizeChannel',
			action: 'Authorize a channel subscription',
			description: 'The answer pusher-js expects from its channel authorization endpoint',
		},
		{
			name: 'Authenticate User',
			value: 'authenticateUser',
			action: 'Authenticate a user',
			description: 'The answer pusher-js expects from its user authentication endpoint (signin)',
		},
	],
	default: 'authorizeChannel',
};

export const authorizationFields: INodeProperties[] = [
	{
		displayName: `Put this node between a Webhook node (POST) and a Respond to Webhook node, and point pusher-js at the webhook's URL. Decide before this node whether the user may have the channel. ${docsLink('How to set it up', 'pusher', 'authorization')}`,
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['authorization'] } },
	},
	{
		displayName: 'Read Request From',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Webhook Body',
				value: 'body',
				description: 'The socket_id and channel_name that pusher-js POSTs, as the Webhook node outputs them',
			},
			{ name: 'Fields', value: 'fields', description: 'Give the socket ID and channel name below' },
		],
		default: 'body',
		displayOptions: { show: { resource: ['authorization'] } },
	},
	{
		displayName: 'Socket ID',
		name: 'socketId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1234.5678',
		displayOptions: { show: { resource: ['authorization'], source: ['fields'] } },
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. private-orders',
		displayOptions: { show: { ...channel, source: ['fields'] } },
	},
	{
		displayName: 'Presence Channel Member',
		name: 'presenceMember',
		type: 'collection',
		placeholder: 'Add Member Field',
		default: {},
		description: 'Only for presence- channels, which need a User ID; private channels ignore these fields',
		displayOptions: { show: channel },
		options: [
			{
				displayName: 'User ID',
				name: 'userId',
				type: 'string',
				default: '',
				placeholder: 'e.g. ada',
				description: 'Who this member is, usually from an expression over the request (a session header or cookie)',
			},
			{
				displayName: 'User Info',
				name: 'userInfo',
				type: 'json',
				default: '{}',
				description: 'What other members see about this one, a JSON object of at most 1 KB',
			},
		],
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ada',
		description: 'Who signs in: the ID events sent to this user go to',
		displayOptions: { show: user },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: user },
		options: [
			{
				displayName: 'User Info',
				name: 'userInfo',
				type: 'json',
				default: '{}',
				description: 'What other users see about this one',
			},
			{
				displayName: 'Watchlist',
				name: 'watchlist',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add User ID' },
				default: [],
				description: 'IDs of users whose online status this user is told about',
			},
		],
	},
];
