/**
 * Pusher Channels limits on shared clusters (dedicated clusters can raise the
 * payload and batch limits, so those two are parameters wherever they apply).
 */
export const LIMITS = {
	/** Characters in a channel name (Pusher's docs; the SDKs check 200). */
	channelNameLength: 164,
	/** Characters in an event name. */
	eventNameLength: 200,
	/** Channels in one trigger request. */
	channelsPerTrigger: 100,
	/** Events in one batch_events request. */
	eventsPerBatch: 10,
	/** UTF-8 bytes of one event's `data`. */
	dataBytes: 10 * 1024,
	/** Characters in a presence or user id. */
	userIdLength: 128,
	/** UTF-8 bytes of a presence member's `user_info`. */
	userInfoBytes: 1024,
} as const;
