/**
 * Real webhooks: Soketi (a Pusher-protocol server) sends its webhooks to three
 * Pusher Trigger endpoints while real pusher-js clients subscribe, join
 * presence channels, send client events and leave:
 * - `all`: every event type, client-typing dropped, the credential holds the
 *   encryption master key;
 * - `presence`: only member and client events on presence-* channels, one item per webhook;
 * - `forged`: a credential with the wrong secret, so every webhook is refused.
 * Webhooks arrive asynchronously and in no guaranteed order, so the tests wait
 * for what they expect and compare sets.
 */
import { randomBytes } from 'node:crypto';

import { authorizeChannel, encryptPayload } from '../../nodes/Pusher/protocol';
import { connectClient, disconnectAll, subscribe, type PusherClient } from '../helpers/pusherClient';
import { startSoketi, type Soketi } from '../helpers/soketi';
import { closeClientSockets } from './http';
import { type Delivery, SOKETI_CREDENTIALS, TriggerEndpoint } from './triggerEndpoint';

const masterKey = randomBytes(32).toString('base64');
const all = new TriggerEndpoint({
	credentials: { ...SOKETI_CREDENTIALS, encryptionMasterKeySecret: masterKey },
	parameters: { dropClientEvents: 'client-typing' },
	execute: true,
});
const presence = new TriggerEndpoint({
	parameters: {
		events: ['member_added', 'member_removed', 'client_event'],
		channelFilter: 'pattern',
		channels: 'presence-*',
		output: 'webhook',
	},
});
const forged = new TriggerEndpoint({ credentials: { ...SOKETI_CREDENTIALS, secret: 'not-the-secret' } });

let soketi: Soketi;
let alice: PusherClient;
let bob: PusherClient;

type Item = Record<string, unknown>;
const emitted = (endpoint: TriggerEndpoint): Item[] =>
	endpoint.executions().flatMap((delivery) => delivery.workflowData![0].map((item) => item.json as Item));
/** name, channel and the distinguishing field of each emitted event, sorted: webhooks come in any order. */
const summary = (items: Item[]) =>
	items.map((item) => [item.name, item.channel, (item.name === 'client_event' ? item.event : item.user_id) ?? ''].join(' ')).sort();
const hasAll = (endpoint: TriggerEndpoint, expected: string[]) => () => expected.every((line) => summary(emitted(endpoint)).includes(line));

function client(userId: string) {
	return connectClient(soketi, {
		authorize: (socketId, channel) =>
			authorizeChannel({
				key: soketi.key,
				secret: soketi.secret,
				socketId,
				channel,
				presenceData: channel.startsWith('presence-') ? { user_id: userId, user_info: { name: userId } } : undefined,
				encryptionMasterKey: masterKey,
			}),
	});
}

beforeAll(async () => {
	const eventTypes = ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss'];
	const webhooks = await Promise.all([all, presence, forged].map(async (endpoint) => ({ url: await endpoint.listen(), event_types: eventTypes })));
	soketi = await startSoketi({ webhooks });
	alice = await client('alice');
	bob = await client('bob');
});

afterAll(async () => {
	disconnectAll();
	await soketi?.stop();
	await Promise.all([all, presence, forged].map(async (endpoint) => await endpoint.close()));
	closeClientSockets();
});

