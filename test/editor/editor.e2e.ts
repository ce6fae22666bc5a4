/**
 * What a user sees of this package in the real n8n 2.x editor, in Chromium:
 * the nodes panel and each node's details, the Resource and Operation lists,
 * the action labels, an item's error, the Docs links, the credential form.
 * One n8n start for all of it. With PUSHER_SCREENSHOTS=1 (npm run
 * screenshots) the same run also rewrites the README's screenshots.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

import { PusherApi } from '../../credentials/PusherApi.credentials';
import { NAME_LIST_HINT } from '../../nodes/common/nameList';
import { Pusher } from '../../nodes/Pusher/Pusher.node';
import { PusherChannelTrigger } from '../../nodes/Pusher/PusherChannelTrigger.node';
import { PusherWebhookTrigger } from '../../nodes/Pusher/PusherWebhookTrigger.node';
import { PusherBeams } from '../../nodes/PusherBeams/PusherBeams.node';
import { CREDENTIAL_NAME, connect, exampleWorkflow, node, pusherNode, startStack, type Stack } from '../e2e/harness';
import { openBrowser, type Browser } from './browser';
import { choose, closeNode, openNode, openWorkflow, optionLabels, searchNodesPanel } from './editorPage';
import { SCREENSHOTS_WANTED, SHOTS } from './screenshots';

const REPO_ROOT = path.resolve(__dirname, '../..');
const PUBLIC_URL = 'https://n8n.example.com/';
/** Every node of the package, in the order the nodes panel lists them when searched for "Pusher". */
const NODES: Record<string, INodeType> = {
	Pusher: new Pusher(),
	'Pusher Beams': new PusherBeams(),
	'Pusher Trigger': new PusherWebhookTrigger(),
	'Pusher Channel Trigger': new PusherChannelTrigger(),
};

/** Every node of the package, and an item whose channel name Pusher refuses. */
const EVERY_NODE = 'Every node';
const everyNode = {
	name: EVERY_NODE,
	nodes: [
		node('Start', 'n8n-nodes-base.manualTrigger', {}, { position: [0, 0] }),
		node(
			'Two items',
			'n8n-nodes-base.code',
			{ jsCode: "return [{ json: { channel: 'orders' } }, { json: { channel: 'orders!' } }];" },
			{ typeVersion: 2, position: [220, 0] },
		),
		pusherNode('Pusher', 'pusher', { resource: 'event', operation: 'trigger', channels: '={{ $json.channel }}', eventName: 'order-created' }, { position: [440, 0] }),
		pusherNode('Pusher Trigger', 'pusherTrigger', { channelFilter: 'prefix', channels: 'presence-' }, { position: [0, 300], webhookId: 'editor-every-node' }),
		pusherNode('Pusher Trigger for members', 'pusherTrigger', { events: ['member_added'] }, { position: [300, 300], webhookId: 'editor-members' }),
		pusherNode('Pusher Channel Trigger', 'pusherChannelTrigger', { channels: 'orders' }, { position: [0, 600] }),
		node('Pusher Beams', 'n8n-nodes-pusher-channels.pusherBeams', {}, { position: [300, 600] }),
	],
	connections: connect(['Start', 'Two items'], ['Two items', 'Pusher']),
	publish: false,
};

/** A Pusher node for choosing every resource: n8n saves each choice, so it has a workflow of its own. */
const RESOURCE_LISTS = 'Resource lists';
const resourceLists = { name: RESOURCE_LISTS, nodes: [pusherNode('Pusher', 'pusher', { resource: 'event', operation: 'trigger' })], connections: {}, publish: false };

