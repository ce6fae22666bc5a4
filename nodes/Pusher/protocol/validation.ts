import { NAME_CHARACTERS, show } from '../../common/names';
import { LIMITS } from './limits';

/**
 * Checks run before anything is sent. Each returns `undefined` when the value
 * is fine, or a sentence that names the value and the rule it broke.
 */

const SOCKET_ID = /^\d+\.\d+$/;

export function validateChannelName(channel: unknown, maxLength: number = LIMITS.channelNameLength): string | undefined {
	if (typeof channel !== 'string' || channel === '') return 'Channel name is empty';
	if (!NAME_CHARACTERS.test(channel)) {
		return `Channel name ${show(channel)} has characters Pusher does not allow (only A-Z a-z 0-9 _ - = @ , . ;)`;
	}
	if (channel.length > maxLength) {
		return `Channel name ${show(channel)} is ${channel.length} characters long; the limit is ${maxLength}`;
	}
	return undefined;
}

export function validateEventName(event: unknown): string | undefined {
	if (typeof event !== 'string' || event === '') return 'Event name is empty';
	if (event.length > LIMITS.eventNameLength) {
		return `Event name ${show(event)} is ${event.length} characters long; the limit is ${LIMITS.eventNameLength}`;
	}
	if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) {
		return `Event name ${show(event)} starts with "pusher:", which Pusher reserves for its own events`;
	}
	return undefined;
}

export function validateSocketId(socketId: unknown): string | undefined {
	if (typeof socketId !== 'string' || !SOCKET_ID.test(socketId)) {
		return `Socket ID ${show(String(socketId))} is not of the form "1234.5678" that Pusher gives each connection`;
	}
	return undefined;
}

/** Pusher measures `data` in UTF-8 bytes of the string sent, not in characters. */
export function validateDataSize(data: string, maxBytes: number = LIMITS.dataBytes): string | undefined {
	const bytes = Buffer.byteLength(data, 'utf8');
	if (bytes > maxBytes) {
		return `Event data is ${bytes} bytes (UTF-8); the limit is ${maxBytes} bytes`;
	}
	return undefined;
}

export function validateUserId(userId: unknown): string | undefined {
	if (typeof userId !== 'string' || userId === '') return 'User ID is empty';
	if (userId.length > LIMITS.userIdLength) {
		return `User ID ${show(userId)} is ${userId.length} characters long; the limit is ${LIMITS.userIdLength}`;
	}
	return undefined;
}

/**
 * The id of a user who signs in (pusher-js `signin()`). The server delivers
 * that user's events on the channel `#server-to-user-{id}`, so the id must
 * hold only channel-name characters (Soketi refuses the sign-in otherwise).
 * Those characters also travel unescaped in a URL path, which is how Pusher's
 * SDKs send the id to `POST /users/{id}/terminate_connections`; `.` and `..`
 * alone would change that path.
 */
export function validateSignInUserId(userId: unknown): string | undefined {
	const problem = validateUserId(userId);
	if (problem) return problem;
	const id = userId as string;
	if (!NAME_CHARACTERS.test(id)) {
		return `User ID ${show(id)} has characters a signed-in user's ID cannot have: the user's events go to the channel ${show(`#server-to-user-${id}`)}, and channel names allow only A-Z a-z 0-9 _ - = @ , . ;`;
	}
	if (id === '.' || id === '..') return `User ID ${show(id)} cannot be a signed-in user's ID: it would change the request path`;
	return undefined;
}

/** Pusher signs query parameter names in lower case: a name with capitals would be signed as another request than the one sent. */
export function validateQueryParameterName(name: string): string | undefined {
	if (name !== name.toLowerCase()) {
		return `Query parameter ${show(name)} has capital letters: Pusher signs parameter names in lower case, so write ${show(name.toLowerCase())}`;
	}
	return undefined;
}

/** A presence member's `user_info`, measured as Pusher does: the UTF-8 bytes of its JSON. */
export function validateUserInfo(userInfo: unknown, maxBytes: number = LIMITS.userInfoBytes): string | undefined {
	const json = JSON.stringify(userInfo ?? null) ?? '';
	const bytes = Buffer.byteLength(json, 'utf8');
	if (bytes > maxBytes) return `User info is ${bytes} bytes of JSON (UTF-8); Pusher allows at most ${maxBytes}`;
	return undefined;
}
