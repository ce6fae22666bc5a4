/**
 * The Pusher Channel Trigger in an n8n that runs on a Node.js without a
 * built-in WebSocket client (before 22): n8n 1.x still starts on Node 20
 * (with its legacy expression engine; scripts/n8n/line.cjs), and activating
 * a workflow with the trigger must fail with a message that itself says what
 * is needed, since n8n 1.x shows the user only the error's message.
 * n8n 2.x does not start on a Node older than 24, so there it is skipped.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';

import { connect, goLive, line, node, pusherNode, startStack, type Stack } from './harness';

const workflow = {
	name: 'Listen on an old Node',
	nodes: [
		pusherNode('Pusher Channel Trigger', 'pusherChannelTrigger', { channels: 'e2e-old-node' }),
		node('Received', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Channel Trigger', 'Received']),
	publish: false,
};

const oldNode = line.oldestNodeMajor;
const describeOnOldNode = oldNode < 22 ? describe : describe.skip;

describeOnOldNode(`n8n ${line.version} on Node.js ${oldNode}`, () => {
	let stack: Stack;
	let workflowId: string;

	beforeAll(async () => {
		stack = await startStack({ workflows: [workflow], nodeMajor: oldNode });
		workflowId = stack.n8n.workflowId(workflow.name);
	});

	afterAll(async () => {
		await stack?.stop();
	});

	test(`n8n itself runs on Node.js ${oldNode}`, () => {
		const executable = readlinkSync(`/proc/${stack.n8n.pid}/exe`);
		expect(execFileSync(executable, ['--version'], { encoding: 'utf8' })).toMatch(new RegExp(`^v${oldNode}\\.`));
	});

	test('activating the workflow fails, and the message says that Node.js 22 or newer is needed', async () => {
		const error = (await goLive(stack.n8n, workflowId).then(
			() => undefined,
			(caught: unknown) => caught,
		)) as { status?: number; body?: { message?: string } } | undefined;
		expect(error?.status).toBe(400);
		expect(error?.body?.message).toMatch(/The Pusher Channel Trigger needs Node\.js 22 or newer/);
		const saved = await stack.n8n.api<{ active: boolean }>('GET', `/workflows/${workflowId}`);
		expect(saved.active).toBe(false);
	});
});