/** The README's example: a sample order sent to two channels by the Pusher node. */
const orderWorkflow = {
	name: 'Orders to a live dashboard',
	nodes: [
		node('When clicking ‘Execute workflow’', 'n8n-nodes-base.manualTrigger', {}, { position: [0, 0] }),
		node(
			'New order',
			'n8n-nodes-base.set',
			{
				mode: 'manual',
				assignments: {
					assignments: [
						{ id: 'customer', name: 'customer', type: 'string', value: 'Ada Lovelace' },
						{ id: 'amount', name: 'amount', type: 'number', value: 42.5 },
						{ id: 'orderId', name: 'orderId', type: 'string', value: 'A-1024' },
					],
				},
				options: {},
			},
			{ typeVersion: 3.4, position: [240, 0] },
		),
		pusherNode(
			'Push to dashboard',
			'pusher',
			{
				resource: 'event',
				operation: 'trigger',
				channels: 'orders private-staff',
				eventName: 'order-created',
				dataMode: 'json',
				dataJson: '={{ { orderId: $json.orderId, customer: $json.customer, amount: $json.amount } }}',
			},
			{ position: [480, 0] },
		),
	],
	connections: connect(['When clicking ‘Execute workflow’', 'New order'], ['New order', 'Push to dashboard']),
	settings: { executionOrder: 'v1' },
	publish: false,
};
const webhookExample = exampleWorkflow('webhook-to-chat');
/** For the screenshots of the Beams node and of an MCP server (docs/nodes/pusher-beams.md, docs/ai-agents.md). */
const beamsExample = { ...exampleWorkflow('beams-order-notification'), publish: false };
const mcpExample = { ...exampleWorkflow('mcp-agent-progress'), publish: false };

let stack: Stack;
let browser: Browser;
let credentialId: string;
const started = Date.now();
const workflowId = (name: string) => stack.n8n.workflowId(name);

