/**
 * The Pusher Channels protocol, with no n8n in it: request signing, channel
 * authorization and user authentication, end-to-end encryption, webhook
 * verification, PUSHER_URL parsing and the checks made before sending.
 */
export { signedQueryString } from './signing';
export type { SignedQueryStringInput } from './signing';
export { authorizeChannel, authenticateUser } from './channelAuthorization';
export type { AuthorizeChannelInput, AuthenticateUserInput, ChannelAuthorization, UserAuthentication } from './channelAuthorization';
export { channelSharedSecret, decryptPayload, encryptPayload } from './encryption';
export {
	isEncryptedChannel,
	isPresenceChannel,
	isUserChannel,
	needsAuthorization,
	userChannel,
	userOfChannel,
	ENCRYPTED_PREFIX,
	PRESENCE_PREFIX,
	PRIVATE_PREFIX,
	USER_CHANNEL_PREFIX,
} from './channels';
export { checkWebhookShape, verifyWebhook } from './webhook';
export type { VerifyWebhookInput, WebhookEvent, WebhookVerification } from './webhook';
export { parsePusherUrl } from './pusherUrl';
export type { PusherUrlParts } from './pusherUrl';
export {
	validateChannelName,
	validateDataSize,
	validateEventName,
	validateQueryParameterName,
	validateSignInUserId,
	validateSocketId,
	validateUserId,
	validateUserInfo,
} from './validation';
export { LIMITS } from './limits';
