import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../common/fields';

const getAll = { resource: ['channel'], operation: ['getAll'] };
const get = { resource: ['channel'], operation: ['get'] };
const lists = { resource: ['channel'], operation: ['getAll', 'getUsers'] };

export const channelOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['channel'] } },
	options: [
		{ name: 'Get', value: 'get', action: 'Get a channel', description: 'Whether a channel is occupied, and its counts' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many channels', description: 'The occupied channels, one item each' },
		{
			name: 'Get Users',
			value: 'getUsers',
			action: 'Get the users of a presence channel',
			description: 'The users subscribed to a presence channel, one item each',
		},
	],
	default: 'getAll',
};

export const channelFields: INodeProperties[] = [
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. presence-room-1',
		displayOptions: { show: { resource: ['channel'], operation: ['get'] } },
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. presence-room-1',
		description: 'A presence- channel: only presence channels have users',
		displayOptions: { show: { resource: ['channel'], operation: ['getUsers'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: lists },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...lists, returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: getAll },
		options: [
			{
				displayName: 'Name Prefix',
				name: 'prefix',
				type: 'string',
				default: '',
				placeholder: 'e.g. presence-',
				description: 'Only channels whose names start with this',
			},
		],
	},
	{
		displayName: 'Attributes',
		name: 'info',
		type: 'multiOptions',
		options: [
			{ name: 'Subscription Count', value: 'subscription_count' },
			{
				name: 'User Count',
				value: 'user_count',
				description: 'Only with the Name Prefix presence- (Filters): the run stops before any request otherwise',
			},
		],
		default: [],
		description: 'Extra attributes to fetch for each channel',
		displayOptions: { show: getAll },
	},
	{
		displayName: 'Attributes',
		name: 'info',
		type: 'multiOptions',
		options: [
			{ name: 'Cache', value: 'cache', description: 'The last event on a cache- channel' },
			{ name: 'Subscription Count', value: 'subscription_count', description: 'Not for presence- channels (use User Count there); needs subscription counting on in the app settings' },
			{
				name: 'User Count',
				value: 'user_count',
				description: 'Only for presence- channels: the run stops before any request otherwise',
			},
		],
		default: [],
		description: 'Extra attributes to fetch',
		displayOptions: { show: get },
	},
	optionsCollection({ resource: ['channel'] }),
];
