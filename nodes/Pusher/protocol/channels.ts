/**
 * What a channel's name makes of it (Pusher's naming conventions):
 * `private-` channels need authorization, `presence-` channels too and have
 * members, `private-encrypted-` channels are end-to-end encrypted, and
 * `#server-to-user-{id}` is the reserved channel behind "send to a user".
 */
export const PRIVATE_PREFIX = 'private-';
export const PRESENCE_PREFIX = 'presence-';
export const ENCRYPTED_PREFIX = 'private-encrypted-';
export const USER_CHANNEL_PREFIX = '#server-to-user-';

export function isPresenceChannel(channel: string): boolean {
	return typeof channel === 'string' && channel.startsWith(PRESENCE_PREFIX);
}

/** True for `private-encrypted-` channels (including `private-encrypted-cache-`). */
export function isEncryptedChannel(channel: string): boolean {
	return typeof channel === 'string' && channel.startsWith(ENCRYPTED_PREFIX);
}

/** Private (encrypted included) and presence channels: a client needs a signature to subscribe. */
export function needsAuthorization(channel: string): boolean {
	return typeof channel === 'string' && (channel.startsWith(PRIVATE_PREFIX) || channel.startsWith(PRESENCE_PREFIX));
}

/** The channel the server delivers a signed-in user's events on. */
export function userChannel(userId: string): string {
	return `${USER_CHANNEL_PREFIX}${userId}`;
}

export function isUserChannel(channel: string): boolean {
	return typeof channel === 'string' && channel.startsWith(USER_CHANNEL_PREFIX);
}

/** The user id of a `#server-to-user-` channel. */
export function userOfChannel(channel: string): string {
	return channel.slice(USER_CHANNEL_PREFIX.length);
}
