import { createHmac } from 'node:crypto';

/** An HS256 JSON Web Token, as an app's login would issue it (for tests: n8n's Webhook node verifies it). */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
	const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iat: Math.floor(Date.now() / 1000), ...claims })}`;
	return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
