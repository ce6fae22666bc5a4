import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../common/fields';

export const saunaOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['sauna'] } },
	options: [
		{
			name: 'Run Command',
			value: 'runCommand',
			action: 'Run a sauna command',
			description: 'Run a Snowplow Sauna trigger_event command, bare or in its command envelope',
		},
	],
	default: 'runCommand',
};

export const saunaFields: INodeProperties[] = [
	{
		displayName: 'Command',
		name: 'command',
		type: 'json',
		default: '={{ $json }}',
		required: true,
		description:
			'A self-describing iglu:com.pusher.sauna.commands/trigger_event/jsonschema/1-0-0 command, or the Sauna command envelope around one. Each item reports sent, expired, invalid or failed; failures are not retried.',
		displayOptions: { show: { resource: ['sauna'] } },
	},
	{
		...optionsCollection({ resource: ['sauna'] }),
		options: optionsCollection({}).options!.filter((option) => option.name === 'timeout'),
	},
];
