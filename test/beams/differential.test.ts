/**
 * Differential tests against Pusher's official server SDK
 * (@pusher/push-notifications-server): for generated publishes (interests,
 * users, Simple and raw content, unicode everywhere) and user deletions, the
 * node run by n8n's engine and the SDK send the local Beams-like server the
 * same method, path, authorization header and JSON body (compared parsed and
 * deeply); where the SDK refuses a case before sending, the node refuses it
 * too and sends nothing. The Simple cases' expected blocks are written out
 * below from Beams' documented platform formats; the SDK sends them as given.
 *
 * TEST_SEED=<seed> replays a run (the seed is printed on a failure).
 */
import PushNotifications from '@pusher/push-notifications-server';
import type { IDataObject } from 'n8n-workflow';

import { CHANNEL_ALPHABET, seededRandom, UNICODE_ALPHABET } from '../helpers/random';
import type { RecordedBeamsRequest } from './beamsServer';
import { startBeamsHarness, type BeamsHarness } from './harness';

const random = seededRandom();
type Json = Record<string, unknown>;
type PublishRequest = PushNotifications.PublishRequest;

interface SimpleContent {
	mode: 'simple';
	title?: string;
	body?: string;
	platforms: Array<'apns' | 'fcm' | 'web'>;
	deepLink?: string;
	icon?: string;
	data?: Json;
	androidClickAction?: string;
	androidIcon?: string;
	iosSound?: string;
	iosBadge?: number;
	webHide?: boolean;
	webTtl?: number;
}
interface RawContent {
	mode: 'raw';
	payload: Json;
}
type Content = SimpleContent | RawContent;
type Case =
	| { kind: 'interests'; valid: boolean; interests: string[]; content: Content; webhookUrl?: string }
	| { kind: 'users'; valid: boolean; users: string[]; content: Content }
	| { kind: 'delete'; valid: true; userId: string };

// --- generators -------------------------------------------------------------

const maybe = <T>(make: () => T, chance = 0.5): T | undefined => (random.next() < chance ? make() : undefined);
const text = (min: number, max: number) => random.string(UNICODE_ALPHABET, min, max);

function uniqueList(count: number, make: () => string): string[] {
	const names = new Set<string>();
	while (names.size < count) names.add(make());
	return [...names];
}

function jsonValue(depth: number): unknown {
	const kind = random.int(0, depth > 2 ? 3 : 5);
	if (kind === 0) return text(0, 20);
	if (kind === 1) return random.int(-1000, 1000) / (random.next() < 0.3 ? 7 : 1);
	if (kind === 2) return random.next() < 0.5;
	if (kind === 3) return null;
	if (kind === 4) return Array.from({ length: random.int(0, 3) }, () => jsonValue(depth + 1));
	return jsonObject(depth + 1);
}

function jsonObject(depth = 0): Json {
	const object: Json = {};
	for (let i = random.int(0, 4); i > 0; i--) object[random.pick(['id', 'ü', '中文', 'k', 'deep_link', text(1, 8)])] = jsonValue(depth);
	delete object.pusher;
	return object;
}

function simpleContent(): SimpleContent {
	const platforms = (['apns', 'fcm', 'web'] as const).filter(() => random.next() < 0.6);
	const content: SimpleContent = {
		mode: 'simple',
		title: maybe(() => text(1, 60), 0.9),
		body: maybe(() => text(1, 200), 0.8),
		platforms: platforms.length ? [...platforms] : ['web'],
		deepLink: maybe(() => `https://shop.example/orders/${random.int(1, 99999)}?q=${encodeURIComponent(text(1, 5))}`, 0.3),
		icon: maybe(() => `https://cdn.example/icons/${random.int(1, 50)}.png`, 0.3),
		data: maybe(() => jsonObject(), 0.5),
		androidClickAction: maybe(() => random.string('ABCDEFGHIJKLMNOPQRSTUVWXYZ_', 3, 20), 0.2),
		androidIcon: maybe(() => random.string('abcdefghijklmnopqrstuvwxyz_', 3, 20), 0.2),
		iosSound: maybe(() => random.pick(['default', 'chime.caf']), 0.2),
		iosBadge: maybe(() => random.int(0, 99), 0.2),
		webHide: maybe(() => true, 0.2),
		webTtl: maybe(() => random.int(0, 2_419_200), 0.2),
	};
	// Titles and bodies are trimmed by the node; a case with neither would be refused.
	if (!content.title?.trim() && !content.body?.trim()) content.title = `t${random.int(0, 9)}`;
	return content;
}

