/**
 * The Pusher Trigger's lists (Channels, Client Events to Drop) read as every
 * node of the package reads them, also from an expression that returns an
 * array, evaluated by n8n-core's WebhookContext.
 */
import { closeClientSockets, postSigned } from './http';
import { TriggerEndpoint } from './triggerEndpoint';

let endpoint: TriggerEndpoint | undefined;
afterEach(async () => {
	await endpoint?.close();
	endpoint = undefined;
});
afterAll(closeClientSockets);

it('takes Channels and Client Events to Drop from expressions that return arrays', async () => {
	endpoint = new TriggerEndpoint({
		parameters: {
			channelFilter: 'exact',
			channels: '={{ ["presence-a", "presence-b"] }}',
			dropClientEvents: '={{ ["client-typing", "client-cursor-*"] }}',
		},
	});
	const url = await endpoint.listen();
	const answer = await postSigned(url, [
		{ name: 'channel_occupied', channel: 'presence-a' },
		{ name: 'channel_occupied', channel: 'presence-c' },
		{ name: 'client_event', channel: 'presence-b', event: 'client-typing', data: '{}', socket_id: '1.1' },
		{ name: 'client_event', channel: 'presence-b', event: 'client-cursor-move', data: '{}', socket_id: '1.1' },
		{ name: 'client_event', channel: 'presence-b', event: 'client-msg', data: '{}', socket_id: '1.1' },
	]);
	expect(answer.status).toBe(200);
	const emitted = endpoint.deliveries[0].workflowData?.[0].map((item) => [item.json.channel, item.json.event ?? item.json.name]);
	expect(emitted).toEqual([
		['presence-a', 'channel_occupied'],
		['presence-b', 'client-msg'],
	]);
});

it('ignores Client Events to Drop when client events are not among the event types, as the editor hides it', async () => {
	endpoint = new TriggerEndpoint({ parameters: { events: ['channel_occupied'], dropClientEvents: 'client-*' } });
	const url = await endpoint.listen();
	await postSigned(url, [{ name: 'channel_occupied', channel: 'client-room' }]);
	expect(endpoint.deliveries[0].workflowData?.[0].map((item) => item.json.channel)).toEqual(['client-room']);
});

it("takes the text an expression returns as one name, not a list to split", async () => {
	endpoint = new TriggerEndpoint({ parameters: { channelFilter: 'exact', channels: '={{ "presence-a presence-b" }}' } });
	const url = await endpoint.listen();
	const answer = await postSigned(url, [{ name: 'channel_occupied', channel: 'presence-a' }]);
	expect(answer.body).toEqual({ received: 1, emitted: 0 });
});
