'use strict';
/**
 * What differs between the n8n lines the scripts and tests run (1.x and 2.x),
 * in one place. The line is the major version of N8N_VERSION (paths.cjs).
 *
 *               2.x (2.41.1)                     1.x (1.123.81)
 * Node.js       24 only                          22 (also 20, see below)
 * owner         from the environment             POST /rest/owner/setup
 *               (N8N_INSTANCE_OWNER_*)           on the fresh instance
 * go live       POST /workflows/{id}/publish     POST /workflows/{id}/activate
 * credentials   GET/PATCH /api/v1/credentials    the public API can only create
 *                                                them: listed and updated with
 *                                                /rest/credentials;
 *                                                and it refuses a credential without
 *                                                n8n's own allowedHttpRequestDomains
 *                                                field (docs/compatibility.md)
 * on Node 20    does not start                   starts with the legacy
 *                                                expression engine
 *                                                (isolated-vm has no Node 20 build)
 */
const { n8nVersion } = require('./paths.cjs');
const { ownerEnv } = require('./owner.cjs');
const { request, listAll, N8nHttpError } = require('./client.cjs');

const major = Number(n8nVersion.split('.')[0]);

/**
 * nodeMajor: the Node.js n8n runs on here (scripts/n8n/install.sh applies the
 * same rule; N8N_NODE_MAJOR overrides it in both). oldestNodeMajor: the
 * oldest one the line starts on (1.x's sqlite3 is built to load on all).
 */
const LINES = {
	1: { nodeMajor: 22, oldestNodeMajor: 20 },
	2: { nodeMajor: 24, oldestNodeMajor: 24 },
};
const line = LINES[major] ?? LINES[2];
const nodeMajor = Number(process.env.N8N_NODE_MAJOR) || line.nodeMajor;

/** Environment for n8n on Node `major`, with this owner. */
function lineEnv(owner, runOnMajor = nodeMajor) {
	if (major >= 2) return ownerEnv(owner);
	return runOnMajor < 22 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {};
}

/**
 * After /healthz answers: 1.x wants its owner claimed once (a reused user
 * folder already has one: n8n answers 400 and the login that follows decides).
 */
async function setUpOwner(baseUrl, owner) {
	if (major >= 2) return;
	const { email, firstName, lastName, password } = owner;
	try {
		await request('POST', `${baseUrl}/rest/owner/setup`, { body: { email, firstName, lastName, password } });
	} catch (error) {
		if (!(error instanceof N8nHttpError && error.status === 400)) throw error;
	}
}

/** Makes a workflow with a trigger live: 2.x publishes it, 1.x activates it. */
async function goLive(api, workflowId) {
	return await api('POST', `/workflows/${workflowId}/${major >= 2 ? 'publish' : 'activate'}`, {});
}

/**
 * The owner's credentials as { id, name, type }. `session`: { baseUrl, cookie, api }.
 */
async function listCredentials({ baseUrl, cookie, api }) {
	if (major >= 2) return await listAll(api, '/credentials');
	const { body } = await request('GET', `${baseUrl}/rest/credentials`, { headers: { cookie } });
	return body.data;
}

/**
 * The data POST /api/v1/credentials accepts. n8n 1.x adds domain-restriction
 * fields to the credentials its HTTP Request node may use (those with
 * `authenticate`, like pusherApi), and its public API then requires
 * `allowedDomains` unless `allowedHttpRequestDomains` is given: give it 'all',
 * what the editor saves by default, when the type's schema has the field.
 */
async function credentialData({ api }, type, data) {
	if (major >= 2 || data.allowedHttpRequestDomains !== undefined) return data;
	const schema = await api('GET', `/credentials/schema/${encodeURIComponent(type)}`);
	return schema.properties?.allowedHttpRequestDomains ? { ...data, allowedHttpRequestDomains: 'all' } : data;
}

/** Replaces a credential's data: 2.x through the public API, 1.x (which has no such route there) through the editor's. */
async function updateCredential({ baseUrl, cookie, api }, { id, name, type }, data) {
	if (major >= 2) return await api('PATCH', `/credentials/${id}`, { data });
	const { body } = await request('PATCH', `${baseUrl}/rest/credentials/${id}`, { headers: { cookie }, body: { name, type, data } });
	return body.data ?? body;
}

module.exports = { major, version: n8nVersion, nodeMajor, oldestNodeMajor: line.oldestNodeMajor, lineEnv, setUpOwner, goLive, listCredentials, credentialData, updateCredential };
