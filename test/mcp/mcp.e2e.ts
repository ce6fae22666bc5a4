/**
 * The Pusher node as a tool for AI agents, end to end, with no language model:
 * a real n8n 2.x serves workflows whose MCP Server Trigger has Pusher Tool
 * nodes (the variant n8n generates for `usableAsTool`) on its Tools input, and
 * the official MCP client calls them over Streamable HTTP and over SSE, as
 * an assistant would. pusher-js clients on Soketi show what arrived; every
 * request n8n sends to Soketi goes through a counting proxy, so "nothing was
 * sent" is checked, not assumed.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

import { NodeHelpers, type INode, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { countingProxy, type CountingProxy } from '../helpers/countingProxy';
import { collect, connectClient, signin, subscribe, type PusherClient } from '../helpers/pusherClient';
import { CREDENTIAL_NAME, ENCRYPTION_MASTER_KEY, eventually, exampleWorkflow, PACKAGE, pusherNode, line, soketiCredentialData, startStack, updateCredential, type Stack, type Workflow } from '../e2e/harness';
import { startBeamsServer, type BeamsServer } from '../beams/beamsServer';
import { connectMcp, type Mcp, type ToolResult, type TransportKind } from './mcpClient';

const randomId = () => randomBytes(4).toString('hex');
const TOOL_TYPE = `${PACKAGE}.pusherTool`;
const MCP_TRIGGER = '@n8n/n8n-nodes-langchain.mcpTrigger';
/** Distinctive, so finding them in a response cannot be a coincidence. */
const APP = { key: 'mcp-e2e-app-key-7f3a', secret: 'mcp-e2e-app-secret-91c4d2' };

function mcpTrigger(mcpPath: string): Record<string, unknown> {
	return { id: `mcp-${mcpPath}`, name: 'MCP Server Trigger', type: MCP_TRIGGER, typeVersion: 2.1, position: [0, 0], webhookId: `${mcpPath}-hook`, parameters: { path: mcpPath } };
}

function tool(name: string, parameters: Record<string, unknown>): Record<string, unknown> {
	return { ...pusherNode(name, 'pusher', parameters), type: TOOL_TYPE };
}

function mcpServer(name: string, mcpPath: string, tools: Array<Record<string, unknown>>): Workflow {
	return {
		name,
		nodes: [mcpTrigger(mcpPath), ...tools],
		connections: Object.fromEntries(
			tools.map((t) => [t.name, { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] }]),
		),
	};
}

// What an assistant is told about each argument: what it means and what Pusher allows.
const CHANNEL_RULE = 'Letters, digits and _ - = @ , . ; only, no spaces, at most 164 characters.';
const CHANNEL = `$fromAI('channel', 'The channel to send to, e.g. progress-42; subscribers of that channel get the event. ${CHANNEL_RULE}', 'string')`;
const WATCHED_CHANNEL = `$fromAI('channel', 'The channel to look at, e.g. progress-42. ${CHANNEL_RULE}', 'string')`;
const EVENT_NAME =
	"$fromAI('event_name', 'The event name subscribers bind to, e.g. progress. At most 200 characters; must not start with pusher: which Pusher reserves.', 'string')";
const DATA = "$fromAI('data', 'A JSON object sent to subscribers as the event data, at most 10 KB as JSON.', 'json')";
const USER_ID = "$fromAI('user_id', 'The ID the user signed in with, e.g. user-17. At most 128 characters.', 'string')";

/** Every argument from the assistant, as n8n's editor writes `$fromAI` into the tool's parameters. */
const tools = mcpServer('MCP: Pusher tools', 'pusher-tools-e2e', [
	tool('Send event', {
		descriptionType: 'manual',
		toolDescription: 'Sends a real-time event to every browser or app subscribed to a Pusher channel.',
		resource: 'event',
		operation: 'trigger',
		channels: `={{ ${CHANNEL} }}`,
		eventName: `={{ ${EVENT_NAME} }}`,
		dataMode: 'json',
		dataJson: `={{ ${DATA} }}`,
	}),
	tool('Get channel', {
		descriptionType: 'manual',
		toolDescription: 'Tells whether anyone is subscribed to a Pusher channel right now (occupied), and how many (subscription_count).',
		resource: 'channel',
		operation: 'get',
		channel: `={{ ${WATCHED_CHANNEL} }}`,
		info: ['subscription_count'],
	}),
	tool('Send to user', {
		descriptionType: 'manual',
		toolDescription: 'Sends a real-time event to every connection of one signed-in user.',
		resource: 'user',
		operation: 'sendEvent',
		userId: `={{ ${USER_ID} }}`,
		eventName: `={{ ${EVENT_NAME} }}`,
		dataMode: 'json',
		dataJson: `={{ ${DATA} }}`,
	}),
]);

