/**
 * The webhook path through a real n8n: the Pusher Trigger against n8n's own
 * Webhook node (header auth) in the same server, each refusing a request
 * (forged Pusher signature / wrong header value) and accepting one (signed
 * channel_occupied event for a channel never seen before / right header).
 *
 * Requests are interleaved one by one (request i of every kind, in an order
 * rotated by i), each on a fresh TCP connection as Pusher's and most
 * senders' are, with `gapMs` of quiet before each, so one request's
 * after-work (an execution started, an isolate being replaced) does not land
 * on the next. Time is from sending the request to the last byte of the answer.
 * Every answer is checked: the expected status, and for an accepted request
 * n8n's word that it started the workflow.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';

import { rotated } from '../lib/stats.mjs';
import { APP, HEADER_AUTH } from './stack.mjs';
import { PUSHER_TRIGGER_WEBHOOK_ID, WEBHOOK_NODE_PATH } from './workflows.mjs';

export const KINDS = ['pusher-refused', 'webhook-refused', 'pusher-accepted', 'webhook-accepted'];
export const EXPECTED_STATUS = { 'pusher-refused': 401, 'webhook-refused': 403, 'pusher-accepted': 200, 'webhook-accepted': 200 };
/**
 * An accepted request must have started the workflow. The Webhook node's
 * answer says so ("Workflow was started"). The Pusher Trigger's does not:
 * its webhook description names no responseData, and n8n 2.41 then answers
 * the default's name, the text `firstEntryJson`; what it must not be is the
 * trigger's own answer for a webhook it started nothing for (`"emitted": 0`).
 */
const started = (kind, text) => (kind === 'webhook-accepted' ? text.includes('Workflow was started') : !/"emitted"\s*:\s*0/.test(text));

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let unique = 0;
function pusherBody() {
	unique++;
	return JSON.stringify({ time_ms: Date.now(), events: [{ name: 'channel_occupied', channel: `bench-webhook-${process.pid}-${unique}` }] });
}

/** [path, headers, body] of one request of `kind`. */
function requestOf(kind) {
	const json = { 'content-type': 'application/json' };
	if (kind.startsWith('pusher')) {
		const body = pusherBody();
		const signature = kind === 'pusher-refused' ? 'f'.repeat(64) : createHmac('sha256', APP.secret).update(body).digest('hex');
		return [`/webhook/${PUSHER_TRIGGER_WEBHOOK_ID}/webhook`, { ...json, 'x-pusher-key': APP.key, 'x-pusher-signature': signature }, body];
	}
	const value = kind === 'webhook-refused' ? 'wrong-value' : HEADER_AUTH.value;
	return [`/webhook/${WEBHOOK_NODE_PATH}`, { ...json, [HEADER_AUTH.name]: value }, JSON.stringify({ hello: 'world', n: ++unique })];
}

function send(port, kind) {
	const [path, headers, body] = requestOf(kind);
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode, text, ms: performance.now() - started }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** Resolves with { [kind]: [ms, …] }; throws when an answer has the wrong status. */
export async function measureWebhooks({ n8n, count, gapMs = 30, kinds = KINDS }) {
	await n8n.waitForWebhook(`${PUSHER_TRIGGER_WEBHOOK_ID}/webhook`);
	await n8n.waitForWebhook(WEBHOOK_NODE_PATH);
	const times = Object.fromEntries(kinds.map((kind) => [kind, []]));
	for (let i = -3; i < count; i++) {
		for (const kind of rotated(kinds, Math.max(0, i))) {
			await pause(gapMs);
			const { status, text, ms } = await send(n8n.port, kind);
			if (status !== EXPECTED_STATUS[kind]) throw new Error(`${kind}: n8n answered ${status}, not ${EXPECTED_STATUS[kind]}: ${text.slice(0, 300)}`);
			if (status === 200 && !started(kind, text)) throw new Error(`${kind}: n8n answered 200 without starting the workflow: ${text.slice(0, 300)}`);
			if (i >= 0) times[kind].push(ms); // the first three of each kind are a warm-up
		}
	}
	return times;
}
