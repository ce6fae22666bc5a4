import { parseJsonText } from '../../common/json';
import { decryptPayload, isEncryptedChannel } from '../protocol';
import { isPusherEventName } from './eventFilter';
import type { ChannelMessage } from './messages';

/**
 * One received event as the workflow gets it:
 * `{ channel, event, data, rawData, userId?, member?, encrypted?, receivedAt }`.
 * `data` is the parsed JSON when the payload is a JSON object or array, else
 * the text; `rawData` is the text as sent (decrypted on `private-encrypted-`
 * channels). Internal events are named as pusher-js names them:
 * `pusher_internal:member_added` becomes `pusher:member_added`.
 */
export interface ShapeOptions {
	receivedAt: Date;
	/** Base64 master key, to decrypt `private-encrypted-` channels. */
	encryptionMasterKey?: string;
}

export function outputEventName(event: string): string {
	return event.startsWith('pusher_internal:') ? `pusher:${event.slice('pusher_internal:'.length)}` : event;
}

export function shapeChannelEvent(message: ChannelMessage, options: ShapeOptions): Record<string, unknown> {
	const event = outputEventName(message.event);
	const encrypted = isEncryptedChannel(message.channel) && !isPusherEventName(message.event);
	const rawData = encrypted ? decrypt(message, options.encryptionMasterKey) : rawText(message.data);
	const data = rawData === null ? null : parseJsonText(rawData);
	const member = event === 'pusher:member_added' || event === 'pusher:member_removed' ? memberOf(data) : undefined;
	const userId = message.userId ?? member?.id;
	return {
		channel: message.channel,
		event,
		data,
		rawData,
		...(userId !== undefined ? { userId } : {}),
		...(member ? { member } : {}),
		...(encrypted ? { encrypted: true } : {}),
		receivedAt: options.receivedAt.toISOString(),
	};
}

/** The payload as text: strings as they are, objects (Soketi sends some) as JSON, nothing as null. */
function rawText(data: unknown): string | null {
	if (data === undefined || data === null) return null;
	return typeof data === 'string' ? data : JSON.stringify(data);
}

function decrypt(message: ChannelMessage, encryptionMasterKey: string | undefined): string {
	if (!encryptionMasterKey) {
		throw new Error(
			`An event on the encrypted channel "${message.channel}" cannot be decrypted: the credential has no Encryption Master Key`,
		);
	}
	const payload = typeof message.data === 'string' || (message.data !== null && typeof message.data === 'object')
		? (message.data as Parameters<typeof decryptPayload>[0]['payload'])
		: String(message.data);
	let problem: string | undefined;
	let text = '';
	try {
		text = decryptPayload({ channel: message.channel, payload, encryptionMasterKey });
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem !== undefined) {
		throw new Error(`Event "${message.event}" on "${message.channel}" could not be decrypted: ${problem}`);
	}
	return text;
}

/** A presence member `{ id, info }` out of `{ user_id, user_info }`. */
function memberOf(data: unknown): { id: string; info?: unknown } | undefined {
	if (data === null || typeof data !== 'object') return undefined;
	const { user_id: id, user_info: info } = data as { user_id?: unknown; user_info?: unknown };
	if (typeof id !== 'string' && typeof id !== 'number') return undefined;
	return info === undefined ? { id: String(id) } : { id: String(id), info };
}