function rawContent(): RawContent {
	const payload: Json = {};
	for (const platform of ['apns', 'fcm', 'web']) if (random.next() < 0.6) payload[platform] = jsonObject();
	if (Object.keys(payload).length === 0) payload.web = { notification: { title: text(1, 30) } };
	return { mode: 'raw', payload };
}

const content = (mode: Content['mode']) => (mode === 'simple' ? simpleContent() : rawContent());

function interestCase(mode: Content['mode']): Case {
	const broken = random.next() < 0.1 ? random.int(0, 2) : -1;
	const count = broken === 2 ? random.int(101, 130) : random.next() < 0.1 ? random.int(50, 100) : random.int(1, 8);
	const long = count <= 8 && random.next() < 0.2;
	const interests = uniqueList(count, () => random.string(CHANNEL_ALPHABET, 1, long ? 164 : 24));
	if (broken === 0) interests[random.int(0, count - 1)] += random.pick(['!', '#', '$', '%', '/', ':', '?', '[', '{', '|', '~', 'é', '中', '😀']);
	if (broken === 1) interests[random.int(0, count - 1)] = random.string(CHANNEL_ALPHABET, 165, 180);
	return {
		kind: 'interests',
		valid: broken === -1,
		interests,
		content: content(mode),
		webhookUrl: maybe(() => `https://hooks.example/beams/${random.int(1, 999)}`, 0.2),
	};
}

function userId(): string {
	return random.string(random.next() < 0.5 ? UNICODE_ALPHABET : CHANNEL_ALPHABET, 1, 30).slice(0, 164);
}

/** A user ID that can be a path segment: "." and ".." cannot (URL normalisation eats them; the node refuses them, see protocol.test.ts). */
function pathSegmentUserId(): string {
	for (;;) {
		const id = userId();
		if (id !== '.' && id !== '..') return id;
	}
}

function userCase(mode: Content['mode']): Case {
	const broken = random.next() < 0.1;
	const users = uniqueList(random.next() < 0.1 ? random.int(50, 120) : random.int(1, 10), userId);
	if (broken) users[random.int(0, users.length - 1)] = random.string('abc', 165, 190);
	return { kind: 'users', valid: !broken, users, content: content(mode) };
}

// --- what the SDK is given: Beams' documented platform formats --------------

function platformBlocks(content: Content): Json {
	if (content.mode === 'raw') return content.payload;
	const title = content.title?.trim();
	const body = content.body?.trim();
	const words = { ...(title ? { title } : {}), ...(body ? { body } : {}) };
	const data = content.data && Object.keys(content.data).length ? content.data : undefined;
	const blocks: Json = {};
	if (content.platforms.includes('apns')) {
		blocks.apns = {
			aps: { alert: words, ...(content.iosSound ? { sound: content.iosSound } : {}), ...(content.iosBadge !== undefined ? { badge: content.iosBadge } : {}) },
			...(data ? { data } : {}),
		};
	}
	if (content.platforms.includes('fcm')) {
		blocks.fcm = {
			notification: {
				...words,
				...(content.androidIcon ? { icon: content.androidIcon } : {}),
				...(content.androidClickAction ? { click_action: content.androidClickAction } : {}),
			},
			// FCM delivers data values as text
			...(data ? { data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) } : {}),
		};
	}
	if (content.platforms.includes('web')) {
		blocks.web = {
			notification: {
				...words,
				...(content.icon ? { icon: content.icon } : {}),
				...(content.deepLink ? { deep_link: content.deepLink } : {}),
				...(content.webHide ? { hide_notification_if_site_has_focus: true } : {}),
			},
			...(data ? { data } : {}),
			...(content.webTtl !== undefined ? { time_to_live: content.webTtl } : {}),
		};
	}
	return blocks;
}

// --- the node's parameters: every case field read from its item --------------

