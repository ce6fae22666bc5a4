import { parseJsonObject } from '../../common/json';
import { isEncryptedChannel } from './channels';
import { channelSharedSecret } from './encryption';
import { hmacSha256Hex } from './hmac';
import { validateChannelName, validateSocketId } from './validation';

/**
 * What an auth endpoint answers pusher-js: private channels sign
 * `socket_id:channel`, presence channels `socket_id:channel:channel_data`, and
 * `private-encrypted-` channels also get the channel's `shared_secret`.
 */
export interface ChannelAuthorization {
	auth: string;
	channel_data?: string;
	shared_secret?: string;
}

export interface AuthorizeChannelInput {
	key: string;
	secret: string;
	socketId: string;
	channel: string;
	/** Presence member `{ user_id, user_info? }`: an object is JSON-serialized, a string is used verbatim. */
	presenceData?: string | Record<string, unknown>;
	/** Base64 of 32 bytes; needed for `private-encrypted-` channels. */
	encryptionMasterKey?: string;
}

export function authorizeChannel(input: AuthorizeChannelInput): ChannelAuthorization {
	const { key, secret, socketId, channel, presenceData, encryptionMasterKey } = input;
	throwIfInvalid(validateSocketId(socketId));
	throwIfInvalid(validateChannelName(channel));

	const signed = [socketId, channel];
	const result: ChannelAuthorization = { auth: '' };
	if (presenceData !== undefined) {
		result.channel_data = typeof presenceData === 'string' ? presenceData : JSON.stringify(presenceData);
		signed.push(result.channel_data);
	}
	result.auth = `${key}:${hmacSha256Hex(secret, signed.join(':'))}`;

	if (isEncryptedChannel(channel)) {
		if (!encryptionMasterKey) {
			throw new Error(`Channel "${channel}" is end-to-end encrypted: an encryption master key is needed to authorize it`);
		}
		result.shared_secret = channelSharedSecret(channel, encryptionMasterKey);
	}
	return result;
}

/** What a user-authentication endpoint answers pusher-js's `signin()`. */
export interface UserAuthentication {
	auth: string;
	user_data: string;
}

export interface AuthenticateUserInput {
	key: string;
	secret: string;
	socketId: string;
	/** `{ id, user_info?, watchlist? }`: an object is JSON-serialized, a string is used verbatim. */
	userData: string | Record<string, unknown>;
}

export function authenticateUser(input: AuthenticateUserInput): UserAuthentication {
	const { key, secret, socketId, userData } = input;
	throwIfInvalid(validateSocketId(socketId));

	const serialized = typeof userData === 'string' ? userData : JSON.stringify(userData);
	const parsed = typeof userData === 'string' ? parseJsonObject(userData) : userData;
	if (!parsed || typeof parsed.id !== 'string' || parsed.id === '') {
		throw new Error('User data must be a JSON object with a non-empty string "id"');
	}
	return { auth: `${key}:${hmacSha256Hex(secret, `${socketId}::user::${serialized}`)}`, user_data: serialized };
}


function throwIfInvalid(problem: string | undefined): void {
	if (problem) throw new Error(problem);
}
