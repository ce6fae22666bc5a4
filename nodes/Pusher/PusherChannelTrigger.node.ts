import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { channelTriggerProperties } from './channelTrigger/description';
import { startChannelTrigger } from './channelTrigger/listen';

export class PusherChannelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pusher Channel Trigger',
		name: 'pusherChannelTrigger',
		icon: { light: 'file:../../icons/pusher.svg', dark: 'file:../../icons/pusher.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["channels"]}}',
		description: 'Starts the workflow on events in Pusher channels, received over a WebSocket: no public URL needed',
		eventTriggerDescription: 'Waiting for an event on the Pusher channels',
		activationMessage: 'The workflow now stays connected to Pusher and runs once for each event on these channels.',
		defaults: { name: 'Pusher Channel Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pusherApi', required: true }],
		properties: channelTriggerProperties,
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await startChannelTrigger(this);
	}
}
