import type { INodeProperties } from 'n8n-workflow';

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
		displayName:
			'Put this node between a Webhook node (POST) and a Respond to Webhook node that answers with this node\'s output, and point pusher-js\'s channelAuthorization (or userAuthentication) endpoint at the webhook URL. Decide in the workflow, before this node, whether the user may have the channel.',
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
		placeholder: '1234.5678',
		displayOptions: { show: { resource: ['authorization'], source: ['fields'] } },
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'private-orders',
		displayOptions: { show: { ...channel, source: ['fields'] } },
	},
	{
		displayName: 'Presence User ID',
		name: 'presenceUserId',
		type: 'string',
		default: '',
		description: 'Needed for presence- channels: who this member is, usually from an expression over the request (a session header or cookie)',
		displayOptions: { show: channel },
	},
	{
		displayName: 'Presence User Info',
		name: 'presenceUserInfo',
		type: 'json',
		default: '{}',
		description: 'For presence- channels: what other members see about this one (at most 1 KB)',
		displayOptions: { show: channel },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
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
