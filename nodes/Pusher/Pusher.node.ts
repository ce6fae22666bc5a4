import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './actions/properties';
import { router } from './actions/router';
import { actionSubtitle } from './actions/subtitle';

export class Pusher implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pusher',
		name: 'pusher',
		icon: { light: 'file:../../icons/pusher.svg', dark: 'file:../../icons/pusher.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: actionSubtitle(properties),
		description: 'Send real-time events with Pusher Channels, query channels and presence, and authorize pusher-js clients',
		defaults: { name: 'Pusher' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pusherApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
