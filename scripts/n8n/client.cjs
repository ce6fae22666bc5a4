'use strict';
/**
 * Talking to a running n8n 2.x: the editor's REST API (cookie session, used
 * only to log in and mint an API key) and the public API (`X-N8N-API-KEY`)
 * for everything else.
 */

class N8nHttpError extends Error {
	constructor(method, url, status, body) {
		super(`${method} ${url} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`.slice(0, 2000));
		this.status = status;
		this.body = body;
	}
}

async function request(method, url, { body, headers = {} } = {}) {
	const response = await fetch(url, {
		method,
		headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let parsed = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON: keep the text
	}
	if (!response.ok) throw new N8nHttpError(method, url, response.status, parsed);
	return { status: response.status, headers: response.headers, body: parsed };
}

/** POST /rest/login; returns the session cookie. */
async function login(baseUrl, { email, password }) {
	const { headers } = await request('POST', `${baseUrl}/rest/login`, {
		body: { emailOrLdapLoginId: email, password },
	});
	const cookie = headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
	return cookie;
}

/**
 * Creates an API key with every scope the owner may have (no expiry); returns
 * the raw key. Keys an earlier run made (same label) are deleted first, so a
 * reused user folder does not collect them.
 */
async function createApiKey(baseUrl, cookie, label = 'pusher-channels scripts') {
	const headers = { cookie };
	const { body: listed } = await request('GET', `${baseUrl}/rest/api-keys?take=100`, { headers });
	const page = listed.data ?? listed; // 2.41: { data: { items, counts, ... } }
	for (const key of Array.isArray(page) ? page : (page.items ?? [])) {
		if (key.label?.startsWith(`${label} `)) await request('DELETE', `${baseUrl}/rest/api-keys/${key.id}`, { headers });
	}
	const { body: scopes } = await request('GET', `${baseUrl}/rest/api-keys/scopes`, { headers });
	const { body } = await request('POST', `${baseUrl}/rest/api-keys`, {
		headers,
		body: { label: `${label} ${Date.now()}`, scopes: scopes.data ?? scopes, expiresAt: null },
	});
	const key = (body.data ?? body).rawApiKey;
	if (!key) throw new Error(`POST /rest/api-keys returned no rawApiKey: ${JSON.stringify(body)}`);
	return key;
}

/** `api(method, path, body)` against /api/v1 with the key; resolves with the parsed body. */
function publicApi(baseUrl, apiKey) {
	return async (method, path, body) =>
		(await request(method, `${baseUrl}/api/v1${path}`, { body, headers: { 'X-N8N-API-KEY': apiKey } })).body;
}

/** Every page of a list endpoint (`{ data, nextCursor }`). */
async function listAll(api, path) {
	const items = [];
	let cursor;
	do {
		const separator = path.includes('?') ? '&' : '?';
		const page = await api('GET', `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		items.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor);
	return items;
}

module.exports = { N8nHttpError, request, login, createApiKey, publicApi, listAll };
