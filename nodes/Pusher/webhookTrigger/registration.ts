import type { IDataObject } from 'n8n-workflow';

/**
 * Pusher has no API to register webhooks: the URL is pasted into the app's
 * dashboard (Soketi: its app configuration) by hand. So the trigger's webhook
 * lifecycle only keeps the node's own state in its static data: which URL it
 * was activated for, and the dedupe memory. Nothing is sent anywhere.
 */
export const STATIC_KEYS = { webhookUrl: 'webhookUrl', seenEvents: 'seenEvents' } as const;

/** Whether the node was activated for this URL (n8n then skips `create`). */
export function isRegistered(staticData: IDataObject, webhookUrl: string | undefined): boolean {
	return webhookUrl !== undefined && staticData[STATIC_KEYS.webhookUrl] === webhookUrl;
}

export function register(staticData: IDataObject, webhookUrl: string | undefined): void {
	if (webhookUrl !== undefined) staticData[STATIC_KEYS.webhookUrl] = webhookUrl;
}

/** Forgets everything the node kept, the dedupe memory included. */
export function unregister(staticData: IDataObject): void {
	delete staticData[STATIC_KEYS.webhookUrl];
	delete staticData[STATIC_KEYS.seenEvents];
}
