/**
 * Pusher Beams' limits, as its publish API reference and the official server
 * SDK state them. Lengths are counted as JavaScript string lengths (UTF-16
 * code units), as the SDK counts them.
 */
export const BEAMS_LIMITS = {
	/** Interests in one publish. */
	interestsPerPublish: 100,
	/** User IDs in one publish. */
	usersPerPublish: 1000,
	/** Characters in an interest name. */
	interestLength: 164,
	/** Characters in a user ID. */
	userIdLength: 164,
	/** Bytes of a request body (10 KiB). */
	bodyBytes: 10 * 1024,
	/** Seconds a user token is valid for. */
	tokenLifetimeSeconds: 24 * 60 * 60,
	/** Seconds a web push gateway may keep a notification for an offline browser (4 weeks). */
	webTimeToLive: 2_419_200,
} as const;
