'use strict';
/**
 * Puts credentials and workflows into a running n8n through its public API
 * (credentials on 1.x through the editor's: line.cjs),
 * and publishes workflows (n8n 1.x activates them: line.cjs).
 *
 * Workflows are given as the editor exports them (examples/*.json). Each
 * node's credential reference `{ <type>: { id, name } }` is pointed at the
 * credential of that type with that name created here, or at the only one of
 * that type when no name matches. Fields the public API rejects (it validates
 * with additionalProperties: false) are dropped.
 */
const { listAll } = require('./client.cjs');
const { goLive, listCredentials, createCredential, updateCredential } = require('./line.cjs');

const NODE_FIELDS = [
	'id', 'name', 'webhookId', 'disabled', 'notesInFlow', 'notes', 'type', 'typeVersion', 'executeOnce',
	'alwaysOutputData', 'retryOnFail', 'maxTries', 'waitBetweenTries', 'continueOnFail', 'onError',
	'position', 'parameters', 'credentials',
];
const SETTINGS_FIELDS = [
	'saveExecutionProgress', 'saveManualExecutions', 'saveDataErrorExecution', 'saveDataSuccessExecution',
	'executionTimeout', 'errorWorkflow', 'timezone', 'executionOrder', 'callerPolicy',
];

const pick = (object, keys) => Object.fromEntries(keys.filter((k) => object?.[k] !== undefined).map((k) => [k, object[k]]));

/**
 * Creates each credential `{ name, type, data }`, or updates its data when one
 * with that name and type exists. Returns them as `{ id, name, type }`.
 * `session`: { baseUrl, cookie, api } (how differs by line: line.cjs).
 */
async function upsertCredentials(session, credentials) {
	const existing = credentials.length ? await listCredentials(session) : [];
	const result = [];
	for (const { name, type, data } of credentials) {
		const found = existing.find((c) => c.name === name && c.type === type);
		const saved = found
			? await updateCredential(session, found, data)
			: await createCredential(session, { name, type, data });
		result.push({ id: saved.id ?? found.id, name, type });
	}
	return result;
}

function linkCredentials(node, credentials) {
	if (!node.credentials) return node;
	const linked = {};
	for (const [type, ref] of Object.entries(node.credentials)) {
		const ofType = credentials.filter((c) => c.type === type);
		const match = ofType.find((c) => c.name === ref?.name) ?? (ofType.length === 1 ? ofType[0] : undefined);
		linked[type] = match ? { id: match.id, name: match.name } : ref;
	}
	return { ...node, credentials: linked };
}

/** The body POST/PUT /workflows accepts, with credentials linked. */
function workflowBody(workflow, credentials) {
	return {
		name: workflow.name,
		nodes: workflow.nodes.map((node) => linkCredentials(pick(node, NODE_FIELDS), credentials)),
		connections: workflow.connections ?? {},
		settings: pick(workflow.settings ?? { executionOrder: 'v1' }, SETTINGS_FIELDS),
	};
}

/**
 * Creates each workflow. With `keepExisting`, a workflow whose name already
 * exists is left as it is (the demo's second run keeps the user's edits).
 * Workflows with `publish !== false` that have a trigger are published.
 * Returns `{ id, name, published }` in the order given.
 */
async function importWorkflows(api, workflows, credentials, { keepExisting = false } = {}) {
	const existing = keepExisting && workflows.length ? await listAll(api, '/workflows') : [];
	const result = [];
	for (const workflow of workflows) {
		let saved = existing.find((w) => w.name === workflow.name && !w.isArchived);
		if (!saved) saved = await api('POST', '/workflows', workflowBody(workflow, credentials));
		let published = Boolean(saved.active);
		if (!published && workflow.publish !== false && hasPublishableTrigger(workflow)) {
			await publishWorkflow(api, saved.id);
			published = true;
		}
		result.push({ id: saved.id, name: saved.name, published });
	}
	return result;
}

/** Manual-trigger-only workflows cannot be published (n8n: "no trigger node"). */
function hasPublishableTrigger(workflow) {
	return workflow.nodes.some(
		(node) => !node.disabled && /trigger|webhook/i.test(node.type) && node.type !== 'n8n-nodes-base.manualTrigger',
	);
}

/** Publishes (2.x) or activates (1.x) the workflow. */
async function publishWorkflow(api, id) {
	return await goLive(api, id);
}

module.exports = { upsertCredentials, importWorkflows, publishWorkflow, workflowBody, hasPublishableTrigger };
