import { authenticateUser, authorizeChannel, isPresenceChannel, needsAuthorization } from '../protocol';
import type { ChannelSubscription, SigninAuth } from './clientOptions';

/**
 * What the connection asks the server for, signed right here with the
 * credential's secret exactly as an auth endpoint would answer pusher-js, so
 * no endpoint is needed: subscriptions to private, presence and encrypted
 * channels, and the optional user sign-in. The encrypted channels' shared
 * secret stays local (events are decrypted with the master key).
 */
export interface SubscriptionSigner {
	key: string;
	secret: string;
	encryptionMasterKey?: string;
	/** The member this connection joins presence channels as. */
	presenceMember?: PresenceMember;
}

export interface PresenceMember {
	user_id: string;
	user_info?: Record<string, unknown>;
}

export interface SigninUser {
	id: string;
	user_info?: Record<string, unknown>;
}

export function buildSubscriptions(channels: string[], signer: SubscriptionSigner): ChannelSubscription[] {
	return channels.map((channel) => {
		if (!needsAuthorization(channel)) return { channel };
		const presenceData = isPresenceChannel(channel) ? presenceDataOf(channel, signer.presenceMember) : undefined;
		return {
			channel,
			authorize: (socketId: string) => {
				const { auth, channel_data } = authorizeChannel({
					key: signer.key,
					secret: signer.secret,
					socketId,
					channel,
					presenceData,
					encryptionMasterKey: signer.encryptionMasterKey,
				});
				return channel_data === undefined ? { auth } : { auth, channel_data };
			},
		};
	});
}

function presenceDataOf(channel: string, member: PresenceMember | undefined): Record<string, unknown> {
	if (!member) throw new Error(`Presence channel "${channel}" needs a presence user ID`);
	return member.user_info === undefined ? { user_id: member.user_id } : { user_id: member.user_id, user_info: member.user_info };
}

export function buildSignin(user: SigninUser, signer: Pick<SubscriptionSigner, 'key' | 'secret'>): (socketId: string) => SigninAuth {
	return (socketId: string) => authenticateUser({ key: signer.key, secret: signer.secret, socketId, userData: { ...user } });
}
