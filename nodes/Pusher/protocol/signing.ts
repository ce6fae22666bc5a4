import { hmacSha256Hex, md5Hex } from './hmac';
import { validateQueryParameterName } from './validation';

/**
 * Pusher's request signing, auth_version 1.0.
 *
 * The string to sign is `METHOD\nPATH\nQUERY`, where QUERY is every query
 * parameter but `auth_signature`, sorted by key and joined as `k=v` with `&`,
 * values not URL-escaped. The signed query string is that same QUERY with
 * `&auth_signature=<hex HMAC-SHA256>` appended: the form the official Node SDK
 * (`createSignedQueryString`) sends, byte for byte.
 */
export interface SignedQueryStringInput {
	key: string;
	secret: string;
	method: string;
	/** The full path, `/apps/{appId}/…`. */
	path: string;
	params?: Record<string, string | number | boolean>;
	/** The exact body bytes that will be sent; `body_md5` hashes them. */
	body?: string | Uint8Array;
	/** Unix seconds; now when omitted. */
	timestamp?: number;
}

const RESERVED_PARAMS = new Set(['auth_key', 'auth_timestamp', 'auth_version', 'auth_signature', 'body_md5']);

export function signedQueryString(input: SignedQueryStringInput): string {
	const { key, secret, method, path, params = {}, body } = input;
	const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);

	const query: Record<string, string> = {
		auth_key: key,
		auth_timestamp: String(timestamp),
		auth_version: '1.0',
	};
	if (body !== undefined && body.length > 0) query.body_md5 = md5Hex(body);
	for (const [name, value] of Object.entries(params)) {
		if (RESERVED_PARAMS.has(name.toLowerCase())) {
			throw new Error(`Query parameter "${name}" is set by request signing and cannot be passed in`);
		}
		const problem = validateQueryParameterName(name);
		if (problem) throw new Error(problem);
		query[name] = String(value);
	}

	const sorted = Object.keys(query)
		.sort()
		.map((name) => `${name}=${query[name]}`)
		.join('&');
	const signature = hmacSha256Hex(secret, [method.toUpperCase(), path, sorted].join('\n'));
	return `${sorted}&auth_signature=${signature}`;
}
