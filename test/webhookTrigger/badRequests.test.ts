/**
 * Held-out-style negative cases: 10,000 generated requests that are not a
 * valid Pusher webhook (forged, tampered, truncated, malformed, oversized,
 * with missing or repeated headers), sent over real HTTP to the trigger
 * running in n8n-core's WebhookContext. Each must get 401 (not signed by a
 * trusted key) or 400 (signed, but not a webhook), start no execution and not
 * make the node throw. Valid webhooks are mixed in as controls: they, and only
 * they, start executions. The PRNG is seeded: TEST_SEED=<seed> replays a run.
 */
import type { OutgoingHttpHeaders } from 'node:http';

import { CHANNEL_ALPHABET, seededRandom, UNICODE_ALPHABET } from '../helpers/random';
import { closeClientSockets, post, sign } from './http';
import { TriggerEndpoint } from './triggerEndpoint';

const BAD_REQUESTS = 10_000;
const CONTROL_EVERY = 97;
const CONCURRENCY = 8;

interface Case {
	kind: string;
	body: Buffer;
	headers: OutgoingHttpHeaders;
	expected: 200 | 400 | 401;
}

const random = seededRandom();
const SECRET = 'app-secret';
const KEY = 'app-key';

function randomEvent(): Record<string, unknown> {
	const channel = random.pick(['private-', 'presence-', 'private-encrypted-', '']) + random.string(CHANNEL_ALPHABET, 1, 30);
	switch (random.int(0, 4)) {
		case 0:
			return { name: random.pick(['channel_occupied', 'channel_vacated', 'cache_miss']), channel };
		case 1:
			return { name: random.pick(['member_added', 'member_removed']), channel, user_id: random.string(UNICODE_ALPHABET, 1, 20) };
		case 2:
			return { name: 'subscription_count', channel, subscription_count: random.int(0, 1000) };
		default: {
			const text = random.string(UNICODE_ALPHABET, 0, 200);
			const data = random.next() < 0.5 ? JSON.stringify({ text }) : { text };
			return { name: 'client_event', channel, event: `client-${random.string(CHANNEL_ALPHABET, 1, 20)}`, data, socket_id: `${random.int(1, 1e6)}.${random.int(1, 1e6)}` };
		}
	}
}

function validBody(): Buffer {
	const events = Array.from({ length: random.int(1, 5) }, randomEvent);
	return Buffer.from(JSON.stringify({ time_ms: Date.now() - random.int(0, 60_000), events }), 'utf8');
}

const headersFor = (body: Buffer, key = KEY, secret = SECRET): OutgoingHttpHeaders => ({
	'content-type': 'application/json',
	'x-pusher-key': key,
	'x-pusher-signature': sign(secret, body),
});

/** Signed bodies that are not Pusher webhooks. */
function malformedWebhook(): Buffer {
	const variants: Array<() => unknown> = [
		() => ({ events: [randomEvent()] }),
		() => ({ time_ms: 'yesterday', events: [randomEvent()] }),
		() => ({ time_ms: Date.now(), events: 'channel_occupied' }),
		() => ({ time_ms: Date.now(), events: [randomEvent(), 42] }),
		() => ({ time_ms: Date.now(), events: [{ channel: 'private-a' }] }),
		() => ({ time_ms: Date.now(), events: [{ name: 7, channel: 'private-a' }] }),
		() => [randomEvent()],
		() => null,
		() => random.string(UNICODE_ALPHABET, 0, 30),
		() => random.int(-1e6, 1e6),
	];
	return Buffer.from(JSON.stringify(random.pick(variants)()), 'utf8');
}

function notJson(): Buffer {
	return random.next() < 0.5 ? Buffer.from(random.string(UNICODE_ALPHABET, 1, 300), 'utf8') : Buffer.from(random.bytes(random.int(1, 300)));
}

function mutate(signature: string): string {
	const i = random.int(0, signature.length - 1);
	const replacement = random.pick(Array.from('0123456789abcdef').filter((c) => c !== signature[i]));
	return signature.slice(0, i) + replacement + signature.slice(i + 1);
}

