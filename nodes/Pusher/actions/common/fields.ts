import type { INodeProperties } from 'n8n-workflow';

import { requestOptionFields } from '../../../common/requestOptions';

/** Parameters several operations share: event data, and the Options collection. */

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

export function dataFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Send Data As',
			name: 'dataMode',
			type: 'options',
			options: [
				{ name: 'JSON', value: 'json', description: 'An object or any other JSON value, typed or from an expression' },
				{ name: 'Fields Below', value: 'fields', description: 'Name and value pairs, each of its own type, sent as a JSON object' },
				{
					name: 'Input Item',
					value: 'input',
					description: "The item's JSON, or one field of it, as it is: no expression to evaluate for each item, the fastest",
				},
				{ name: 'Text', value: 'text', description: 'A string, sent exactly as written' },
			],
			default: 'json',
			displayOptions: { show },
		},
		{
			displayName: 'Data',
			name: 'dataJson',
			type: 'json',
			default: '{\n  "message": "Hello from n8n"\n}',
			description: "Sent to subscribers as the event's data. Pusher allows 10 KB (UTF-8) per event.",
			displayOptions: { show: { ...show, dataMode: ['json'] } },
		},
		{
			displayName: 'Data',
			name: 'dataText',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. Order 1024 has shipped',
			description: 'Sent to subscribers exactly as written. Pusher allows 10 KB (UTF-8) per event.',
			displayOptions: { show: { ...show, dataMode: ['text'] } },
		},
		{
			displayName: 'Field',
			name: 'dataField',
			type: 'string',
			default: '',
			placeholder: 'e.g. order or order.details',
			description: "The field of the input item whose value is sent (a dot goes into an object); empty: the whole item's JSON",
			displayOptions: { show: { ...show, dataMode: ['input'] } },
		},
		{
			displayName: 'Data Fields',
			name: 'dataFields',
			type: 'assignmentCollection',
			default: {},
			description: 'The fields of the JSON object sent; a Number or Boolean field is sent as one, not as text',
			displayOptions: { show: { ...show, dataMode: ['fields'] } },
		},
	];
}

export const socketIdField: INodeProperties = {
	displayName: 'Exclude Socket ID',
	name: 'socketId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 1234.5678',
	description: 'The connection that caused this event, so it does not receive its own echo',
};

export const infoField: INodeProperties = {
	displayName: 'Return Channel Info',
	name: 'info',
	type: 'multiOptions',
	options: [
		{ name: 'Subscription Count', value: 'subscription_count' },
		{ name: 'User Count', value: 'user_count', description: 'Only for presence- channels: Pusher refuses it for any other channel' },
	],
	default: [],
	description: 'Ask Pusher for these attributes of each channel the event went to; they are added to the output',
};

export function optionsCollection(show: Show, extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [...extra, ...requestOptionFields],
	};
}

export const eventLimitOptions: INodeProperties[] = [
	{
		displayName: 'Max Data Size (Bytes)',
		name: 'maxDataBytes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10240,
		description: 'Pusher allows 10 KB of data per event; dedicated clusters and self-hosted servers may allow more',
	},
	{
		displayName: 'Parallel Requests',
		name: 'parallelRequests',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: 1,
		description: 'How many requests to have in flight at once. With 1, events arrive in the order of the items.',
	},
];
