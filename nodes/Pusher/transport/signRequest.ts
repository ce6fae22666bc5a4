import type { IHttpRequestOptions } from 'n8n-workflow';

import { decodeMasterKey } from '../protocol/encryption';
import { signedQueryString } from '../protocol/signing';
import { resolveConnection, type PusherCredentialFields } from './connection';

/**
 * The `pusherApi` credential's `authenticate`: every request a node makes goes
 * through here. Nodes give a path relative to the app (`/events`,
 * `/channels/x`) and a JSON body object; this serializes the body once, signs
 * exactly those bytes, and points the request at the app on the right server.
 * A full URL (n8n's generic "Custom API Call", the HTTP Request node with this
 * credential) is signed as it is, its query string included.
 */
export async function signRequest(
	fields: PusherCredentialFields,
	request: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const { appId, key, secret, origin, encryptionMasterKey } = resolveConnection(fields);
	// A bad master key should fail the credential test, not the first encrypted event.
	if (encryptionMasterKey) decodeMasterKey(encryptionMasterKey);

	const method = (request.method ?? 'GET').toUpperCase();
	const target = resolveTarget(request, appId, origin);

	const body =
		request.body === undefined || method === 'GET'
			? undefined
			: typeof request.body === 'string'
				? request.body
				: JSON.stringify(request.body);
	const params = { ...target.params, ...(request.qs as Record<string, string | number | boolean> | undefined) };
	const query = signedQueryString({ key, secret, method, path: target.path, params, body });

	return {
		...request,
		method: method as IHttpRequestOptions['method'],
		baseURL: target.origin,
		url: `${target.path}?${query}`,
		qs: undefined,
		body,
		headers: { ...request.headers, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
		json: true,
	};
}

function resolveTarget(request: IHttpRequestOptions, appId: string, origin: string) {
	if (/^https?:\/\//i.test(request.url)) {
		const url = new URL(request.url);
		return { origin: url.origin, path: url.pathname, params: Object.fromEntries(url.searchParams) };
	}
	const [relativePath, ...rest] = request.url.split('?');
	if (rest.length) throw new Error('Pass query parameters in `qs`, not in the URL');
	const path = `/apps/${encodeURIComponent(appId)}${relativePath.startsWith('/') ? '' : '/'}${relativePath}`;
	return { origin, path, params: {} };
}