describe('webhooks from Soketi, driven by pusher-js', () => {
	it('subscribing and joining: channel_occupied, member_added, cache_miss arrive verified', async () => {
		await subscribe(alice, 'private-chat');
		await subscribe(bob, 'private-chat');
		await subscribe(alice, 'presence-lobby');
		await subscribe(bob, 'presence-lobby');
		await subscribe(alice, 'cache-news');

		const expected = [
			'channel_occupied private-chat ',
			'channel_occupied presence-lobby ',
			'channel_occupied cache-news ',
			'member_added presence-lobby alice',
			'member_added presence-lobby bob',
			'cache_miss cache-news ',
		];
		await all.waitFor(hasAll(all, expected), 'occupied/member_added/cache_miss at the all endpoint');
		expect(summary(emitted(all))).toEqual([...expected].sort());
		for (const item of emitted(all)) expect(item.time_ms).toEqual(expect.any(Number));
		// n8n's engine ran each started execution
		for (const delivery of all.executions()) expect(delivery.run?.status).toBe('success');
	});

	it('client events: data arrives parsed (Soketi sends an object), client-typing is dropped', async () => {
		const chat = alice.channel('private-chat');
		chat.trigger('client-typing', { typing: true });
		chat.trigger('client-message', { text: 'hello', emoji: '😀' });
		alice.channel('presence-lobby').trigger('client-wave', { n: 1 });

		await all.waitFor(hasAll(all, ['client_event private-chat client-message', 'client_event presence-lobby client-wave']), 'client events');
		// the typing webhook came and was acknowledged without starting anything
		await all.waitFor((deliveries) => deliveries.some((d) => isIgnored(d)), 'the client-typing webhook');
		expect(all.deliveries.filter(isIgnored)).toHaveLength(1);
		expect(summary(emitted(all)).filter((line) => line.includes('client-typing'))).toEqual([]);

		const message = emitted(all).find((item) => item.event === 'client-message')!;
		expect(message).toMatchObject({ name: 'client_event', channel: 'private-chat', data: { text: 'hello', emoji: '😀' } });
		expect(message.socket_id).toBe(alice.connection.socket_id);
		// what Soketi really sends is kept as rawData: here an object, not Pusher's JSON string
		expect(message.rawData).toEqual({ text: 'hello', emoji: '😀' });
		const wave = emitted(all).find((item) => item.event === 'client-wave')!;
		expect(wave).toMatchObject({ channel: 'presence-lobby', data: { n: 1 }, user_id: 'alice' });
	});

	it('client events on an encrypted channel are decrypted with the credential master key', async () => {
		const channel = 'private-encrypted-vault';
		await subscribe(alice, channel);
		await subscribe(bob, channel);
		// pusher-js refuses client events on encrypted channels, so the encrypted payload is sent as is
		const payload = JSON.parse(encryptPayload({ channel, data: { pin: '0000' }, encryptionMasterKey: masterKey })) as object;
		alice.send_event('client-secret', payload, channel);

		await all.waitFor(hasAll(all, [`client_event ${channel} client-secret`]), 'the encrypted client event');
		const secret = emitted(all).find((item) => item.event === 'client-secret')!;
		expect(secret).toMatchObject({ data: { pin: '0000' }, rawData: payload, decrypted: true });
		expect(secret).not.toHaveProperty('decryptionError');
	});

	it('leaving: member_removed and channel_vacated arrive', async () => {
		for (const name of ['presence-lobby', 'private-chat', 'private-encrypted-vault']) bob.unsubscribe(name);
		for (const name of ['presence-lobby', 'private-chat', 'private-encrypted-vault', 'cache-news']) alice.unsubscribe(name);

		const expected = [
			'member_removed presence-lobby alice',
			'member_removed presence-lobby bob',
			'channel_vacated presence-lobby ',
			'channel_vacated private-chat ',
			'channel_vacated private-encrypted-vault ',
			'channel_vacated cache-news ',
		];
		await all.waitFor(hasAll(all, expected), 'member_removed/channel_vacated');
	});

	it('the presence endpoint got only member and client events on presence-*, one item per webhook', async () => {
		const expected = [
			'member_added presence-lobby alice',
			'member_added presence-lobby bob',
			'client_event presence-lobby client-wave',
			'member_removed presence-lobby alice',
			'member_removed presence-lobby bob',
		];
		const events = () => presence.executions().flatMap((d) => d.workflowData![0].flatMap((item) => item.json.events as Item[]));
		await presence.waitFor(() => expected.every((line) => summary(events()).includes(line)), 'presence events');
		expect(summary(events())).toEqual([...expected].sort());
		for (const delivery of presence.executions()) {
			expect(delivery.workflowData![0]).toHaveLength(1);
			expect(delivery.workflowData![0][0].json).toEqual({ time_ms: expect.any(Number), events: expect.any(Array), dedupeKey: expect.any(String) });
		}
	});

	it('an endpoint with the wrong secret refused every webhook with 401 and started nothing', async () => {
		await forged.waitFor((deliveries) => deliveries.length >= all.deliveries.length, 'as many webhooks as the all endpoint got');
		expect(forged.deliveries.length).toBeGreaterThanOrEqual(15);
		expect(forged.executions()).toEqual([]);
		expect(new Set(forged.deliveries.map((d) => d.status))).toEqual(new Set([401]));
		// and the genuine endpoints refused nothing
		expect([...all.deliveries, ...presence.deliveries].filter((d) => d.status !== 200)).toEqual([]);
	});
});

function isIgnored(delivery: Delivery): boolean {
	return delivery.workflowData === undefined && delivery.status === 200;
}
