/**
 * Generated inputs for `verifyWebhook`: headers, body and credentials of every
 * JavaScript type, mixed with correctly signed webhooks and near misses, and a
 * check of each verdict against what the input actually is (worked out here,
 * independently of the code under test).
 */
import { createHmac } from 'node:crypto';

import type { WebhookVerification } from '../../nodes/Pusher/protocol';
import type { seededRandom } from '../helpers/random';

type Random = ReturnType<typeof seededRandom>;

export interface FuzzInput {
	headers: unknown;
	rawBody: unknown;
	credentials: unknown;
}

const sign = (secret: string, body: Uint8Array) => createHmac('sha256', secret).update(body).digest('hex');

export function webhookFuzzer(random: Random) {
	const text = () => random.string('ab09-_ "{}[]:,é😀', 0, 12);
	const chance = (p: number) => random.next() < p;

	/** A value of any type, nested a little. */
	const anyValue = (depth = 0): unknown => {
		const kinds: Array<() => unknown> = [
			() => undefined,
			() => null,
			() => chance(0.5),
			() => random.pick([0, -0, 1, -1, 3.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER]),
			() => BigInt(random.int(-5, 5)),
			() => text(),
			() => Symbol(text()),
			() => () => text(),
			() => new Date(random.int(0, 2e12)),
			() => /x/g,
			() => new Map([[text(), text()]]),
			() => new Set([text()]),
			() => Buffer.from(text()),
			() => new Uint8Array(random.int(0, 4)),
			() => new ArrayBuffer(random.int(0, 4)),
			() => new Error(text()),
			() => Object.create(null) as unknown,
			() => (depth > 2 ? [] : Array.from({ length: random.int(0, 3) }, () => anyValue(depth + 1))),
			() => (depth > 2 ? {} : Object.fromEntries(Array.from({ length: random.int(0, 3) }, () => [text(), anyValue(depth + 1)]))),
		];
		return random.pick(kinds)();
	};

	const caseOf = (name: string) =>
		random.pick([name, name.toUpperCase(), name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())]);

	const webhookText = () =>
		random.pick([
			() => JSON.stringify({ time_ms: random.int(0, 2e12), events: [{ name: 'channel_occupied', channel: 'c' }] }),
			() => JSON.stringify({ time_ms: random.int(0, 2e12), events: [] }),
			() => JSON.stringify({ time_ms: String(random.int(0, 2e12)), events: [{ name: 'client_event', data: text() }] }),
			() => JSON.stringify({ time_ms: 'soon', events: [{ name: 'x' }] }),
			() => JSON.stringify({ time_ms: 1, events: [{ name: 1 }] }),
			() => JSON.stringify({ time_ms: 1, events: {} }),
			() => JSON.stringify([{ name: 'x' }]),
			() => JSON.stringify(text()),
			() => 'null',
			() => '{"time_ms": 1, "events": [',
			() => text(),
			() => '',
		])();

	/** The body, and the bytes a sender would sign for it (undefined when it has none). */
	const body = (): { rawBody: unknown; bytes?: Uint8Array } => {
		if (chance(0.15)) return { rawBody: anyValue() };
		const raw = webhookText();
		const bytes = new Uint8Array(Buffer.from(raw, 'utf8'));
		return random.pick([
			() => ({ rawBody: raw, bytes }),
			() => ({ rawBody: Buffer.from(raw, 'utf8'), bytes }),
			() => {
				// A view into a larger buffer: only the view's bytes are the body.
				const larger = new Uint8Array(bytes.length + 8).fill(0x7b);
				larger.set(bytes, 4);
				return { rawBody: larger.subarray(4, 4 + bytes.length), bytes };
			},
		])();
	};

	const credentials = (): { credentials: unknown; pair?: { key: string; secret: string } } => {
		if (chance(0.1)) return { credentials: anyValue() };
		const pair = { key: random.pick(['app-key', 'k', 'é😀']), secret: random.pick(['app-secret', 's', '秘密']) };
		const junk = () =>
			random.pick([
				() => anyValue(),
				() => ({ key: pair.key, secret: anyValue() }),
				() => ({ key: anyValue(), secret: pair.secret }),
				() => ({ key: '', secret: pair.secret }),
				() => ({ key: pair.key, secret: '' }),
				() => ({ key: pair.key, secret: 'another secret' }),
				() => ({ key: 'other', secret: 'other' }),
			])();
		const list = [...Array.from({ length: random.int(0, 2) }, junk), pair, ...Array.from({ length: random.int(0, 2) }, junk)];
		return { credentials: list, pair };
	};

	const headerValue = (good: string | undefined): unknown =>
		chance(0.7)
			? good
			: random.pick([
					() => [good],
					() => [good, good],
					() => good?.toUpperCase(),
					() => good?.slice(1),
					() => text(),
					() => anyValue(),
				])();

	const headers = (pair: { key: string; secret: string } | undefined, bytes: Uint8Array | undefined): unknown => {
		if (chance(0.1)) return anyValue();
		const signature = pair && bytes ? sign(chance(0.9) ? pair.secret : 'wrong', bytes) : text();
		const entries: Array<[string, unknown]> = [];
		if (chance(0.95)) entries.push([caseOf('x-pusher-key'), headerValue(chance(0.9) ? pair?.key : text())]);
		if (chance(0.95)) entries.push([caseOf('x-pusher-signature'), headerValue(signature)]);
		if (chance(0.1)) entries.push([caseOf(random.pick(['x-pusher-key', 'x-pusher-signature'])), headerValue(signature)]);
		if (chance(0.5)) entries.push(['content-type', random.pick(['application/json', anyValue()])]);
		for (let i = random.int(0, 2); i > 0; i--) entries.push([text(), anyValue()]);
		const target = chance(0.2) ? (Object.create(null) as Record<string, unknown>) : {};
		for (const [name, value] of random.pick([entries, [...entries].reverse()])) target[name] = value;
		return target;
	};

	return {
		input(): FuzzInput {
			const { rawBody, bytes } = body();
			const trusted = credentials();
			return { headers: headers(trusted.pair, bytes), rawBody, credentials: trusted.credentials };
		},
	};
}

