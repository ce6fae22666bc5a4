import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { nameListValue } from '../common/nameList';
import { checkWebhookShape } from './protocol';
import { resolveConnection, type PusherCredentialFields } from './transport/connection';
import { RecentKeys } from './webhookTrigger/dedupe';
import { pusherTriggerProperties } from './webhookTrigger/description';
import { receiveWebhook } from './webhookTrigger/receive';
import { answer, readRawBody } from './webhookTrigger/request';
import { parseWebhookTriggerSettings, type WebhookTriggerParameters } from './webhookTrigger/settings';

/** The keys this n8n process emitted, so a retry arriving here starts nothing (see webhookTrigger/dedupe.ts). */
const recentKeys = new RecentKeys();

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
		// responseData '' makes n8n answer with webhook()'s `webhookResponse` (without it, 1.x and 2.x answer "firstEntryJson").
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }],
		properties: pusherTriggerProperties,
	};

	// Pusher has no API for webhooks: their URL is added in its dashboard (Soketi:
	// its app configuration), so there is nothing to register, check or remove.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return false;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const node = this.getNode();
		const workflowId = this.getWorkflow().id;
		const request = this.getRequestObject();
		const headers = request.headersDistinct ?? request.headers;
		const rawBody = await readRawBody(request);
		const refuse = (status: 400 | 401, reason: string) => {
			this.logger.warn(`Pusher Trigger answered ${status} and started nothing: ${reason}`, { node: node.name, workflowId });
			return answer(this.getResponseObject(), status, status === 401 ? { error: 'The webhook could not be verified' } : { error: reason });
		};
		// What no key could have signed is refused before the credential is read:
		// n8n's getCredentials costs more than everything else here (bench/notes.md).
		const shapeProblem = checkWebhookShape(headers, rawBody);
		if (shapeProblem) return refuse(401, shapeProblem);

		let configuration;
		try {
			configuration = {
				settings: parseWebhookTriggerSettings({
					events: this.getNodeParameter('events', []),
					channelFilter: this.getNodeParameter('channelFilter', 'any'),
					channels: nameListValue(this.getNode(), 'channels', this.getNodeParameter('channels', '')),
					dropClientEvents: nameListValue(this.getNode(), 'dropClientEvents', this.getNodeParameter('dropClientEvents', '')),
					output: this.getNodeParameter('output', 'event'),
					maxAgeSeconds: this.getNodeParameter('maxAgeSeconds', undefined),
					options: this.getNodeParameter('options', {}) as WebhookTriggerParameters['options'],
				}),
				connection: resolveConnection((await this.getCredentials('pusherApi')) as PusherCredentialFields),
			};
		} catch (error) {
			// Without a usable credential nothing can be verified. Say so in the log
			// (the messages name fields, never their values) and answer 503 with
			// nothing about the set-up; Pusher retries for 5 minutes, so events
			// sent while the credential is being fixed still arrive.
			this.logger.error(`Pusher Trigger cannot verify webhooks and answered 503: ${(error as Error).message}`, { node: node.name, workflowId });
			return answer(this.getResponseObject(), 503, { error: 'This webhook cannot be verified right now' });
		}
		const { settings, connection } = configuration;
		const now = Date.now();
		const scope = `${workflowId}/${node.id}/${this.getMode()}/`;

		const reception = receiveWebhook({
			headers,
			rawBody,
			settings,
			credentialKeyPair: { key: connection.key, secret: connection.secret },
			encryptionMasterKey: connection.encryptionMasterKey,
			seenBefore: (key, forgetAt) => recentKeys.seenBefore(scope + key, now, forgetAt),
			now,
		});

		if (reception.outcome === 'refused') return refuse(reception.status, reception.reason);
		if (reception.outcome === 'ignored') {
			this.logger.debug(
				`Pusher Trigger started nothing: of the webhook's ${reception.received} events, none passed the filters or all were already emitted (${reception.duplicates} repeated)`,
			);
			return { webhookResponse: { received: reception.received, emitted: 0 } };
		}
		return {
			workflowData: [this.helpers.returnJsonArray(reception.items as IDataObject[])],
			webhookResponse: { received: reception.received, emitted: reception.emitted },
		};
	}
}