beforeAll(async () => {
	// The public URL n8n shows webhooks under, as on a deployed instance (nothing calls it).
	stack = await startStack({
		workflows: [everyNode, resourceLists, orderWorkflow, webhookExample, beamsExample, mcpExample],
		credentials: [
			{ name: 'Pusher Beams account', type: 'pusherBeamsApi', data: { instanceId: '8f9a6e22-2483-49aa-8552-125f1a4c5781', secretKey: 'not-a-real-key' } },
		],
		env: { N8N_WEBHOOK_URL: PUBLIC_URL },
	});
	browser = await openBrowser(stack.n8n);
	const { data } = await stack.n8n.api<{ data: Array<{ id: string; name: string }> }>('GET', '/credentials');
	credentialId = data.find((credential) => credential.name === CREDENTIAL_NAME)!.id;
	console.error(`[editor] n8n and Chromium up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
afterAll(async () => {
	await browser?.close();
	await stack?.stop();
	console.error(`[editor] whole file took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
afterEach(async () => {
	// A failed step leaves a picture of the page where the logs are kept.
	if (process.env.PUSHER_E2E_KEEP && browser) {
		await browser.page.screenshot({ path: path.join(stack.n8n.userFolder, `${expect.getState().currentTestName}.png`) }).catch(() => {});
	}
});

/** The `action` of every operation of the Pusher node, as written in its description. */
function writtenActions(): string[] {
	return NODES.Pusher.description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options ?? [])
		.map((option) => (option as { action?: string }).action)
		.filter((action): action is string => typeof action === 'string');
}

const duplicates = (labels: string[]) => labels.filter((label, index) => labels.indexOf(label) !== index);

it('lists each node in the nodes panel under its own name, with its own description', async () => {
	const { page } = browser;
	await openWorkflow(page, stack.n8n.baseUrl, workflowId(EVERY_NODE), 'Pusher');
	const entries = await searchNodesPanel(page, 'Pusher');
	const ours = entries.filter((entry) => entry.title.startsWith('Pusher'));
	expect(ours).toEqual(Object.entries(NODES).map(([title, type]) => ({ title, description: type.description.description })));
	expect(duplicates(ours.map((entry) => entry.title))).toEqual([]);
	await page.keyboard.press('Escape');
});

it("shows each node's own description in its details, and the Pusher node's actions as written", async () => {
	const { page } = browser;
	for (const [title, type] of Object.entries(NODES)) {
		await openWorkflow(page, stack.n8n.baseUrl, workflowId(EVERY_NODE), 'Pusher');
		await searchNodesPanel(page, title);
		await page.locator('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]').filter({ hasText: title }).first().click();
		const creator = page.locator('[data-test-id="node-creator"]');
		await creator.getByText('Node details', { exact: true }).waitFor();
		// The details view is stacked after the search results.
		const all = await creator.innerText();
		const text = all.slice(all.lastIndexOf('Node details'));
		expect(text).toContain(`\n${title}\n`);
		expect(text).toContain(type.description.description);
		for (const [other, otherType] of Object.entries(NODES)) {
			if (other !== title) expect(text).not.toContain(otherType.description.description);
		}
		if (title === 'Pusher') {
			// Each action label is shown exactly as written (no apostrophe lost), and none says "Trigger".
			const shown = text.split('\n').map((line) => line.trim());
			for (const action of writtenActions()) expect(shown).toContain(action);
			expect(shown).toContain('Terminate all connections of a user');
			expect(writtenActions().filter((action) => /trigger/i.test(action))).toEqual([]);
		}
		await page.keyboard.press('Escape');
	}
});

it('has no two entries with the same label in Resource or in any Operation list, and no action named Trigger', async () => {
	const { page } = browser;
	await openWorkflow(page, stack.n8n.baseUrl, workflowId(RESOURCE_LISTS), 'Pusher');
	await openNode(page, 'Pusher');
	const resources = await optionLabels(page, 'resource');
	// n8n appends its own Custom API Call (an HTTP Request node with this credential): the only one.
	expect(resources).toEqual(['API Request', 'Authorization', 'Channel', 'Event', 'Sauna Command', 'User', 'Custom API Call']);
	const operations: Record<string, string[]> = {};
	for (const resource of resources.filter((label) => label !== 'Custom API Call')) {
		await choose(page, 'resource', resource);
		operations[resource] = await optionLabels(page, 'operation');
	}
	for (const [resource, labels] of Object.entries(operations)) {
		expect({ resource, duplicates: duplicates(labels) }).toEqual({ resource, duplicates: [] });
		expect(labels.filter((label) => /trigger/i.test(label))).toEqual([]);
	}
	expect(operations.Event).toEqual(['Send', 'Send in Batches', 'Custom API Call']);
	expect(operations['API Request']).toEqual(['Send Signed Request', 'Custom API Call']);
	await closeNode(page);
});

it('subtitles the Pusher node on the canvas with its action, not with "trigger: event"', async () => {
	const { page } = browser;
	await openWorkflow(page, stack.n8n.baseUrl, workflowId(EVERY_NODE), 'Pusher');
	const card = await page.locator('[data-test-id="canvas-node"][data-node-name="Pusher"]').innerText();
	expect(card.split('\n')).toEqual(['Pusher', 'Send an event']);
});

it("shows a bad channel name's error once, with the item n8n names, and how to fix it", async () => {
	const { page } = browser;
	await openWorkflow(page, stack.n8n.baseUrl, workflowId(EVERY_NODE), 'Pusher');
	const ndv = await openNode(page, 'Pusher');
	await ndv.locator('[data-test-id="node-execute-button"]').first().click();
	const problem = 'Channels: Channel name "orders!" has characters Pusher does not allow (only A-Z a-z 0-9 _ - = @ , . ;)';
	const output = ndv.locator('[data-test-id="output-panel"]');
	await output.getByText(problem, { exact: false }).first().waitFor({ timeout: 60_000 });
	const text = await output.innerText();
	expect(text.split(problem).length - 1).toBe(1);
	// n8n adds " [item 1]" (0-based: the second item) itself; the message does not count items.
	expect(text).toContain(`${problem} [item 1]`);
	expect(text).not.toMatch(/Item \d/);
	expect(text).toContain('separated by spaces or new lines, or an expression that returns an array');
	await closeNode(page);
});

it('says how each list field reads, and hides Client Events to Drop unless client events are chosen', async () => {
	const { page } = browser;
	// (A field holding an expression shows its value where the hint would be: these hold typed names.)
	for (const [workflow, name, fields] of [
		[orderWorkflow.name, 'Push to dashboard', ['Channels']],
		[EVERY_NODE, 'Pusher Trigger', ['Channels', 'Client Events to Drop']],
		[EVERY_NODE, 'Pusher Channel Trigger', ['Channels']],
	] as const) {
		await openWorkflow(page, stack.n8n.baseUrl, workflowId(workflow), name);
		const ndv = await openNode(page, name);
		const parameters = await ndv.locator('[data-test-id="parameter-item"]').allInnerTexts();
		for (const field of fields) {
			const shown = parameters.find((text) => text.startsWith(`${field}\n`));
			expect({ name, field, hint: shown?.includes(NAME_LIST_HINT) }).toEqual({ name, field, hint: true });
		}
		await closeNode(page);
	}
	await openWorkflow(page, stack.n8n.baseUrl, workflowId(EVERY_NODE), 'Pusher');
	const ndv = await openNode(page, 'Pusher Trigger for members');
	expect(await ndv.locator('[data-test-id="node-parameters"]').innerText()).not.toContain('Client Events to Drop');
	await closeNode(page);
});

it("links each node's Docs to its own page in this repository, as n8n builds the link", async () => {
	const { page } = browser;
	const repository = String(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).repository.url)
		.replace(/^git\+/, '')
		.replace(/\.git$/, '');
	const pages: Record<string, string> = {};
	for (const name of ['Pusher', 'Pusher Beams', 'Pusher Trigger', 'Pusher Channel Trigger']) {
		await openWorkflow(page, stack.n8n.baseUrl, workflowId(EVERY_NODE), 'Pusher');
		const ndv = await openNode(page, name);
		const href = await ndv.locator('a', { hasText: 'Docs' }).first().getAttribute('href');
		const url = new URL(href!);
		expect(url.hash).toBe('');
		expect(url.searchParams.get('utm_source')).toBe('n8n_app'); // n8n's tracking query, which broke the old #anchors
		expect(`${url.origin}${url.pathname}`.startsWith(`${repository}/blob/main/`)).toBe(true);
		pages[name] = url.pathname.split('/blob/main/')[1];
		await closeNode(page);
	}
	expect(pages).toEqual({
		Pusher: 'docs/nodes/pusher.md',
		'Pusher Beams': 'docs/nodes/pusher-beams.md',
		'Pusher Trigger': 'docs/nodes/pusher-trigger.md',
		'Pusher Channel Trigger': 'docs/nodes/pusher-channel-trigger.md',
	});
	for (const [name, file] of Object.entries(pages)) {
		expect(existsSync(path.join(REPO_ROOT, file))).toBe(true);
		expect(readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')[0]).toMatch(new RegExp(`^# ${name}( node)?$`));
	}

	await page.goto(`${stack.n8n.baseUrl}/home/credentials/${credentialId}`);
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	const href = await modal.locator('a', { hasText: 'docs' }).first().getAttribute('href');
	expect(href).toBe(new PusherApi().documentationUrl);
	const file = new URL(href!).pathname.split('/blob/main/')[1];
	expect(file).toBe('docs/nodes/pusher-credential.md');
	expect(readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')[0]).toBe('# Pusher API credential');
	await page.keyboard.press('Escape');
});

it("lists Pusher's clusters in the credential form as the dashboard writes them, Other last", async () => {
	const { page } = browser;
	await page.goto(`${stack.n8n.baseUrl}/home/credentials/${credentialId}`);
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	await modal.locator('[data-test-id="parameter-input-connection"]').waitFor();
	expect(await optionLabels(page, 'connection')).toEqual(['Pusher Cluster', 'Self-Hosted Server', 'Pusher URL']);
	await choose(page, 'connection', 'Pusher Cluster');
	const clusters = (new PusherApi().properties.find((property) => property.name === 'cluster') as INodeProperties).options!;
	expect(await optionLabels(page, 'cluster')).toEqual(clusters.map((option) => option.name));
	expect(await optionLabels(page, 'cluster')).toEqual([
		'ap1 (Singapore)',
		'ap2 (Mumbai)',
		'ap3 (Tokyo)',
		'ap4 (Sydney)',
		'eu (Ireland)',
		'mt1 (N. Virginia)',
		'sa1 (São Paulo)',
		'us2 (Ohio)',
		'us3 (Oregon)',
		'Other',
	]);
	await page.keyboard.press('Escape'); // closes the modal without saving
});

(SCREENSHOTS_WANTED ? it : it.skip)('rewrites the README screenshots (PUSHER_SCREENSHOTS=1)', async () => {
	const ctx = {
		page: browser.page,
		baseUrl: stack.n8n.baseUrl,
		publicUrl: PUBLIC_URL,
		credentialId,
		orderWorkflowId: workflowId(orderWorkflow.name),
		webhookWorkflowId: workflowId(webhookExample.name),
		beamsWorkflowId: workflowId(beamsExample.name),
		mcpWorkflowId: workflowId(mcpExample.name),
	};
	for (const [name, take] of Object.entries(SHOTS)) {
		const file = await take(ctx);
		console.error(`[editor] wrote ${path.relative(REPO_ROOT, file)} (${name})`);
	}
});