/** What the input is, worked out from scratch: signed by a trusted pair, and (if so) a well-formed webhook. */
function judge(input: FuzzInput): { signed: boolean; events?: unknown[]; timeMs?: number } {
	const values = (name: string): unknown[] => {
		const { headers } = input;
		if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return [];
		return Object.keys(headers)
			.filter((header) => header.toLowerCase() === name)
			.map((header) => (headers as Record<string, unknown>)[header])
			.filter((value) => value !== undefined)
			.flatMap((value) => (Array.isArray(value) ? value : [value]));
	};
	const [key, ...moreKeys] = values('x-pusher-key');
	const [signature, ...moreSignatures] = values('x-pusher-signature');
	if (moreKeys.length || moreSignatures.length || typeof key !== 'string' || typeof signature !== 'string') return { signed: false };

	const pairs = Array.isArray(input.credentials) ? input.credentials : [];
	const pair = pairs.find(
		(candidate): candidate is { key: string; secret: string } =>
			candidate !== null &&
			typeof candidate === 'object' &&
			!Array.isArray(candidate) &&
			typeof candidate.key === 'string' &&
			typeof candidate.secret === 'string' &&
			candidate.key !== '' &&
			candidate.secret !== '' &&
			candidate.key === key,
	);
	const { rawBody } = input;
	const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody instanceof Uint8Array ? Buffer.from(rawBody) : Buffer.alloc(0);
	if (!pair || bytes.length === 0 || sign(pair.secret, bytes) !== signature) return { signed: false };

	let payload: { time_ms?: unknown; events?: unknown } | null;
	try {
		payload = JSON.parse(bytes.toString('utf8')) as typeof payload;
	} catch {
		return { signed: true };
	}
	if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || !Array.isArray(payload.events)) return { signed: true };
	const events = payload.events as unknown[];
	const wellFormed = events.every(
		(event) => event !== null && typeof event === 'object' && !Array.isArray(event) && typeof (event as { name?: unknown }).name === 'string',
	);
	const timeMs = Number(payload.time_ms);
	return wellFormed && Number.isFinite(timeMs) ? { signed: true, events, timeMs } : { signed: true };
}

/** A description of what is wrong with the verdict for this input, or undefined when it is right. */
export function checkVerdict(verdict: WebhookVerification, input: FuzzInput): string | undefined {
	if (verdict === null || typeof verdict !== 'object' || typeof verdict.valid !== 'boolean') return `not a verdict: ${String(verdict)}`;
	const truth = judge(input);
	if (verdict.valid) {
		if (!truth.events) return 'accepted a webhook that is not signed by a trusted pair, or not well formed';
		if (JSON.stringify(verdict.events) !== JSON.stringify(truth.events) || verdict.timeMs !== truth.timeMs) return 'accepted, with other events';
		return undefined;
	}
	if (typeof verdict.reason !== 'string' || verdict.reason === '') return 'a refusal without a reason';
	if (verdict.status === 401) return truth.signed ? `refused a signed webhook as unsigned (${verdict.reason})` : undefined;
	if (verdict.status === 400) return truth.signed && !truth.events ? undefined : `answered 400 (${verdict.reason}) to ${truth.signed ? 'a good' : 'an unsigned'} webhook`;
	return `status ${String(verdict.status)}`;
}
