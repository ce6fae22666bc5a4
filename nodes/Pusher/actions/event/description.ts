import type { INodeProperties } from 'n8n-workflow';

import { NAME_LIST_HINT } from '../../../common/nameList';
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
		// The values are Pusher's own word ("trigger an event"); the labels are
		// not, so that no one takes this action for an n8n trigger node.
		{
			name: 'Send',
			value: 'trigger',
			action: 'Send an event',
			description: "Trigger an event on one or more channels for each item, with Pusher's trigger API",
		},
		{
			name: 'Send in Batches',
			value: 'triggerBatch',
			action: 'Send events in batches',
			description: "Trigger one event per item, up to 10 events per request, with Pusher's batch trigger API",
		},
	],
	default: 'trigger',
};

const batchSizeField: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: 10,
	description: 'Events per batch request: Pusher takes at most 10 on shared clusters, dedicated clusters may take more',
};

export const eventFields: INodeProperties[] = [
	{
		displayName: 'Channels',
		name: 'channels',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. orders private-staff',
		hint: NAME_LIST_HINT,
		description:
			'The channels to send the event to. More than 100 are sent in several requests; each private-encrypted- channel is encrypted and sent on its own.',
		displayOptions: { show: trigger },
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. orders',
		description: "The one channel this item's event goes to, usually from an expression over the item",
		displayOptions: { show: batch },
	},
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order-updated',
		description: 'The name subscribers bind to: at most 200 characters, not starting with pusher:',
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
	optionsCollection(trigger, [
		{
			displayName: 'Combine Into Batch Requests',
			name: 'combineRequests',
			type: 'boolean',
			default: true,
			description:
				"Whether to send the items' one-channel events together, Batch Size to a request (Pusher's batch trigger), instead of one request per item. Events to several channels are always sent on their own; order, socket exclusion and channel info are kept either way.",
		},
		batchSizeField,
		...eventLimitOptions,
	]),
	optionsCollection(batch, [batchSizeField, ...eventLimitOptions]),
];
