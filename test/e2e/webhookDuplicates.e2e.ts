/**
 * The Pusher Trigger's replay protection and duplicate handling in a real
 * n8n server, where what the unit tests cannot show is decided: what n8n
 * answers, which executions start, and what n8n's own Remove Duplicates node
 * keeps in its database. The workflow is the one the README shows:
 * Pusher Trigger → Remove Duplicates on {{ $json.dedupeKey }} → the rest.
 *
 * Webhooks are posted signed by the test (as Pusher signs them), so the same
 * request can be sent twice: in a row, at the same moment, and after a
 * restart of n8n (when only the database remembers).
 */
import { createHmac } from 'node:crypto';

import { connect, eventually, node, nodeOutput, pusherNode, startStack, type Execution, type Stack } from './harness';

const WEBHOOK_ID = '7d1e4b2a-6c3f-4e8d-9b0a-dedupe000001';
const WEBHOOK_PATH = `${WEBHOOK_ID}/webhook`;

const workflow = {
	name: 'Pusher webhooks, once each',
	nodes: [
		pusherNode('Pusher Trigger', 'pusherTrigger', { events: ['member_added', 'client_event'] }, { webhookId: WEBHOOK_ID }),
		node(
			'Remove Duplicates',
			'n8n-nodes-base.removeDuplicates',
			{
				operation: 'removeItemsSeenInPreviousExecutions',
				logic: 'removeItemsWithAlreadySeenKeyValues',
				dedupeValue: '={{ $json.dedupeKey }}',
				options: {},
			},
			{ typeVersion: 2 },
		),
		node('Once', 'n8n-nodes-base.noOp'),
	],
	connections: connect(['Pusher Trigger', 'Remove Duplicates'], ['Remove Duplicates', 'Once']),
};

let stack: Stack;
let userSeq = 0;
/** Executions the answers said were started (emitted > 0): what n8n's list must reach. */
let started = 0;

beforeAll(async () => {
	stack = await startStack({ workflows: [workflow] });
	await stack.n8n.waitForWebhook(WEBHOOK_PATH);
});

afterAll(async () => {
	await stack?.stop();
});

/** A webhook body and the request that posts it, signed with the app's secret. */
function webhook(events: Array<Record<string, unknown>>, timeMs = Date.now()) {
	const body = JSON.stringify({ time_ms: timeMs, events });
	const signature = createHmac('sha256', stack.soketi.secret).update(body).digest('hex');
	return async () => {
		const response = await fetch(stack.n8n.webhookUrl(WEBHOOK_PATH), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-pusher-key': stack.soketi.key, 'x-pusher-signature': signature },
			body,
		});
		const answer = { status: response.status, body: (await response.json()) as { received?: number; emitted?: number } };
		if (answer.status === 200 && (answer.body.emitted ?? 0) > 0) started++;
		return answer;
	};
}

const member = () => ({ name: 'member_added', channel: 'presence-room', user_id: `user-${++userSeq}` });

/** Every execution of the workflow, once all the started ones are saved and finished. */
async function finishedExecutions(): Promise<Execution[]> {
	return await eventually(
		`${started} finished executions`,
		async () => await stack.n8n.executions(stack.n8n.workflowId(workflow.name)),
		(executions) => executions.length >= started && executions.every((e) => e.status !== 'running' && e.status !== 'new'),
		60_000,
	);
}

/** What reached the node after Remove Duplicates, over every execution. */
async function reachedOnce(): Promise<Array<Record<string, unknown>>> {
	return (await finishedExecutions()).flatMap((execution) => nodeOutput(execution, 'Once'));
}

const usersOf = (items: Array<Record<string, unknown>>) => items.map((item) => item.user_id).filter(Boolean);

test('an accepted webhook is answered 200 with {received, emitted}, the same body the README documents', async () => {
	const event = member();
	expect(await webhook([event, { name: 'channel_occupied', channel: 'presence-room' }])()).toEqual({
		status: 200,
		body: { received: 2, emitted: 1 },
	});
	await expect(reachedOnce()).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ ...event, dedupeKey: expect.any(String) })]));
});

test('replay protection is on by default: a webhook older than 600 s, or a minute ahead, gets 401 and starts nothing', async () => {
	const before = (await finishedExecutions()).length;
	const old = member();
	const ahead = member();
	expect(await webhook([old], Date.now() - 601_000)()).toEqual({ status: 401, body: { error: 'The webhook could not be verified' } });
	expect((await webhook([ahead], Date.now() + 61_000)()).status).toBe(401);
	expect((await webhook([member()], Date.now() - 300_000)()).status).toBe(200);
	const executions = await finishedExecutions();
	expect(executions).toHaveLength(before + 1);
	const triggered = usersOf(executions.flatMap((execution) => nodeOutput(execution, 'Pusher Trigger')));
	expect(triggered).not.toContain(old.user_id);
	expect(triggered).not.toContain(ahead.user_id);
});

test('the same webhook sent again 3 s later reaches the rest of the workflow once', async () => {
	const event = member();
	const send = webhook([event]);
	expect(await send()).toEqual({ status: 200, body: { received: 1, emitted: 1 } });
	await new Promise((resolve) => setTimeout(resolve, 3000));
	expect(await send()).toEqual({ status: 200, body: { received: 1, emitted: 0 } });
	expect(usersOf(await reachedOnce()).filter((id) => id === event.user_id)).toHaveLength(1);
});

test('ten copies of one webhook sent at the same moment reach the rest of the workflow once', async () => {
	const event = member();
	const send = webhook([event]);
	const answers = await Promise.all(Array.from({ length: 10 }, async () => await send()));
	expect(answers.every((answer) => answer.status === 200)).toBe(true);
	expect(answers.filter((answer) => (answer.body as { emitted: number }).emitted === 1)).toHaveLength(1);
	expect(usersOf(await reachedOnce()).filter((id) => id === event.user_id)).toHaveLength(1);
});

test('events that look alike but are not the same are all kept: again later, or twice in one webhook', async () => {
	const event = member();
	const now = Date.now();
	await webhook([event], now)();
	await webhook([event], now + 1)();
	await webhook([event, event], now + 2)();
	expect(usersOf(await reachedOnce()).filter((id) => id === event.user_id)).toHaveLength(4);
});

test('after a restart, when only the database remembers, Remove Duplicates stops a retry the trigger lets through', async () => {
	const event = member();
	const send = webhook([event]);
	expect((await send()).body).toEqual({ received: 1, emitted: 1 });
	await reachedOnce();
	await stack.restartN8n();
	await stack.n8n.waitForWebhook(WEBHOOK_PATH);
	// This process has not seen it: the trigger emits it and an execution starts...
	expect((await send()).body).toEqual({ received: 1, emitted: 1 });
	const executions = await finishedExecutions();
	const started = executions.filter((execution) => usersOf(nodeOutput(execution, 'Pusher Trigger')).includes(event.user_id));
	expect(started).toHaveLength(2);
	expect(started.every((execution) => execution.status === 'success')).toBe(true);
	// ...and Remove Duplicates, on the key in n8n's database, lets it go no further.
	expect(usersOf(await reachedOnce()).filter((id) => id === event.user_id)).toHaveLength(1);
});
