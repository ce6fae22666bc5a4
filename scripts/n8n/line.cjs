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
 * credentials   /api/v1/credentials              /rest/credentials (the editor's
 *                                                API): the public API cannot list
 *                                                or update them, and its schema
 *                                                check refuses some valid data
 * on Node 20    does not start                   starts with the legacy
 *                                                expression engine
 *                                                (isolated-vm has no Node 20 build)
 * MCP Server    every tool call is an            only the tool calls that
 * Trigger       execution                        succeeded are (failed ones
 *                                                leave none)
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
 * Creates a credential `{ name, type, data }`; resolves with it (`id`…). 2.x
 * through the public API; 1.x through the editor's API, because 1.x's public
 * API refuses valid data of some types: n8n's own JWT credential (it wants
 * both PEM keys even for a passphrase), and any credential n8n adds its
 * domain-restriction fields to (pusherApi too) unless allowedHttpRequestDomains
 * is given (docs/compatibility.md; test/e2e/credentialProvisioning.e2e.ts).
 */
async function createCredential({ baseUrl, cookie, api }, { name, type, data }) {
	if (major >= 2) return await api('POST', '/credentials', { name, type, data });
	const { body } = await request('POST', `${baseUrl}/rest/credentials`, { headers: { cookie }, body: { name, type, data } });
	return body.data ?? body;
}

/** Replaces a credential's data: 2.x through the public API, 1.x (which has no such route there) through the editor's. */
async function updateCredential({ baseUrl, cookie, api }, { id, name, type }, data) {
	if (major >= 2) return await api('PATCH', `/credentials/${id}`, { data });
	const { body } = await request('PATCH', `${baseUrl}/rest/credentials/${id}`, { headers: { cookie }, body: { name, type, data } });
	return body.data ?? body;
}

/** Whether n8n records an execution for an MCP tool call that failed (test/mcp/mcp.e2e.ts). */
const recordsFailedToolCalls = major >= 2;

module.exports = { major, recordsFailedToolCalls, version: n8nVersion, nodeMajor, oldestNodeMajor: line.oldestNodeMajor, lineEnv, setUpOwner, goLive, listCredentials, createCredential, updateCredential };