const generators: Array<() => Omit<Case, 'kind'> & { kind?: string }> = [
	// not signed by a trusted key → 401
	() => { const body = validBody(); return { kind: 'unknown key', body, headers: headersFor(body, random.string(CHANNEL_ALPHABET, 1, 30)), expected: 401 }; },
	() => { const body = validBody(); return { kind: 'key in other case', body, headers: headersFor(body, KEY.toUpperCase()), expected: 401 }; },
	() => { const body = validBody(); return { kind: 'wrong secret', body, headers: headersFor(body, KEY, random.string(CHANNEL_ALPHABET, 1, 40)), expected: 401 }; },
	() => { const body = validBody(); const h = headersFor(body); return { kind: 'truncated signature', body, headers: { ...h, 'x-pusher-signature': String(h['x-pusher-signature']).slice(0, random.int(0, 63)) }, expected: 401 }; },
	() => { const body = validBody(); const h = headersFor(body); return { kind: 'one wrong signature digit', body, headers: { ...h, 'x-pusher-signature': mutate(String(h['x-pusher-signature'])) }, expected: 401 }; },
	() => {
		let body = validBody();
		while (!/[a-f]/.test(sign(SECRET, body))) body = validBody();
		const h = headersFor(body);
		return { kind: 'upper-cased signature', body, headers: { ...h, 'x-pusher-signature': String(h['x-pusher-signature']).toUpperCase() }, expected: 401 };
	},
	() => { const body = validBody(); const h = headersFor(body); return { kind: 'prefixed signature', body, headers: { ...h, 'x-pusher-signature': `sha256=${String(h['x-pusher-signature'])}` }, expected: 401 }; },
	() => {
		const original = validBody();
		const body = Buffer.from(original);
		const i = random.int(0, body.length - 1);
		body[i] = (body[i] + random.int(1, 255)) % 256;
		return { kind: 'one changed body byte', body, headers: headersFor(original), expected: 401 };
	},
	() => { const body = validBody(); return { kind: 'body with a byte appended', body: Buffer.concat([body, Buffer.from(' ')]), headers: headersFor(body), expected: 401 }; },
	() => { const body = Buffer.alloc(0); return { kind: 'empty body, signed', body, headers: headersFor(body), expected: 401 }; },
	() => { const body = Buffer.alloc(0); return { kind: 'empty body, no headers', body, headers: {}, expected: 401 }; },
	() => { const body = notJson(); return { kind: 'not JSON, badly signed', body, headers: headersFor(body, KEY, 'nope'), expected: 401 }; },
	() => { const body = validBody(); const { 'x-pusher-key': _k, ...h } = headersFor(body); return { kind: 'no key header', body, headers: h, expected: 401 }; },
	() => { const body = validBody(); const { 'x-pusher-signature': _s, ...h } = headersFor(body); return { kind: 'no signature header', body, headers: h, expected: 401 }; },
	() => { const body = validBody(); return { kind: 'no Pusher headers', body, headers: { 'content-type': 'application/json' }, expected: 401 }; },
	() => { const body = validBody(); const h = headersFor(body); return { kind: 'repeated signature header', body, headers: { ...h, 'x-pusher-signature': [String(h['x-pusher-signature']), String(h['x-pusher-signature'])] }, expected: 401 }; },
	() => { const body = validBody(); const h = headersFor(body); return { kind: 'repeated key header', body, headers: { ...h, 'x-pusher-key': [KEY, KEY] }, expected: 401 }; },
	() => { const body = validBody(); const h = headersFor(body); return { kind: 'signature and a forged one', body, headers: { ...h, 'x-pusher-signature': [String(h['x-pusher-signature']), mutate(String(h['x-pusher-signature']))] }, expected: 401 }; },
	() => { const body = validBody(); return { kind: 'signature of another body', body, headers: headersFor(validBody()), expected: 401 }; },
	// signed, but not a webhook → 400
	() => { const body = notJson(); return { kind: 'signed, not JSON', body, headers: headersFor(body), expected: 400 }; },
	() => { const body = malformedWebhook(); return { kind: 'signed, not a webhook', body, headers: headersFor(body), expected: 400 }; },
];

function oversized(signed: boolean): Case {
	const body = Buffer.from(random.bytes(random.int(256 * 1024, 1024 * 1024)));
	return !signed
		? { kind: 'huge body, badly signed', body, headers: headersFor(body, KEY, 'nope'), expected: 401 }
		: { kind: 'huge body, signed, not JSON', body, headers: headersFor(body), expected: 400 };
}

function nextCase(index: number): Case {
	if (index % CONTROL_EVERY === 0) {
		const body = validBody();
		return { kind: 'control: valid webhook', body, headers: headersFor(body), expected: 200 };
	}
	if (index % 500 === 1) return oversized(index % 1000 === 1);
	const generated = random.pick(generators)();
	return { kind: generated.kind ?? 'unnamed', body: generated.body, headers: generated.headers, expected: generated.expected };
}

let endpoint: TriggerEndpoint;
let url: string;
beforeAll(async () => {
	// Every event type and channel is selected, so a valid control always starts an execution.
	endpoint = new TriggerEndpoint();
	url = await endpoint.listen();
});
afterAll(async () => {
	await endpoint.close();
	closeClientSockets();
});

it(`answers ${BAD_REQUESTS} generated bad requests with 401 or 400, starting nothing (seed printed on failure)`, async () => {
	const cases: Case[] = [];
	for (let i = 0; cases.filter((c) => c.expected !== 200).length < BAD_REQUESTS; i++) cases.push(nextCase(i));

	const answers: number[] = new Array(cases.length);
	let next = 0;
	const worker = async () => {
		while (next < cases.length) {
			const index = next++;
			answers[index] = (await post(url, cases[index].body, cases[index].headers)).status;
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));

	const wrong = cases
		.map((c, i) => ({ kind: c.kind, expected: c.expected, got: answers[i], index: i }))
		.filter((result) => result.got !== result.expected);
	expect({ seed: random.seed, wrong: wrong.slice(0, 20) }).toEqual({ seed: random.seed, wrong: [] });

	const bad = cases.filter((c) => c.expected !== 200).length;
	const controls = cases.length - bad;
	expect(bad).toBe(BAD_REQUESTS);
	expect(endpoint.deliveries).toHaveLength(cases.length);
	expect(endpoint.deliveries.filter((d) => d.error !== undefined)).toEqual([]);
	// only the controls started executions
	expect(endpoint.executions()).toHaveLength(controls);
	const refused = endpoint.deliveries.filter((d) => d.status !== 200);
	expect(refused).toHaveLength(bad);
	for (const delivery of refused) {
		expect(delivery.result).toEqual({ noWebhookResponse: true });
		expect(delivery.workflowData).toBeUndefined();
	}
	// every kind of bad request was tried
	expect(new Set(cases.map((c) => c.kind)).size).toBe(generators.length + 3);
});
