import { isEncryptedChannel, isUserChannel } from './channels';
import { encryptPayload } from './encryption';
import { LIMITS } from './limits';
import {
	validateChannelName,
	validateDataSize,
	validateEventName,
	validateSocketId,
} from './validation';

/**
 * Turns events into the request bodies Pusher's REST API takes, after every
 * check has passed, so nothing is sent for an event that would be refused:
 * - `/events` takes at most 100 channels, so more are split across requests;
 * - an end-to-end encrypted channel is encrypted with its own key, so each one
 *   gets a request of its own (sharing one would leak or break the payload);
 * - which requests travel together in `/batch_events` is planned for all
 *   items at once (deliveries.ts).
 */

export type InfoAttribute = 'user_count' | 'subscription_count';

export interface PusherEvent {
	/** One channel for a batch event; one or more for a trigger. */
	channels: string[];
	name: string;
	/** A string is sent as is; anything else is sent as its JSON. */
	data: unknown;
	socketId?: string;
	info?: InfoAttribute[];
}

export interface EventLimits {
	maxDataBytes?: number;
	maxChannelsPerRequest?: number;
	/** Allow `#server-to-user-…`, the reserved channel behind "send to user". */
	allowUserChannel?: boolean;
}

export interface TriggerRequest {
	channels: string[];
	body: { name: string; data: string; channels: string[]; socket_id?: string; info?: string };
}

export interface BatchEventBody {
	name: string;
	data: string;
	channel: string;
	socket_id?: string;
	info?: string;
}

/** A problem with one field of an event (`dataSize`: the data is too large): what the node reports against the item. */
export class EventError extends Error {
	constructor(
		readonly field: 'channels' | 'channel' | 'name' | 'data' | 'dataSize' | 'socketId' | 'encryption',
		message: string,
	) {
		super(message);
	}
}

function serializeData(data: unknown): string {
	if (typeof data === 'string') return data;
	const json = JSON.stringify(data);
	if (json === undefined) throw new EventError('data', `Event data of type ${typeof data} has no JSON form`);
	return json;
}

/** The requests that deliver one event to all of its channels. Throws an EventError when any check fails. */
export function planTrigger(event: PusherEvent, encryptionMasterKey: string | undefined, limits: EventLimits = {}): TriggerRequest[] {
	const maxChannels = limits.maxChannelsPerRequest ?? LIMITS.channelsPerTrigger;
	const { channels, plain, encrypted } = checkEvent(event, limits);
	if (channels.length === 0) throw new EventError('channels', 'No channel is given; an event goes to at least one');

	const data = serializeData(event.data);
	const common = commonFields(event);
	const requests: TriggerRequest[] = [];
	for (let start = 0; start < plain.length; start += maxChannels) {
		const group = plain.slice(start, start + maxChannels);
		requests.push({ channels: group, body: { name: event.name, data: sized(data, limits), channels: group, ...common } });
	}
	for (const channel of encrypted) {
		const sealed = encrypt(channel, data, encryptionMasterKey);
		requests.push({ channels: [channel], body: { name: event.name, data: sized(sealed, limits, true), channels: [channel], ...common } });
	}
	return requests;
}

function checkEvent(event: PusherEvent, limits: EventLimits) {
	const channels = [...new Set(event.channels)];
	for (const channel of channels) {
		if (limits.allowUserChannel && isUserChannel(channel)) continue;
		const problem = validateChannelName(channel);
		if (problem) throw new EventError('channels', problem);
	}
	const nameProblem = validateEventName(event.name);
	if (nameProblem) throw new EventError('name', nameProblem);
	if (event.socketId !== undefined && event.socketId !== '') {
		const socketProblem = validateSocketId(event.socketId);
		if (socketProblem) throw new EventError('socketId', socketProblem);
	}
	return {
		channels,
		plain: channels.filter((channel) => !isEncryptedChannel(channel)),
		encrypted: channels.filter(isEncryptedChannel),
	};
}

function commonFields(event: PusherEvent): { socket_id?: string; info?: string } {
	return {
		...(event.socketId ? { socket_id: event.socketId } : {}),
		...(event.info?.length ? { info: event.info.join(',') } : {}),
	};
}

function encrypt(channel: string, data: string, encryptionMasterKey: string | undefined): string {
	if (!encryptionMasterKey) {
		throw new EventError(
			'encryption',
			`Channel "${channel}" is end-to-end encrypted, and the credential has no Encryption Master Key`,
		);
	}
	return encryptPayload({ channel, data, encryptionMasterKey });
}

function sized(data: string, limits: EventLimits, encrypted = false): string {
	const problem = validateDataSize(data, limits.maxDataBytes);
	if (problem) throw new EventError('dataSize', encrypted ? `${problem} (once encrypted, which adds about a third)` : problem);
	return data;
}
