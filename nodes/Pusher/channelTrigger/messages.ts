import { isObject, parseJsonObject } from '../../common/json';

/**
 * The Pusher protocol's JSON frames: `{ event, channel?, data?, user_id? }`.
 * `data` is usually a JSON string (Pusher) but may be an object (Soketi, and
 * some protocol events): readers accept both.
 */
export interface PusherFrame {
	event: string;
	channel?: string;
	data?: unknown;
	/** Set by the server on client events in presence channels. */
	user_id?: string;
}

/** An event on one of the subscribed channels, as the server sent it. */
export interface ChannelMessage {
	event: string;
	channel: string;
	/** As received: a string, an object, or undefined when the frame had none. */
	data: unknown;
	userId?: string;
}

export interface ConnectionEstablished {
	socketId: string;
	/** Seconds of silence after which the client should ping; undefined when the server gave none. */
	activityTimeout?: number;
}

export interface PusherErrorData {
	code?: number;
	message: string;
}

/** Parses a text frame; undefined when it is not a Pusher frame. */
export function parseFrame(text: string): PusherFrame | undefined {
	const value = parseJsonObject(text);
	if (!value || typeof value.event !== 'string') return undefined;
	const frame: PusherFrame = { event: value.event };
	if (typeof value.channel === 'string') frame.channel = value.channel;
	if ('data' in value) frame.data = value.data;
	if (typeof value.user_id === 'string') frame.user_id = value.user_id;
	return frame;
}

/** A protocol event's `data` as an object, whether it came as an object or as a JSON string. */
function dataObject(data: unknown): Record<string, unknown> {
	if (isObject(data)) return data;
	return (typeof data === 'string' && parseJsonObject(data)) || {};
}

export function readConnectionEstablished(data: unknown): ConnectionEstablished | undefined {
	const { socket_id: socketId, activity_timeout: activityTimeout } = dataObject(data);
	if (typeof socketId !== 'string' || socketId === '') return undefined;
	return {
		socketId,
		...(typeof activityTimeout === 'number' && activityTimeout > 0 ? { activityTimeout } : {}),
	};
}

export function readPusherError(data: unknown): PusherErrorData {
	const { code, message } = dataObject(data);
	return {
		...(typeof code === 'number' && Number.isInteger(code) ? { code } : {}),
		message: typeof message === 'string' && message !== '' ? message : 'no message',
	};
}

/** What `pusher:subscription_error` carried, in one line (Soketi: `{ type, error, status }`). */
export function describeSubscriptionError(data: unknown): string {
	const { type, error, status, message } = dataObject(data);
	const text = [type, error ?? message].filter((part) => typeof part === 'string' && part !== '').join(': ');
	const statusPart = typeof status === 'number' ? ` (status ${status})` : '';
	return `${text || 'no reason given'}${statusPart}`;
}

export function subscribeFrame(channel: string, auth?: { auth: string; channel_data?: string }): string {
	return JSON.stringify({ event: 'pusher:subscribe', data: { channel, ...auth } });
}

export function signinFrame(data: { auth: string; user_data: string }): string {
	return JSON.stringify({ event: 'pusher:signin', data: { auth: data.auth, user_data: data.user_data } });
}

export const PING_FRAME = JSON.stringify({ event: 'pusher:ping', data: {} });
export const PONG_FRAME = JSON.stringify({ event: 'pusher:pong', data: {} });