const fromItem = (field: string) => `={{ $json.${field} }}`;
function nodeParameters(kind: Case['kind'], mode: Content['mode']): Record<string, unknown> {
	if (kind === 'delete') return { resource: 'user', operation: 'delete', userId: fromItem('userId') };
	const common = {
		resource: 'notification',
		operation: kind === 'interests' ? 'publishToInterests' : 'publishToUsers',
		interests: fromItem('interests'),
		users: fromItem('users'),
		contentMode: mode,
		options: kind === 'interests' ? { webhookUrl: fromItem('webhookUrl') } : {},
	};
	if (mode === 'raw') return { ...common, payload: fromItem('content.payload') };
	return {
		...common,
		title: fromItem('content.title'),
		body: fromItem('content.body'),
		platforms: fromItem('content.platforms'),
		additionalFields: {
			deepLink: fromItem('content.deepLink'),
			icon: fromItem('content.icon'),
			data: fromItem('content.data'),
			androidClickAction: fromItem('content.androidClickAction'),
			androidIcon: fromItem('content.androidIcon'),
			iosSound: fromItem('content.iosSound'),
			iosBadge: fromItem('content.iosBadge'),
			webHideIfSiteHasFocus: fromItem('content.webHide'),
			webTimeToLive: fromItem('content.webTtl'),
		},
	};
}

// --- the comparison -----------------------------------------------------------

const wire = (request: RecordedBeamsRequest) => ({
	method: request.method,
	path: request.path,
	authorization: request.headers.authorization,
	contentType: request.headers['content-type'],
	body: request.body === '' ? undefined : request.json,
});

let h: BeamsHarness;
let sdk: PushNotifications;
beforeAll(async () => {
	h = await startBeamsHarness();
	// `port` is an option of the SDK's code that its type declarations leave out
	sdk = new PushNotifications({ instanceId: h.beams.instanceId, secretKey: h.beams.secretKey, endpoint: '127.0.0.1', port: h.beams.port } as PushNotifications.Options);
});
afterAll(async () => {
	await h?.close();
});

const groups: Array<[Case['kind'], Content['mode'], number]> = [
	['interests', 'simple', 300],
	['interests', 'raw', 250],
	['users', 'simple', 300],
	['users', 'raw', 250],
	['delete', 'simple', 150],
];
let total = 0;

describe.each(groups)('%s (%s content)', (kind, mode, count) => {
	it(`sends what the SDK sends, for ${count} generated cases`, async () => {
		const cases: Case[] = Array.from({ length: count }, () =>
			kind === 'interests' ? interestCase(mode) : kind === 'users' ? userCase(mode) : { kind: 'delete', valid: true, userId: pathSegmentUserId() },
		);
		h.beams.reset();
		const { items, error } = await h.run(nodeParameters(kind, mode) as IDataObject, cases as unknown as IDataObject[], { continueOnFail: true });
		expect(error).toBeUndefined();
		const fromNode = h.beams.requests.map(wire);

		h.beams.reset();
		for (const c of cases) {
			const sent =
				c.kind === 'interests'
					? sdk.publishToInterests(c.interests, { ...platformBlocks(c.content), ...(c.webhookUrl ? { webhookUrl: c.webhookUrl } : {}) } as PublishRequest)
					: c.kind === 'users'
						? sdk.publishToUsers(c.users, platformBlocks(c.content) as unknown as PublishRequest)
						: sdk.deleteUser(c.userId);
			if (c.valid) await sent;
			else await expect(sent).rejects.toThrow();
		}
		const fromSdk = h.beams.requests.map(wire);

		// the node refused exactly the cases the SDK refused, and sent the others in order
		const refusedByNode = items.map((item, index) => ('error' in item.json ? index : -1)).filter((index) => index >= 0);
		const refusedBySdk = cases.map((c, index) => (c.valid ? -1 : index)).filter((index) => index >= 0);
		expect({ seed: random.seed, refused: refusedByNode }).toEqual({ seed: random.seed, refused: refusedBySdk });
		expect(fromSdk).toHaveLength(count - refusedBySdk.length);
		for (const [index, expected] of fromSdk.entries()) {
			expect({ seed: random.seed, index, ...fromNode[index] }).toEqual({ seed: random.seed, index, ...expected });
		}
		expect(fromNode).toHaveLength(fromSdk.length);
		total += count;
	});
});

it('covered at least 1,000 generated cases', () => {
	expect(total).toBeGreaterThanOrEqual(1000);
});
