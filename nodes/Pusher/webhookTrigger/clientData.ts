import { parseJsonText } from '../../common/json';
import { decryptPayload, isEncryptedChannel } from '../protocol';

/**
 * The `data` of a client event as the workflow gets it. Pusher sends it as a
 * JSON string, Soketi often as the object itself: a string holding JSON is
 * parsed, anything else is kept as it came. On `private-encrypted-` channels,
 * with the credential's master key, the payload is decrypted first; when that
 * fails the payload is kept and the error is reported next to it.
 */
export interface ClientData {
	data: unknown;
	/** The value exactly as the webhook carried it. */
	rawData: unknown;
	decrypted?: true;
	decryptionError?: string;
}

export function readClientData(channel: unknown, rawData: unknown, encryptionMasterKey?: string): ClientData {
	if (!encryptionMasterKey || typeof channel !== 'string' || !isEncryptedChannel(channel)) {
		return { data: parseJsonText(rawData), rawData };
	}
	try {
		const payload = parseJsonText(rawData) as Parameters<typeof decryptPayload>[0]['payload'];
		const text = decryptPayload({ channel, payload, encryptionMasterKey });
		return { data: parseJsonText(text), rawData, decrypted: true };
	} catch (error) {
		return { data: parseJsonText(rawData), rawData, decryptionError: (error as Error).message };
	}
}
