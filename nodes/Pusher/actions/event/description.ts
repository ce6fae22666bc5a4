import type { INodeProperties } from 'n8n-workflow';

import { dataFields, eventLimitOptions, infoField, optionsCollection, socketIdField } from '../common/fields';

const trigger = { resource: ['event'], operation: ['trigger'] };
const batch = { resource: ['event'], operation: ['triggerBatch'] };
const both = { resource: ['event'], operation: ['trigger', 'triggerBatch'] };

export const eventOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['event'] } },
	options: [
		{
			name: 'Trigger',
			value: 'trigger',
			action: 'Trigger an event',
			description: 'Send an event to one or more channels, once per item',
		},
		{
			name: 'Trigger Batch',
			value: 'triggerBatch',
			action: 'Trigger events in batches',
			description: 'Send one event per item, up to 10 events per request',
		},
	],
	default: 'trigger',
};

export const eventFields: INodeProperties[] = [
	{
		displayName: 'Channels',
		name: 'channels',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Channel' },
		default: [],
		required: true,
		placeholder: 'my-channel',
		description:
			'Channels to send the event to. An expression may give a list. More than 100 are sent in several requests; each private-encrypted- channel is encrypted and sent on its own.',
		displayOptions: { show: trigger },
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'my-channel',
		description: "The channel this item's event goes to, usually from an expression",
		displayOptions: { show: batch },
	},
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'order-updated',
		description: 'At most 200 characters. Subscribers bind to this name.',
		displayOptions: { show: both },
	},
	...dataFields(both),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: both },
		options: [socketIdField, infoField],
	},
	optionsCollection(trigger, eventLimitOptions),
	optionsCollection(batch, [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 10,
			description: 'Events per request: Pusher takes at most 10 on shared clusters, dedicated clusters may take more',
		},
		...eventLimitOptions,
	]),
];
