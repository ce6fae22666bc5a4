import type { IHttpRequestOptions } from 'n8n-workflow';

import { resolveBeamsCredential, type BeamsCredentialFields } from './credential';

/**
 * The `pusherBeamsApi` credential's authenticate: every request carries the
 * primary key as a bearer token, and a path (`/publish_api/…`) is sent to the
 * instance, or to the credential's custom endpoint. A full URL (n8n's HTTP
 * Request node with this credential) goes where it says.
 */
export async function authenticateBeams(fields: BeamsCredentialFields, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const { primaryKey, baseUrl } = resolveBeamsCredential(fields);
	const absolute = /^https?:\/\//i.test(request.url);
	return {
		...request,
		...(absolute ? {} : { baseURL: baseUrl }),
		headers: {
			...request.headers,
			Authorization: `Bearer ${primaryKey}`,
			...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
		},
	};
}
