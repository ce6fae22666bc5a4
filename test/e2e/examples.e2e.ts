/**
 * The other example workflows, imported and published in a real n8n as users
 * would: the Sauna command runner answers each command's outcome and delivers
 * the valid ones; the order form pushes each submission to the `orders` channel.
 */
import { collect, connectClient, subscribe } from '../helpers/pusherClient';
import { eventually, exampleWorkflow, startStack, type Stack } from './harness';

const sauna = exampleWorkflow('sauna-command-runner');
const form = exampleWorkflow('form-to-channel');

let stack: Stack;
beforeAll(async () => {
	stack = await startStack({ workflows: [sauna, form] });
});
afterAll(async () => {
	await stack?.stop();
});

const command = (data: Record<string, unknown>) => ({ schema: 'iglu:com.pusher.sauna.commands/trigger_event/jsonschema/1-0-0', data });
const envelope = (commandId: string, whenCreated: string, timeToLive: number | null, inner: unknown) => ({
	schema: 'iglu:com.snowplowanalytics.sauna.commands/command/jsonschema/1-0-0',
	data: {
		envelope: {
			schema: 'iglu:com.snowplowanalytics.sauna.commands/envelope/jsonschema/1-0-0',
			data: { commandId, whenCreated, execution: { semantics: 'AT_LEAST_ONCE', timeToLive }, tags: {} },
		},
		command: inner,
	},
});

test('the Sauna runner answers each outcome and delivers the valid, unexpired commands', async () => {
	const url = await stack.n8n.waitForWebhook('sauna/pusher');
	const client = await connectClient(stack.soketi);
	const alerts = collect(await subscribe(client, 'ops'), 'alert');
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			commands: [
				envelope('fresh', new Date().toISOString(), 60_000, command({ channels: ['ops'], event: 'alert', data: { level: 'high' } })),
				envelope('stale', '2020-01-01T00:00:00Z', 1000, command({ channels: ['ops'], event: 'alert', data: { level: 'old' } })),
				command({ channels: [], event: 'alert', data: {} }),
			],
		}),
	});
	expect(response.status).toBe(200);
	const outcomes = (await response.json()) as Array<{ commandId: string | null; status: string }>;
	expect(outcomes.map(({ commandId, status }) => [commandId, status])).toEqual([
		['fresh', 'sent'],
		['stale', 'expired'],
		[null, 'invalid'],
	]);
	expect(await alerts.waitFor(1)).toEqual([{ level: 'high' }]);
	client.disconnect();
});

test('the order form pushes each submission to the orders channel', async () => {
	const url = `${stack.n8n.baseUrl}/form/order-form`;
	const client = await connectClient(stack.soketi);
	const orders = collect(await subscribe(client, 'orders'), 'order-created');
	// The form's fields are field-0, field-1… in the order the workflow lists them.
	const submit = () => {
		const body = new FormData();
		body.set('field-0', 'Ada Lovelace');
		body.set('field-1', '42');
		return fetch(url, { method: 'POST', body });
	};
	// A refused submission (the form not registered yet) starts nothing, so trying again cannot send twice.
	const response = await eventually('the form to accept a submission', submit, (answer) => answer.status < 400, 30_000);
	expect(response.status).toBeLessThan(400);
	const [order] = (await orders.waitFor(1, 30_000)) as Array<Record<string, unknown>>;
	expect(order).toMatchObject({ customer: 'Ada Lovelace', amount: 42 });
	client.disconnect();
});
