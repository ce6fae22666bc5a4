import { NOT_JSON, tryParseJson } from '../../common/json';
import { parseNameList } from '../../common/nameList';
import { channelSharedSecret, isEncryptedChannel, isPresenceChannel, validateChannelName, validateSignInUserId, validateUserId, validateUserInfo } from '../protocol';
import type { EventSelection } from './eventFilter';
import type { PresenceMember, SigninUser } from './subscriptions';

/**
 * The Pusher Channel Trigger's parameters, checked and turned into plain data.
 * Every problem is reported before anything connects, naming the field.
 */
export interface ChannelTriggerParameters {
	channels?: unknown;
	events?: unknown;
	eventNames?: unknown;
	pusherEvents?: unknown;
	options?: {
		presenceUserId?: unknown;
		presenceUserInfo?: unknown;
		signIn?: unknown;
	};
}

export interface ChannelTriggerSettings {
	channels: string[];
	selection: EventSelection;
	/** Set when a presence channel is listed. */
	presenceMember?: PresenceMember;
	/** Set when the trigger signs in as a user (`pusher:signin`). */
	signinUser?: SigninUser;
}

export const DEFAULT_PRESENCE_USER_ID = 'n8n';

/** A parameter the trigger cannot start with: "Field: problem", and how to fix it. */
export class SettingsError extends Error {
	constructor(
		field: string,
		problem: string,
		readonly fix: string,
	) {
		super(`${field}: ${problem}`);
	}
}

const CHANNEL_FIX = 'Give channel names of A-Z a-z 0-9 _ - = @ , . ; (at most 164 characters), separated by spaces or new lines';

const PUSHER_EVENTS = [
	'pusher:subscription_succeeded',
	'pusher:member_added',
	'pusher:member_removed',
	'pusher:subscription_count',
	'pusher:cache_miss',
] as const;

export function parseChannelTriggerSettings(parameters: ChannelTriggerParameters, encryptionMasterKey?: string): ChannelTriggerSettings {
	const channels = parseChannels(parameters.channels, encryptionMasterKey);
	const options = parameters.options ?? {};
	const settings: ChannelTriggerSettings = { channels, selection: parseSelection(parameters) };
	const signIn = options.signIn === true;
	if (!signIn && !channels.some(isPresenceChannel)) return settings;

	const member = parsePresenceMember(options);
	if (channels.some(isPresenceChannel)) settings.presenceMember = member;
	if (signIn) {
		const problem = validateSignInUserId(member.user_id);
		if (problem) throw new Error(`User ID: ${problem}`);
		settings.signinUser = { id: member.user_id, ...(member.user_info ? { user_info: member.user_info } : {}) };
	}
	return settings;
}

function parseChannels(value: unknown, encryptionMasterKey: string | undefined): string[] {
	const channels = [...new Set(parseNameList(value))];
	if (channels.length === 0) throw new SettingsError('Channels', 'No channel name is given', CHANNEL_FIX);
	for (const channel of channels) {
		const problem = validateChannelName(channel);
		if (problem) throw new SettingsError('Channels', problem, CHANNEL_FIX);
	}
	const encrypted = channels.find(isEncryptedChannel);
	if (encrypted) checkMasterKey(encrypted, encryptionMasterKey);
	return channels;
}

function checkMasterKey(channel: string, encryptionMasterKey: string | undefined): void {
	if (!encryptionMasterKey) {
		throw new SettingsError(
			'Channels',
			`Channel "${channel}" is end-to-end encrypted, and the credential has no Encryption Master Key`,
			'Set the Encryption Master Key the app encrypts with in the Pusher credential',
		);
	}
	let problem: string | undefined;
	try {
		channelSharedSecret(channel, encryptionMasterKey);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem !== undefined) {
		throw new SettingsError(
			'Channels',
			`Channel "${channel}" cannot be decrypted: the credential's Encryption Master Key is not usable (${problem})`,
			'Set the Encryption Master Key the app encrypts with (base64 of 32 bytes) in the Pusher credential',
		);
	}
}

function parseSelection(parameters: ChannelTriggerParameters): EventSelection {
	const pusherEvents = Array.isArray(parameters.pusherEvents)
		? parameters.pusherEvents.filter((name): name is string => typeof name === 'string')
		: [];
	const unknown = pusherEvents.find((name) => !(PUSHER_EVENTS as readonly string[]).includes(name));
	if (unknown) {
		throw new SettingsError('Pusher Events', `"${unknown}" is not one of ${PUSHER_EVENTS.join(', ')}`, 'Choose the Pusher events from the list');
	}
	if (parameters.events !== 'specific') return { eventNames: 'all', pusherEvents };

	const eventNames = parseNameList(parameters.eventNames);
	if (eventNames.length === 0) {
		throw new SettingsError('Event Names', 'No event name is given', 'Give event names or * patterns separated by spaces or new lines, or choose All Events');
	}
	return { eventNames, pusherEvents };
}

function parsePresenceMember(options: NonNullable<ChannelTriggerParameters['options']>): PresenceMember {
	const rawId = options.presenceUserId;
	const userId = (typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : DEFAULT_PRESENCE_USER_ID).trim();
	const problem = validateUserId(userId);
	if (problem) throw new SettingsError('User ID', problem, 'Set Options → User ID to who this trigger is on presence channels, or remove the option to be "n8n"');

	const userInfo = parseUserInfo(options.presenceUserInfo);
	return userInfo === undefined ? { user_id: userId } : { user_id: userId, user_info: userInfo };
}

function parseUserInfo(value: unknown): Record<string, unknown> | undefined {
	let info = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		info = tryParseJson(value);
		if (info === NOT_JSON) throw new SettingsError('User Info', 'The text is not valid JSON', 'Give a JSON object such as {"name": "n8n"}');
	}
	if (info === undefined || info === null) return undefined;
	if (typeof info !== 'object' || Array.isArray(info)) {
		throw new SettingsError('User Info', 'The value is not a JSON object', 'Give a JSON object such as {"name": "n8n"}');
	}
	const problem = validateUserInfo(info);
	if (problem) throw new SettingsError('User Info', problem, 'Keep User Info to a few short fields');
	return Object.keys(info).length === 0 ? undefined : (info as Record<string, unknown>);
}