/** What the editor does not offer in the tool variant, written into a workflow by hand. */
const hidden = mcpServer('MCP: operations not offered to agents', 'pusher-hidden-e2e', [
	tool('Authorize', {
		resource: 'authorization',
		operation: 'authorizeChannel',
		source: 'fields',
		socketId: "={{ $fromAI('socket_id', 'A socket ID', 'string') }}",
		channel: "={{ $fromAI('channel', 'A channel', 'string') }}",
	}),
	tool('Custom call', {
		resource: 'custom',
		operation: 'request',
		method: 'GET',
		path: "={{ $fromAI('path', 'An API path', 'string') }}",
	}),
]);

const example = exampleWorkflow('mcp-agent-progress');

const BEAMS_CREDENTIAL = 'Pusher Beams (local Beams-like server)';
/** The Pusher Beams node's tool variant: the assistant names the users and writes the notification. */
const beamsTools: Workflow = {
	name: 'MCP: Pusher Beams tools',
	nodes: [
		mcpTrigger('beams-tools-e2e'),
		{
			id: 'beams-notify-users',
			name: 'Notify users',
			type: `${PACKAGE}.pusherBeamsTool`,
			typeVersion: 1,
			position: [0, 0],
			credentials: { pusherBeamsApi: { id: 'beams', name: BEAMS_CREDENTIAL } },
			parameters: {
				descriptionType: 'manual',
				toolDescription: 'Sends a push notification to the phones and browsers of the given signed-in users.',
				resource: 'notification',
				operation: 'publishToUsers',
				users: "={{ $fromAI('user_ids', 'The IDs of the users to notify, as their apps signed in to Beams, e.g. [\"user-17\"]. 1 to 1,000 per call is best; at most 164 characters each.', 'json') }}",
				contentMode: 'simple',
				title: "={{ $fromAI('title', 'The notification title, e.g. Your report is ready', 'string') }}",
				body: "={{ $fromAI('body', 'The notification text', 'string') }}",
				platforms: ['web', 'fcm', 'apns'],
			},
		},
	],
	connections: { 'Notify users': { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] } },
};

/**
 * n8n lends community packages its own n8n-workflow (through NODE_PATH), unless
 * a node_modules above the user folder has one: Node finds that first. Then the
 * package's errors are not of n8n's classes, n8n wraps each one anew, and what
 * an agent reads is no longer what the package wrote. Say so rather than fail
 * obscurely (e.g. another n8n's node_modules linked at /tmp/node_modules).
 */
function assertPackageGetsN8nsWorkflow(userFolder: string) {
	const { n8nDir } = require('../../scripts/n8n/paths.cjs') as { n8nDir: string };
	const packageDir = path.join(userFolder, '.n8n/nodes/node_modules', PACKAGE);
	let resolved: string;
	try {
		resolved = createRequire(path.join(packageDir, 'package.json')).resolve('n8n-workflow');
	} catch {
		return; // nothing in the way: n8n's own copy it is
	}
	if (!resolved.startsWith(`${n8nDir}${path.sep}`)) {
		throw new Error(`the package would load n8n-workflow from ${resolved}, not n8n's own: a node_modules above ${userFolder} shadows it; set TMPDIR to a directory without one above it`);
	}
}

let stack: Stack;
let proxy: CountingProxy;
let beams: BeamsServer;
/** Every MCP client this file connects, so every message they received can be searched at the end. */
const sessions: Mcp[] = [];

beforeAll(async () => {
	beams = await startBeamsServer();
	stack = await startStack({
		workflows: [tools, hidden, example, beamsTools],
		soketi: APP,
		credentials: [
			{ name: BEAMS_CREDENTIAL, type: 'pusherBeamsApi', data: { instanceId: beams.instanceId, secretKey: beams.secretKey, endpoint: beams.baseUrl } },
		],
	});
	assertPackageGetsN8nsWorkflow(stack.n8n.userFolder);
	// From now on n8n reaches Soketi only through the proxy, which records each request.
	proxy = await countingProxy(stack.soketi.baseUrl);
	await updateCredential(stack.n8n, CREDENTIAL_NAME, soketiCredentialData({ ...stack.soketi, port: proxy.port }, ENCRYPTION_MASTER_KEY));
});
afterAll(async () => {
	for (const session of sessions) await session.close().catch(() => undefined);
	await proxy?.close();
	await stack?.stop();
	await beams?.close();
});

