/**
 * The Beams user token: it verifies with the primary key (jsonwebtoken as the
 * verifier), it is the very token Pusher's server SDK issues for the same user
 * at the same second, and a token signed with another key is refused.
 */
import PushNotifications from '@pusher/push-notifications-server';
import jwt from 'jsonwebtoken';

import { beamsToken } from '../../nodes/PusherBeams/protocol/token';
import { BeamsInputError } from '../../nodes/PusherBeams/protocol/inputError';
import { seededRandom, UNICODE_ALPHABET } from '../helpers/random';

const instanceId = '8f9a6e22-2483-49aa-8552-125f1a4c5781';
const primaryKey = 'F6B2B6A1C6C34E5DA7D0E0E5E1A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3';
const issuer = `https://${instanceId}.pushnotifications.pusher.com`;

afterEach(() => jest.restoreAllMocks());

it('verifies with the primary key and says who, for which instance, for 24 hours', () => {
	const { token } = beamsToken({ instanceId, primaryKey, userId: 'user-001', issuedAt: 1_700_000_000 });
	const claims = jwt.verify(token, primaryKey, { algorithms: ['HS256'], issuer, subject: 'user-001', clockTimestamp: 1_700_000_100 });
	expect(claims).toEqual({ iat: 1_700_000_000, exp: 1_700_086_400, iss: issuer, sub: 'user-001' });
	expect(jwt.decode(token, { complete: true })?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
});

it('is the token the official SDK generates for the same user at the same second, for generated user IDs', () => {
	const random = seededRandom();
	const sdk = new PushNotifications({ instanceId, secretKey: primaryKey });
	for (let i = 0; i < 300; i++) {
		// at most 164 UTF-16 units, as both count; a cut may leave half an emoji, which both must encode alike
		const userId = random.string(i % 3 === 0 ? UNICODE_ALPHABET : 'abcXYZ019-_@.', 1, i % 10 === 0 ? 164 : 40).slice(0, 164);
		const nowMs = 1_600_000_000_000 + random.int(0, 400_000_000) * 1000 + random.int(0, 999);
		jest.spyOn(Date, 'now').mockReturnValue(nowMs);
		const theirs = sdk.generateToken(userId).token;
		const ours = beamsToken({ instanceId, primaryKey, userId }).token;
		expect({ seed: random.seed, userId, token: ours }).toEqual({ seed: random.seed, userId, token: theirs });
		jest.restoreAllMocks();
	}
});

it('is refused when it was signed with another key, or tampered with', () => {
	const { token } = beamsToken({ instanceId, primaryKey: 'another-key', userId: 'user-001' });
	expect(() => jwt.verify(token, primaryKey, { algorithms: ['HS256'] })).toThrow('invalid signature');
	const genuine = beamsToken({ instanceId, primaryKey, userId: 'user-001' }).token;
	const [header, , signature] = genuine.split('.');
	const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', iss: issuer })).toString('base64url')}.${signature}`;
	expect(() => jwt.verify(forged, primaryKey, { algorithms: ['HS256'] })).toThrow('invalid signature');
});

it('expires 24 hours after it was issued', () => {
	const { token } = beamsToken({ instanceId, primaryKey, userId: 'u', issuedAt: 1_700_000_000 });
	expect(() => jwt.verify(token, primaryKey, { clockTimestamp: 1_700_086_399 })).not.toThrow();
	expect(() => jwt.verify(token, primaryKey, { clockTimestamp: 1_700_086_400 })).toThrow('jwt expired');
});

it('is refused for an empty or over-long user ID, as the SDK refuses it', () => {
	const sdk = new PushNotifications({ instanceId, secretKey: primaryKey });
	for (const userId of ['', 'x'.repeat(165)]) {
		expect(() => sdk.generateToken(userId)).toThrow();
		expect(() => beamsToken({ instanceId, primaryKey, userId })).toThrow(BeamsInputError);
	}
});
