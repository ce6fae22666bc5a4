/**
 * CPU-bound comparisons, each in this one process, sides interleaved
 * (round r runs every side once, in an order rotated by r):
 * - signing: µs per signed request, core signedQueryString vs the SDK's
 *   createSignedQueryString vs bare node:crypto MD5 + HMAC-SHA256 (the limit);
 * - webhook verification: µs per verification of a 1 KB webhook;
 * - secretbox: MB/s encrypt and decrypt, core vs tweetnacl.
 * Prints one JSON object on stdout. `--quick`: few, short rounds.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { requireDist } from './lib/helpers.mjs';
import { rotated, summary } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 15;
const BATCH_MS = quick ? 3 : 40;

const { signedQueryString, verifyWebhook } = requireDist('nodes/Pusher/protocol/index.js');
const { secretbox, secretboxOpen } = requireDist('nodes/Pusher/protocol/secretbox.js');
const { createSignedQueryString } = require('pusher/lib/requests');
const Token = require('pusher/lib/token');
const WebHook = require('pusher/lib/webhook');
const nacl = require('tweetnacl');

let blackhole = 0;
const keep = (value) => {
	blackhole ^= typeof value === 'string' ? value.length : value === true ? 1 : value ? value.length ?? 1 : 0;
};

/** Iterations that take about BATCH_MS, found by doubling. */
function calibrate(fn) {
	let iterations = 1;
	for (;;) {
		const start = process.hrtime.bigint();
		for (let i = 0; i < iterations; i++) keep(fn(i));
		const ms = Number(process.hrtime.bigint() - start) / 1e6;
		if (ms >= BATCH_MS / 4 || iterations > 1e7) return Math.max(1, Math.round((iterations * BATCH_MS) / Math.max(ms, 0.001)));
		iterations *= 2;
	}
}

/** Runs the sides interleaved; returns ns per operation per round, by side. */
function compare(sides) {
	const names = Object.keys(sides);
	for (const name of names) for (let i = 0; i < 3; i++) calibrate(sides[name]); // warm up
	const iterations = Object.fromEntries(names.map((name) => [name, calibrate(sides[name])]));
	const perRound = Object.fromEntries(names.map((name) => [name, []]));
	for (let round = 0; round < ROUNDS; round++) {
		for (const name of rotated(names, round)) {
			const fn = sides[name];
			const n = iterations[name];
			const start = process.hrtime.bigint();
			for (let i = 0; i < n; i++) keep(fn(i));
			perRound[name].push(Number(process.hrtime.bigint() - start) / n);
		}
	}
	return Object.fromEntries(names.map((name) => [name, { nsPerOp: perRound[name], iterations: iterations[name] }]));
}

const key = 'app-key';
const secret = 'a-secret-of-some-length-0123456789';
const path = '/apps/123456/events';

function bodyOf(bytes) {
	const head = JSON.stringify({ name: 'bench-event', channels: ['bench'], data: '' });
	return JSON.stringify({ name: 'bench-event', channels: ['bench'], data: 'x'.repeat(bytes - head.length) });
}

const results = { rounds: ROUNDS, batchMs: BATCH_MS, signing: {}, webhook: {}, secretbox: {} };

// --- signing ------------------------------------------------------------------
const token = new Token(key, secret);
for (const [label, bytes] of [['200 B', 200], ['10 KB', 10240]]) {
	const body = bodyOf(bytes);
	if (Buffer.byteLength(body) !== bytes) throw new Error(`body is ${Buffer.byteLength(body)} bytes, not ${bytes}`);
	// same bytes out of both implementations (at a fixed timestamp)
	const now = Math.floor(Date.now() / 1000);
	const core = signedQueryString({ key, secret, method: 'POST', path, body, timestamp: now });
	const realNow = Date.now;
	Date.now = () => now * 1000;
	const sdk = createSignedQueryString(token, { method: 'POST', path, body });
	Date.now = realNow;
	if (core !== sdk) throw new Error(`core and SDK sign differently:\n${core}\n${sdk}`);

	results.signing[label] = compare({
		core: () => signedQueryString({ key, secret, method: 'POST', path, body }),
		sdk: () => createSignedQueryString(token, { method: 'POST', path, body }),
		bare: () => {
			const md5 = createHash('md5').update(body).digest('hex');
			const timestamp = (Date.now() / 1000) | 0;
			const query = `auth_key=${key}&auth_timestamp=${timestamp}&auth_version=1.0&body_md5=${md5}`;
			return `${query}&auth_signature=${createHmac('sha256', secret).update(`POST\n${path}\n${query}`).digest('hex')}`;
		},
	});
}

// --- webhook verification -------------------------------------------------------
{
	const event = (i) => ({ name: 'channel_occupied', channel: `private-channel-number-${String(i).padStart(4, '0')}` });
	const events = [];
	let text;
	for (let i = 0; ; i++) {
		events.push(event(i));
		const next = JSON.stringify({ time_ms: Date.now(), events });
		if (next.length > 1024) break;
		text = next;
	}
	text = text.slice(0, -2) + ' '.repeat(1024 - text.length) + text.slice(-2); // exactly 1 KB, still JSON
	const raw = Buffer.from(text, 'utf8');
	const signature = createHmac('sha256', secret).update(raw).digest('hex');
	const headers = { 'x-pusher-key': key, 'x-pusher-signature': signature, 'content-type': 'application/json' };
	const credentials = [{ key, secret }];
	if (!verifyWebhook({ headers, rawBody: raw, credentials }).valid) throw new Error('core rejects the webhook');
	if (!new WebHook(token, { headers, rawBody: text }).isValid()) throw new Error('SDK rejects the webhook');

	results.webhook.bytes = raw.length;
	results.webhook['1 KB'] = compare({
		'core (Buffer body)': () => verifyWebhook({ headers, rawBody: raw, credentials }).valid,
		'core (string body)': () => verifyWebhook({ headers, rawBody: text, credentials }).valid,
		sdk: () => new WebHook(token, { headers, rawBody: text }).isValid(),
		bare: () => createHmac('sha256', secret).update(raw).digest('hex') === signature,
		'bare + JSON.parse': () => createHmac('sha256', secret).update(raw).digest('hex') === signature && JSON.parse(text),
	});
}

// --- secretbox -----------------------------------------------------------------
{
	const boxKey = randomBytes(32);
	const nonce = randomBytes(24);
	for (const [label, bytes] of [['100 B', 100], ['10 KB', 10240], ['1 MB', 1 << 20]]) {
		const message = randomBytes(bytes);
		const box = secretbox(message, nonce, boxKey);
		const naclBox = nacl.secretbox(message, nonce, boxKey);
		if (Buffer.compare(Buffer.from(box), Buffer.from(naclBox)) !== 0) throw new Error(`core and tweetnacl boxes differ (${label})`);
		results.secretbox[label] = {
			bytes,
			encrypt: compare({ core: () => secretbox(message, nonce, boxKey), tweetnacl: () => nacl.secretbox(message, nonce, boxKey) }),
			decrypt: compare({ core: () => secretboxOpen(box, nonce, boxKey), tweetnacl: () => nacl.secretbox.open(box, nonce, boxKey) }),
		};
	}
}

results.blackhole = blackhole;
process.stdout.write(`${JSON.stringify(results)}\n`);
