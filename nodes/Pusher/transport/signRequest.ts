import type { IHttpRequestOptions } from 'n8n-workflow';

import { decodeMasterKey } from '../protocol/encryption';
import { signedQueryString } from '../protocol/signing';
import { resolveConnection, type PusherCredentialFields } from './connection';

/**
 * The `pusherApi` credential's `authenticate`: every request a node makes goes
 * through here. Nodes give a path relative to the app (`/events`,
 * `/channels/x`) and a JSON body object; this serializes the body once, signs
 * exactly those bytes, and points the request at the app on the right server.
 */
export async function signRequest(
	fields: PusherCredentialFields,
	request: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const { appId, key, secret, origin, encryptionMasterKey } = resolveConnection(fields);
	// A bad master key should fail the credential test, not the first encrypted event.
	if (encryptionMasterKey) decodeMasterKey(encryptionMasterKey);

	const method = (request.method ?? 'GET').toUpperCase();
	const [relativePath, ...rest] = request.url.split('?');
	if (rest.length) throw new Error('Pass query parameters in `qs`, not in the URL');
	const path = `/apps/${encodeURIComponent(appId)}${relativePath.startsWith('/') ? '' : '/'}${relativePath}`;

	const body =
		request.body === undefined || method === 'GET'
			? undefined
			: typeof request.body === 'string'
				? request.body
				: JSON.stringify(request.body);
	const params = (request.qs ?? {}) as Record<string, string | number | boolean>;
	const query = signedQueryString({ key, secret, method, path, params, body });

	return {
		...request,
		method: method as IHttpRequestOptions['method'],
		baseURL: origin,
		url: `${path}?${query}`,
		qs: undefined,
		body,
		headers: { ...request.headers, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
		json: true,
	};
}
