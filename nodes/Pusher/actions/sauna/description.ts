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
			description: "Run one of Snowplow Sauna's Pusher commands: it sends the event the command describes",
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
			'The Sauna command to run, bare or in its command envelope. Each item reports sent, expired, invalid or failed; failures are not retried, as Sauna specifies.',
		hint: 'A self-describing JSON of schema iglu:com.pusher.sauna.commands/trigger_event/jsonschema/1-0-0',
		displayOptions: { show: { resource: ['sauna'] } },
	},
	{
		...optionsCollection({ resource: ['sauna'] }),
		options: optionsCollection({}).options!.filter((option) => option.name === 'timeout'),
	},
];
