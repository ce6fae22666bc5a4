import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { resolveConnection, type PusherCredentialFields } from './transport/connection';
import { pusherTriggerProperties } from './webhookTrigger/description';
import { receiveWebhook } from './webhookTrigger/receive';
import { isRegistered, register, STATIC_KEYS, unregister } from './webhookTrigger/registration';
import { readRawBody, refuse } from './webhookTrigger/request';
import { parseWebhookTriggerSettings, type WebhookTriggerParameters } from './webhookTrigger/settings';

export class PusherWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pusher Trigger',
		name: 'pusherWebhookTrigger',
		icon: { light: 'file:../../icons/pusher.svg', dark: 'file:../../icons/pusher.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["output"] === "webhook" ? "Each webhook" : "Each event"}}',
		description: 'Starts the workflow when Pusher Channels (or Soketi) sends a verified webhook',
		defaults: { name: 'Pusher Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pusherApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: pusherTriggerProperties,
	};

	// Pusher has no API to register webhooks (they are added in its dashboard),
	// so these only keep the node's own state; see trigger/registration.ts.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return isRegistered(this.getWorkflowStaticData('node'), this.getNodeWebhookUrl('default'));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				register(this.getWorkflowStaticData('node'), this.getNodeWebhookUrl('default'));
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				unregister(this.getWorkflowStaticData('node'));
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const settings = parseWebhookTriggerSettings({
			events: this.getNodeParameter('events', []),
			channelFilter: this.getNodeParameter('channelFilter', 'any'),
			channels: this.getNodeParameter('channels', ''),
			dropClientEvents: this.getNodeParameter('dropClientEvents', ''),
			output: this.getNodeParameter('output', 'event'),
			options: this.getNodeParameter('options', {}) as WebhookTriggerParameters['options'],
		});
		const connection = resolveConnection((await this.getCredentials('pusherApi')) as PusherCredentialFields);
		const request = this.getRequestObject();
		const staticData = this.getWorkflowStaticData('node');

		const reception = receiveWebhook({
			headers: request.headersDistinct ?? request.headers,
			rawBody: await readRawBody(request),
			settings,
			credentialKeyPair: { key: connection.key, secret: connection.secret },
			encryptionMasterKey: connection.encryptionMasterKey,
			seenEvents: staticData[STATIC_KEYS.seenEvents],
			now: Date.now(),
		});

		if (reception.outcome === 'refused') {
			this.logger.warn(`Pusher Trigger answered ${reception.status} and started nothing: ${reception.reason}`, {
				node: this.getNode().name,
				workflowId: this.getWorkflow().id,
			});
			return refuse(this.getResponseObject(), reception.status, reception.reason);
		}
		if (reception.seen) staticData[STATIC_KEYS.seenEvents] = reception.seen as IDataObject;
		if (reception.outcome === 'ignored') {
			this.logger.debug(
				`Pusher Trigger started nothing: none of the webhook's ${reception.received} events passed the filters and the duplicate check`,
			);
			return { webhookResponse: { received: reception.received, emitted: 0 } };
		}
		return { workflowData: [this.helpers.returnJsonArray(reception.items as IDataObject[])] };
	}
}