async function mcp(mcpPath: string, kind: TransportKind = 'streamableHttp'): Promise<Mcp> {
	const session = await connectMcp(`${stack.n8n.baseUrl}/mcp/${mcpPath}`, kind);
	sessions.push(session);
	return session;
}

/** Requests n8n sent to Soketi's HTTP API while `run` ran. */
async function requestsDuring(run: () => Promise<unknown>): Promise<string[]> {
	const before = proxy.requests.length;
	await run();
	return proxy.requests.slice(before).map((r) => `${r.method} ${r.path}`);
}

/**
 * What an agent reads of a failed call: "Error: " (n8n's MCP Server Trigger
 * puts the error's name first), then what is wrong in words, not n8n's
 * internals. Returns the text after "Error: ".
 */
function agentReads(result: ToolResult): string {
	expect(result.isError).toBe(true);
	expect(result.text).toMatch(/^Error: /);
	const said = result.text.slice('Error: '.length);
	expect(said).not.toMatch(/\w+(Error|Exception)\b/); // no class names (NodeOperationError, TypeError…)
	expect(said).not.toMatch(/\bitem\s*\[?\d/i); // no item index: the agent made one call, not items
	expect(said).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
	return said;
}

const SEND_EVENT_ARGS = ['channel', 'event_name', 'data'];

describe.each<TransportKind>(['streamableHttp', 'sse'])('over %s', (kind) => {
	let session: Mcp;
	beforeAll(async () => {
		session = await mcp('pusher-tools-e2e', kind);
	});

	test('the tools are listed with what they do and what each argument means and allows', async () => {
		const { tools: listed } = await session.client.listTools();
		expect(listed.map((t) => t.name).sort()).toEqual(['Get_channel', 'Send_event', 'Send_to_user']);
		const byName = Object.fromEntries(listed.map((t) => [t.name, t]));

		const send = byName.Send_event;
		expect(send.description).toMatch(/real-time event.*subscribed to a Pusher channel/);
		expect(send.inputSchema).toMatchObject({ type: 'object' });
		expect(send.inputSchema.required?.sort()).toEqual([...SEND_EVENT_ARGS].sort());
		const props = send.inputSchema.properties as Record<string, { type?: string; description?: string }>;
		expect(Object.keys(props).sort()).toEqual([...SEND_EVENT_ARGS].sort());
		expect(props.channel).toMatchObject({ type: 'string' });
		expect(props.channel.description).toContain('Letters, digits and _ - = @ , . ; only');
		expect(props.channel.description).toContain('at most 164 characters');
		expect(props.event_name.description).toContain('At most 200 characters');
		expect(props.event_name.description).toContain('must not start with pusher:');
		expect(props.data.description).toContain('at most 10 KB');

		expect(Object.keys(byName.Get_channel.inputSchema.properties ?? {})).toEqual(['channel']);
		expect((byName.Get_channel.inputSchema.properties as Record<string, { description: string }>).channel.description).toContain(CHANNEL_RULE);
		expect(byName.Get_channel.description).toMatch(/whether anyone is subscribed/);
		expect(Object.keys(byName.Send_to_user.inputSchema.properties ?? {}).sort()).toEqual(['data', 'event_name', 'user_id']);
		expect((byName.Send_to_user.inputSchema.properties as Record<string, { description: string }>).user_id.description).toContain('signed in with');
	});

	test('Send event: a pusher-js client on the channel receives the event with the data given', async () => {
		const channel = `progress-${kind}-${randomId()}`;
		const client = await connectClient(stack.soketi);
		const got = collect(await subscribe(client, channel), 'progress');
		const data = { step: 2, of: 5, message: 'Reading the files', unicode: 'é€中😀' };

		let result!: ToolResult;
		const sent = await requestsDuring(async () => {
			result = await session.call('Send_event', { channel, event_name: 'progress', data });
		});

		// The proxy sees what n8n sends, so the "nothing sent" checks below can fail.
		expect(sent).toEqual([`POST /apps/${stack.soketi.appId}/events`]);
		expect(result.isError).toBe(false);
		expect(result.json).toEqual([{ event: 'progress', channels: [channel], sent: true }]);
		expect(await got.waitFor(1)).toEqual([data]);
		client.disconnect();
	});

	test('Get channel: the agent reads whether anyone is listening', async () => {
		const channel = `watched-${kind}-${randomId()}`;
		const quiet = await session.call('Get_channel', { channel });
		expect(quiet.isError).toBe(false);
		expect(quiet.json).toEqual([expect.objectContaining({ channel, occupied: false })]);

		const client = await connectClient(stack.soketi);
		await subscribe(client, channel);
		const watched = await session.call('Get_channel', { channel });
		expect(watched.json).toEqual([expect.objectContaining({ channel, occupied: true, subscription_count: 1 })]);
		client.disconnect();
	});

	test('Send to user: the pusher-js client signed in as that user receives it', async () => {
		const userId = `user-${kind}-${randomId()}`;
		const client = await connectClient(stack.soketi, { userAuthenticate: (socketId) => stack.sdk.authenticateUser(socketId, { id: userId }) });
		await signin(client);
		const got = collect(client.user as never, 'notification');
		const data = { title: 'Report ready', body: 'Your weekly report is done.' };

		const result = await session.call('Send_to_user', { user_id: userId, event_name: 'notification', data });

		expect(result.isError).toBe(false);
		expect(result.json).toEqual([{ userId, event: 'notification', sent: true }]);
		expect(await got.waitFor(1)).toEqual([data]);
		client.disconnect();
	});

	describe('bad arguments come back as a result the agent can act on, with nothing sent', () => {
		let client: PusherClient;
		const channel = `guarded-${kind}-${randomId()}`;
		let received: ReturnType<typeof collect>;
		beforeAll(async () => {
			client = await connectClient(stack.soketi);
			received = collect(await subscribe(client, channel));
		});
		afterAll(async () => {
			// Anything sent by the calls above would have arrived before this sentinel.
			await stack.sdk.trigger(channel, 'sentinel', {});
			expect(await received.waitFor(1)).toEqual([{}]);
			expect(received.received.map((r) => r.event)).toEqual(['sentinel']);
			client.disconnect();
		});

		test('an invalid channel name: the result names the argument and the characters allowed', async () => {
			let result!: ToolResult;
			const sent = await requestsDuring(async () => {
				result = await session.call('Send_event', { channel: 'bad name', event_name: 'progress', data: { step: 1 } });
			});
			expect(sent).toEqual([]);
			expect(agentReads(result)).toMatch(/^Channels: Channel name "bad name" has characters Pusher does not allow \(only A-Z a-z 0-9 _ - = @ , \. ;\)/);
		});

		test('oversized data: the result says how big it was and what the limit is', async () => {
			let result!: ToolResult;
			const sent = await requestsDuring(async () => {
				result = await session.call('Send_event', { channel, event_name: 'progress', data: { text: 'x'.repeat(11_000) } });
			});
			expect(sent).toEqual([]);
			expect(agentReads(result)).toMatch(/^Data: Event data is 11011 bytes \(UTF-8\); the limit is 10240 bytes/);
		});

		test('an empty event name: the result names the argument', async () => {
			let result!: ToolResult;
			const sent = await requestsDuring(async () => {
				result = await session.call('Send_event', { channel, event_name: '', data: { step: 1 } });
			});
			expect(sent).toEqual([]);
			expect(agentReads(result)).toMatch(/^Event Name: Event name is empty/);
		});

		test('a reserved event name: the result gives the rule', async () => {
			let result!: ToolResult;
			const sent = await requestsDuring(async () => {
				result = await session.call('Send_event', { channel, event_name: 'pusher:subscribe', data: { step: 1 } });
			});
			expect(sent).toEqual([]);
			expect(agentReads(result)).toMatch(/^Event Name: Event name "pusher:subscribe" starts with "pusher:", which Pusher reserves/);
		});

		test('a missing event name: n8n refuses the call before the node runs, naming the argument', async () => {
			let result!: ToolResult;
			const sent = await requestsDuring(async () => {
				result = await session.call('Send_event', { channel, data: { step: 1 } });
			});
			expect(sent).toEqual([]);
			// n8n checks the arguments against the tool's schema (langchain, zod) and words this itself.
			expect(agentReads(result)).toMatch(/^Received tool input did not match expected schema\s+✖ Required\s+→ at event_name$/);
		});
	});
});

describe('the example workflow, as imported (examples/mcp-agent-progress.json)', () => {
	let session: Mcp;
	beforeAll(async () => {
		session = await mcp('pusher-progress');
	});

	test('offers Broadcast_progress, Check_watchers and Notify_user, each saying what it does', async () => {
		const { tools: listed } = await session.client.listTools();
		const byName = Object.fromEntries(listed.map((t) => [t.name, t]));
		expect(Object.keys(byName).sort()).toEqual(['Broadcast_progress', 'Check_watchers', 'Notify_user']);
		const args = (name: string) => byName[name].inputSchema.properties as Record<string, { type: string; description: string }>;
		expect(Object.keys(args('Broadcast_progress')).sort()).toEqual(['message', 'percent', 'task_id']);
		expect(args('Broadcast_progress').percent.type).toBe('number');
		expect(args('Broadcast_progress').task_id.description).toContain('Letters, digits and _ - = @ , . ; only');
		expect(args('Broadcast_progress').message.description).toContain('10 KB');
		expect(Object.keys(args('Check_watchers'))).toEqual(['task_id']);
		expect(Object.keys(args('Notify_user')).sort()).toEqual(['body', 'title', 'user_id']);
		for (const t of listed) expect(t.description?.length).toBeGreaterThan(60);
	});

	test('a progress broadcast reaches the page watching the task; Check_watchers sees it', async () => {
		const taskId = `report-${randomId()}`;
		const page = await connectClient(stack.soketi);
		const progress = collect(await subscribe(page, `progress-${taskId}`), 'progress');

		const watchers = await session.call('Check_watchers', { task_id: taskId });
		expect(watchers.json).toEqual([expect.objectContaining({ channel: `progress-${taskId}`, occupied: true, subscription_count: 1 })]);
		const result = await session.call('Broadcast_progress', { task_id: taskId, message: 'Reading the sales figures', percent: 40 });

		expect(result.isError).toBe(false);
		expect(await progress.waitFor(1)).toEqual([{ message: 'Reading the sales figures', percent: 40 }]);
		page.disconnect();
	});

	test('a notification reaches the user signed in with that ID', async () => {
		const userId = `user-${randomId()}`;
		const page = await connectClient(stack.soketi, { userAuthenticate: (socketId) => stack.sdk.authenticateUser(socketId, { id: userId }) });
		await signin(page);
		const notifications = collect(page.user as never, 'notification');

		const result = await session.call('Notify_user', { user_id: userId, title: 'Report ready', body: 'Your sales report is done.' });

		expect(result.isError).toBe(false);
		expect(await notifications.waitFor(1)).toEqual([{ title: 'Report ready', body: 'Your sales report is done.' }]);
		page.disconnect();
	});

	test('a task ID the channel name cannot hold comes back as an error naming the rule, nothing sent', async () => {
		let result!: ToolResult;
		const sent = await requestsDuring(async () => {
			result = await session.call('Broadcast_progress', { task_id: 'sales report', message: 'Starting', percent: 0 });
		});
		expect(sent).toEqual([]);
		expect(agentReads(result)).toContain('Channel name "progress-sales report" has characters Pusher does not allow');
	});
});

describe('operations not offered to agents', () => {
	test("the editor's Pusher Tool offers only Event, Channel, User and Sauna Command", async () => {
		const response = await fetch(`${stack.n8n.baseUrl}/types/nodes.json`, { headers: { cookie: stack.n8n.cookie } });
		const types = (await response.json()) as INodeTypeDescription[];
		const offered = (type: string) => {
			const description = types.find((t) => t.name === type)!;
			const node = { name: 'Pusher', type, typeVersion: 1, parameters: {} } as unknown as INode;
			const resources = description.properties.filter(
				(p: INodeProperties) => p.name === 'resource' && NodeHelpers.displayParameter({}, p, node, description),
			);
			expect(resources).toHaveLength(1);
			// n8n appends its own "Custom API Call" to the list of every node whose credential can
			// sign any request: a pointer to the HTTP Request node, not an operation of this node.
			return (resources[0].options as Array<{ value: string }>).map((o) => o.value).filter((value) => value !== '__CUSTOM_API_CALL__');
		};
		expect(offered(TOOL_TYPE)).toEqual(['channel', 'event', 'sauna', 'user']);
		expect(offered('n8n-nodes-pusher-channels.pusher')).toEqual(['custom', 'authorization', 'channel', 'event', 'sauna', 'user']);
	});

	test('a Pusher Tool set to Authorization or API Request by hand refuses to run, sending nothing', async () => {
		const session = await mcp('pusher-hidden-e2e');
		let authorize!: ToolResult;
		let custom!: ToolResult;
		const sent = await requestsDuring(async () => {
			authorize = await session.call('Authorize', { socket_id: '1234.5678', channel: 'private-payroll' });
			custom = await session.call('Custom_call', { path: '/channels' });
		});
		expect(sent).toEqual([]);
		for (const result of [authorize, custom]) {
			expect(agentReads(result)).toMatch(/^Resource: .* is not available to AI agents/);
		}
		expect(authorize.text).not.toMatch(/"auth"/);
	});
});

describe('Pusher Beams: Publish to Users through MCP', () => {
	test('the agent names the users and writes the notification; Beams gets one publish to exactly those users', async () => {
		const session = await mcp('beams-tools-e2e');
		const { tools: listed } = await session.client.listTools();
		expect(listed.map((t) => t.name)).toEqual(['Notify_users']);
		const props = listed[0].inputSchema.properties as Record<string, { description?: string }>;
		expect(Object.keys(props).sort()).toEqual(['body', 'title', 'user_ids']);
		expect(props.user_ids.description).toContain('at most 164 characters');

		const result = await session.call('Notify_users', { user_ids: ['user-17', 'user-18'], title: 'Report ready', body: 'Your March report is ready' });
		expect(result.isError).toBeFalsy();
		const published = beams.accepted();
		expect(published).toHaveLength(1);
		expect(published[0].json).toMatchObject({
			users: ['user-17', 'user-18'],
			web: { notification: { title: 'Report ready', body: 'Your March report is ready' } },
			fcm: { notification: { title: 'Report ready', body: 'Your March report is ready' } },
			apns: { aps: { alert: { title: 'Report ready', body: 'Your March report is ready' } } },
		});
		expect(result.text).toContain((published[0].response!.body as { publishId: string }).publishId);
	});

	test('a user ID Beams cannot take comes back as an error naming the rule, and nothing is published', async () => {
		const session = await mcp('beams-tools-e2e');
		beams.reset();
		const said = agentReads(await session.call('Notify_users', { user_ids: ['x'.repeat(165)], title: 't', body: 'b' }));
		expect(said).toMatch(/164/);
		expect(beams.requests).toHaveLength(0);
	});
});

describe('what n8n records', () => {
	test(`each tool call ${line.recordsFailedToolCalls ? 'is an execution marked successful; a failed call shows only as its tool node failing' : 'that succeeded is an execution marked successful; a failed call leaves none'}`, async () => {
		const id = stack.n8n.workflowId('MCP: Pusher tools');
		const perTransport = [
			'Send event: success',
			'Get channel: success',
			'Get channel: success',
			'Send to user: success',
			'Send event: error (Channels)',
			'Send event: error (Data)',
			'Send event: error (Event Name)',
			'Send event: error (Event Name)',
			// A missing argument fails n8n's schema check: the tool never ran, nothing records why.
			'no tool run',
		].filter((run) => line.recordsFailedToolCalls || run.endsWith(': success'));
		// 9 tool calls per transport above (n8n 1.x records only the 4 that succeeded); listing tools starts no execution.
		const executions = await eventually('the executions of the tool calls', () => stack.n8n.executions(id), (list) => list.length >= 2 * perTransport.length);
		expect(executions).toHaveLength(2 * perTransport.length);
		// n8n's MCP Server Trigger runs the tool inside the webhook request and
		// answers the client itself; the execution it records is the trigger's,
		// which always succeeds (n8n-io/n8n#36863).
		expect(executions.every((e) => e.mode === 'webhook' && e.status === 'success')).toBe(true);
		const runs = executions.map((e) => {
			const runData = e.data?.resultData.runData as Record<string, Array<{ executionStatus?: string; error?: { message: string } }>>;
			const tool = Object.keys(runData).find((name) => name !== 'MCP Server Trigger');
			const run = tool ? runData[tool][0] : undefined;
			return tool ? `${tool}: ${run?.executionStatus}${run?.error ? ` (${run.error.message.split(':')[0]})` : ''}` : 'no tool run';
		});
		expect(runs.sort()).toEqual([...perTransport, ...perTransport].sort());
		expect(JSON.stringify(executions)).not.toContain(APP.secret);
	});
});

test("no MCP response carries the credential's secret or encryption key", () => {
	const everything = sessions.flatMap((s) => s.received).join('\n');
	expect(everything.length).toBeGreaterThan(1000);
	for (const secret of [APP.secret, ENCRYPTION_MASTER_KEY, Buffer.from(ENCRYPTION_MASTER_KEY, 'base64').toString('latin1'), beams.secretKey]) {
		expect(everything).not.toContain(secret);
	}
});
