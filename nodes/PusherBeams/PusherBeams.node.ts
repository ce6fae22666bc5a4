import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './actions/properties';
import { router } from './actions/router';

export class PusherBeams implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pusher Beams',
		name: 'pusherBeams',
		icon: { light: 'file:../../icons/pusher.svg', dark: 'file:../../icons/pusher.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send push notifications to iOS, Android and web devices with Pusher Beams, and issue Beams user tokens',
		defaults: { name: 'Pusher Beams' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pusherBeamsApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
