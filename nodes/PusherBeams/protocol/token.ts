import { createHmac } from 'node:crypto';

import { BEAMS_LIMITS } from './limits';
import { checkUserId } from './validation';

/**
 * The token a Beams client's token provider fetches for a signed-in user: a
 * JWT signed with HS256 and the instance's primary key, whose claims say who
 * the user is (`sub`), which instance vouches for them (`iss`) and for how
 * long (`iat`, `exp` 24 hours later). The header and the claims are written
 * in the order Pusher's own server SDK writes them, so the same user at the
 * same second gets the very same token.
 */
export interface TokenInput {
	instanceId: string;
	primaryKey: string;
	userId: string;
	/** Seconds since 1970; default now. */
	issuedAt?: number;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function beamsToken({ instanceId, primaryKey, userId, issuedAt = Math.floor(Date.now() / 1000) }: TokenInput): { token: string } {
	checkUserId(userId);
	const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const claims = base64url(
		JSON.stringify({
			iat: issuedAt,
			exp: issuedAt + BEAMS_LIMITS.tokenLifetimeSeconds,
			iss: `https://${instanceId}.pushnotifications.pusher.com`,
			sub: userId,
		}),
	);
	const signature = base64url(createHmac('sha256', primaryKey).update(`${header}.${claims}`).digest());
	return { token: `${header}.${claims}.${signature}` };
}
