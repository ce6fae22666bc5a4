import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Lowercase hex HMAC-SHA256 of `data` (a string is hashed as UTF-8), the one MAC Pusher uses everywhere. */
export function hmacSha256Hex(secret: string, data: string | Uint8Array): string {
	return createHmac('sha256', secret).update(data).digest('hex');
}

/** Lowercase hex MD5, as Pusher's `body_md5` wants it. */
export function md5Hex(data: string | Uint8Array): string {
	return createHash('md5').update(data).digest('hex');
}

/** Compares two strings in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a, 'utf8');
	const right = Buffer.from(b, 'utf8');
	// timingSafeEqual needs equal lengths; comparing `left` with itself keeps the
	// work the same when the lengths differ, so the length is all that leaks.
	return left.length === right.length ? timingSafeEqual(left, right) : !timingSafeEqual(left, left);
}
