/**
 * The Pusher Beams node run by n8n's own engine (n8n-core) against a local
 * server that answers like Beams' documented API: what reaches Beams, how
 * users are split, what is refused before anything is sent, Continue On
 * Fail, Beams' error answers turned into advice, retries, and the secret
 * kept out of every message.
 */
import jwt from 'jsonwebtoken';

import { PusherBeams } from '../../nodes/PusherBeams/PusherBeams.node';
import { freePort } from '../helpers/ports';
import { itemOf, jsonOf, pairingOf, startBeamsHarness, type BeamsHarness } from './harness';

let h: BeamsHarness;
beforeAll(async () => {
	h = await startBeamsHarness();
});
afterAll(async () => {
	await h?.close();
});
beforeEach(() => h.beams.reset());

const toInterests = (extra: Record<string, unknown> = {}) => ({
	resource: 'notification',
	operation: 'publishToInterests',
	interests: 'orders',
	contentMode: 'simple',
	title: 'Shipped',
	body: 'Your order is on its way',
	platforms: ['web'],
	...extra,
});
const toUsers = (extra: Record<string, unknown> = {}) => ({ ...toInterests(), operation: 'publishToUsers', users: 'u1', ...extra });
const publishPath = (target: string) => `/publish_api/v1/instances/${h.beams.instanceId}/publishes/${target}`;

describe('Publish to Interests', () => {
	it('publishes each item with the bearer key and JSON body Beams documents, and says which publish it was', async () => {
		const { items, error } = await h.run(
			toInterests({ interests: '={{ $json.topics }}', title: '={{ $json.title }}', platforms: ['apns', 'fcm', 'web'] }),
			[
				{ topics: ['donuts', 'pizza'], title: 'Hello 😀' },
				{ topics: ['salad'], title: 'Second' },
			],
		);
		expect(error).toBeUndefined();
		const requests = h.beams.requests;
		expect(requests.map((r) => [r.method, r.path, r.headers.authorization, r.headers['content-type']])).toEqual([
			['POST', publishPath('interests'), `Bearer ${h.beams.secretKey}`, 'application/json'],
			['POST', publishPath('interests'), `Bearer ${h.beams.secretKey}`, 'application/json'],
		]);
		const text = { title: 'Hello 😀', body: 'Your order is on its way' };
		expect(requests[0].json).toEqual({
			interests: ['donuts', 'pizza'],
			apns: { aps: { alert: text } },
			fcm: { notification: text },
			web: { notification: text },
		});
		expect(jsonOf(items)).toEqual([
			{ publishId: (requests[0].response!.body as { publishId: string }).publishId, interests: ['donuts', 'pizza'] },
			{ publishId: (requests[1].response!.body as { publishId: string }).publishId, interests: ['salad'] },
		]);
		expect(pairingOf(items)).toEqual([0, 1]);
	});

	it('sends a raw JSON payload as it is, with the webhook URL and level', async () => {
		const payload = { apns: { aps: { alert: { title: 'Raw' }, 'mutable-content': 1 } }, fcm: { data: { k: 'v' } } };
		const { error } = await h.run(
			toInterests({
				contentMode: 'raw',
				payload: JSON.stringify(payload),
				options: { webhookUrl: 'https://example.com/report', webhookLevel: 'DEBUG' },
			}),
		);
		expect(error).toBeUndefined();
		expect(h.beams.requests[0].json).toEqual({ interests: ['orders'], ...payload, webhookUrl: 'https://example.com/report', webhookLevel: 'DEBUG' });
	});

	it('refuses more than 100 interests, naming the field, and sends nothing for any item', async () => {
		const many = Array.from({ length: 101 }, (_, i) => `topic-${i}`);
		const { error } = await h.run(toInterests({ interests: '={{ $json.interests }}' }), [{ interests: 'fine' }, { interests: many }]);
		expect(error?.message).toBe('Interests: 101 interests were given; one publish takes at most 100');
		expect((error as { description?: string }).description).toMatch(/would get the notification twice/);
		expect(itemOf(error)).toBe(1);
		expect(h.beams.requests).toHaveLength(0);
	});

	it('refuses a publish over 10 KiB before sending it', async () => {
		const { error } = await h.run(toInterests({ body: 'é'.repeat(6000) }));
		expect(error?.message).toMatch(/^Content: the publish would be \d+ bytes with 1 interest; Beams takes at most 10240 bytes/);
		expect(h.beams.requests).toHaveLength(0);
	});
});

describe('Interests from an expression', () => {
	it('takes the text an expression returns as one interest, so "donuts pizza" is refused, not sent to two interests', async () => {
		const { error } = await h.run(toInterests({ interests: "={{ 'offers-' + $json.topic }}" }), [{ topic: 'donuts pizza' }]);
		expect(error?.message).toBe('Interests: interest "offers-donuts pizza" has characters Beams does not allow (only A-Z a-z 0-9 _ - = @ , . ;)');
		expect(h.beams.requests).toHaveLength(0);
	});
});

describe('Publish to Users', () => {
	it('splits 2,500 users into 3 publishes and says which publish carried which users', async () => {
		const users = Array.from({ length: 2500 }, (_, i) => `u${i}`);
		const { items, error } = await h.run(toUsers({ users: '={{ $json.users }}' }), [{ users }]);
		expect(error).toBeUndefined();
		const accepted = h.beams.accepted();
		expect(accepted.map((r) => [r.path, (r.json as { users: string[] }).users.length])).toEqual([
			[publishPath('users'), 1000],
			[publishPath('users'), 1000],
			[publishPath('users'), 500],
		]);
		const ids = accepted.map((r) => (r.response!.body as { publishId: string }).publishId);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			publishIds: ids,
			publishes: accepted.map((r, index) => ({ publishId: ids[index], users: (r.json as { users: string[] }).users })),
		});
		expect((items[0].json.publishes as Array<{ users: string[] }>).flatMap((p) => p.users)).toEqual(users);
	});

	it('takes the entries of an array whole, spaces included, and sends each user once', async () => {
		const { error } = await h.run(toUsers({ users: '={{ $json.users }}' }), [{ users: ['Ana María', 'bob', 'bob', 42] }]);
		expect(error).toBeUndefined();
		expect((h.beams.requests[0].json as { users: string[] }).users).toEqual(['Ana María', 'bob', '42']);
	});

	it("takes the text an expression returns as one user ID, as an AI agent's $fromAI would give it, and a typed list split", async () => {
		const { error } = await h.run(toUsers({ users: '={{ $json.user }}' }), [{ user: 'Ana María' }]);
		expect(error).toBeUndefined();
		const typed = await h.run(toUsers({ users: 'ana bob' }), [{}]);
		expect(typed.error).toBeUndefined();
		expect(h.beams.requests.map((r) => (r.json as { users: string[] }).users)).toEqual([['Ana María'], ['ana', 'bob']]);
	});

	it('refuses a list entry that is not an ID', async () => {
		const { error } = await h.run(toUsers({ users: '={{ $json.users }}' }), [{ users: [{ id: 'u1' }] }]);
		expect(error?.message).toBe('User IDs: the list holds {"id":"u1"}, which is not a name: each entry must be text or a number');
		expect(h.beams.requests).toHaveLength(0);
	});

	it('says which publishes had gone out when a later one fails', async () => {
		h.beams.failNext(1, { status: 500 }, 1);
		const users = Array.from({ length: 2500 }, (_, i) => `u${i}`);
		const { error } = await h.run(toUsers({ users: '={{ $json.users }}' }), [{ users }]);
		const [first] = h.beams.accepted();
		const firstId = (first.response!.body as { publishId: string }).publishId;
		expect(error?.message).toBe(`Beams answered 500 to publish 2 of 3 (to 1000 users) (the earlier publishes had gone out to 1000 users: ${firstId})`);
		expect(h.beams.requests).toHaveLength(2);
	});
});

describe('Continue On Fail', () => {
	it('gives an error item for the invalid item and for the one Beams refused, and publishes the rest', async () => {
		h.beams.failNext(1, { status: 422, body: { error: 'Unprocessable Entity', description: '`web.notification.title`: Too long' } }, 1);
		const { items, error } = await h.run(
			toInterests({ interests: '={{ $json.interests }}' }),
			[{ interests: 'a' }, { interests: 'bad!' }, { interests: 'b' }, { interests: 'c' }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(pairingOf(items)).toEqual([0, 1, 2, 3]);
		expect(items[0].json).toMatchObject({ interests: ['a'] });
		expect(items[1].json).toEqual({ error: 'Interests: interest "bad!" has characters Beams does not allow (only A-Z a-z 0-9 _ - = @ , . ;)' });
		expect(items[2].json).toEqual({
			error: 'Beams answered 422 to publish to 1 interest',
			description: "Beams refused the notification's targets or content. Beams said: Unprocessable Entity: `web.notification.title`: Too long",
		});
		expect(items[3].json).toMatchObject({ interests: ['c'] });
		expect(h.beams.requests.map((r) => (r.json as { interests: string[] }).interests)).toEqual([['a'], ['b'], ['c']]);
	});

	it('without it, stops at the first refused publish and says which items were sent and which not', async () => {
		h.beams.failNext(1, { status: 503 }, 1);
		const { error } = await h.run(toInterests({ interests: '={{ $json.interests }}' }), [{ interests: 'a' }, { interests: 'b' }, { interests: 'c' }]);
		expect(error?.message).toBe('Beams answered 503 to publish to 1 interest (item 0 was sent; item 2 was not sent)');
		expect(itemOf(error)).toBe(1);
		expect(h.beams.requests).toHaveLength(2);
	});
});

describe("Beams' error answers", () => {
	const cases: Array<[status: number, advice: RegExp]> = [
		[400, /^Beams refused the request as malformed\. Beams said: Bad Request: Injected by the test$/],
		[402, /over its plan's limits/],
		[413, /larger than Beams accepts \(10 KiB\)/],
		[422, /refused the notification's targets or content/],
		[429, /Turn on Options → Resend Failed Requests, or lower Parallel Requests/],
		[500, /Beams had a problem: try again later, or turn on Options → Resend Failed Requests/],
		[503, /Beams had a problem: try again later, or turn on Options → Resend Failed Requests/],
	];
	it.each(cases)('%i becomes a message that says what to do', async (status, advice) => {
		h.beams.failNext(1, { status });
		const { error } = await h.run(toInterests());
		expect(error?.message).toBe(`Beams answered ${status} to publish to 1 interest`);
		expect((error as { description?: string }).description).toMatch(advice);
	});

	it('401: a wrong key, without the key in any message', async () => {
		const wrong = 'WRONG-KEY-1234567890';
		const { error } = await h.run(toInterests(), [{}], { credentials: { ...h.credentials, secretKey: wrong } });
		expect(error?.message).toBe('Beams answered 401 to publish to 1 interest');
		expect((error as { description?: string }).description).toMatch(/^Beams refused the Primary Key: copy it again from the Keys tab.*Beams said: Unauthorized: Incorrect Secret Key$/);
		expect(JSON.stringify(error)).not.toContain(wrong);
		expect(JSON.stringify(error)).not.toContain(h.beams.secretKey);
	});

	it('404: an instance Beams does not know', async () => {
		const { error } = await h.run(toInterests(), [{}], { credentials: { ...h.credentials, instanceId: 'aaaaaaaa-0000-0000-0000-000000000000' } });
		expect(error?.message).toBe('Beams answered 404 to publish to 1 interest');
		expect((error as { description?: string }).description).toMatch(/no instance with this Instance ID.*Could not find the instance/);
	});

	it('no answer: says where it tried, not the key', async () => {
		const endpoint = `http://127.0.0.1:${await freePort()}`;
		const { error } = await h.run(toInterests(), [{}], { credentials: { ...h.credentials, endpoint } });
		expect(error?.message).toBe('Could not reach Beams to publish to 1 interest');
		expect((error as { description?: string }).description).toMatch(/ECONNREFUSED.*Endpoint/);
		expect(JSON.stringify(error)).not.toContain(h.beams.secretKey);
	});
});

describe('Resend Failed Requests', () => {
	it('retries a 503 and a 429 and then publishes once', async () => {
		h.beams.failNext(1, { status: 503 });
		h.beams.failNext(1, { status: 429 });
		const { items, error } = await h.run(toInterests({ options: { retry: true, maxRetries: 3, retryDelay: 1 } }));
		expect(error).toBeUndefined();
		expect(h.beams.requests.map((r) => r.response!.status)).toEqual([503, 429, 200]);
		expect(items[0].json.publishId).toMatch(/^pubid-/);
	});

	it('never retries a refusal such as 422, and is off by default', async () => {
		h.beams.failNext(1, { status: 422 });
		await h.run(toInterests({ options: { retry: true, maxRetries: 3, retryDelay: 1 } }));
		expect(h.beams.requests).toHaveLength(1);
		h.beams.reset();
		h.beams.failNext(1, { status: 503 });
		const { error } = await h.run(toInterests());
		expect(error?.message).toBe('Beams answered 503 to publish to 1 interest');
		expect(h.beams.requests).toHaveLength(1);
	});
});

describe('User → Delete', () => {
	it('deletes each user and outputs { deleted, userId }', async () => {
		const { items, error } = await h.run({ resource: 'user', operation: 'delete', userId: '={{ $json.id }}' }, [{ id: 'user 1' }, { id: 'bob' }]);
		expect(error).toBeUndefined();
		expect(h.beams.requests.map((r) => [r.method, r.path])).toEqual([
			['DELETE', `/user_api/v1/instances/${h.beams.instanceId}/users/user%201`],
			['DELETE', `/user_api/v1/instances/${h.beams.instanceId}/users/bob`],
		]);
		expect(jsonOf(items)).toEqual([
			{ deleted: true, userId: 'user 1' },
			{ deleted: true, userId: 'bob' },
		]);
	});

	it('checks every user ID before deleting anyone', async () => {
		const { error } = await h.run({ resource: 'user', operation: 'delete', userId: '={{ $json.id }}' }, [{ id: 'bob' }, { id: 'x'.repeat(165) }]);
		expect(error?.message).toMatch(/^User ID: user ID "x+\.\.\." is 165 characters long; the limit is 164$/);
		expect(h.beams.requests).toHaveLength(0);
	});
});

describe('User → Generate Token', () => {
	it("gives { token } for the subject of the verified JWT, signed with the primary key", async () => {
		const { items, error } = await h.run({ resource: 'user', operation: 'generateToken' }, [{ jwtPayload: { sub: 'user-042' } }]);
		expect(error).toBeUndefined();
		expect(Object.keys(items[0].json)).toEqual(['token']);
		const claims = jwt.verify(items[0].json.token as string, h.beams.secretKey, { algorithms: ['HS256'] }) as jwt.JwtPayload;
		expect(claims).toMatchObject({ sub: 'user-042', iss: `https://${h.beams.instanceId}.pushnotifications.pusher.com` });
		expect(claims.exp! - claims.iat!).toBe(86400);
		expect(h.beams.requests).toHaveLength(0);
	});

	it('refuses to issue a token when no user was verified', async () => {
		const { items, error } = await h.run({ resource: 'user', operation: 'generateToken' }, [{ query: { user_id: 'admin' } }], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ error: 'User ID: the user ID is empty', description: "Give the ID your app passed to the Beams client's setUserId" });
	});
});

describe('the credential', () => {
	it('is checked before any item: an instance ID that cannot be one, an empty key', async () => {
		const bad = await h.run(toInterests(), [{}], { credentials: { ...h.credentials, instanceId: 'https://x.pushnotifications.pusher.com' } });
		expect(bad.error?.message).toMatch(/^The Beams credential's Instance ID "https:\/\/x\.pushnotifications\.pusher\.com" has characters an instance ID does not have/);
		const empty = await h.run(toInterests(), [{}], { credentials: { ...h.credentials, secretKey: ' ' } });
		expect(empty.error?.message).toBe("The Beams credential's Primary Key is empty");
		expect(h.beams.requests).toHaveLength(0);
	});

	it('reaches a custom endpoint with a path prefix (a proxy)', async () => {
		const { error } = await h.run(toInterests(), [{}], { credentials: { ...h.credentials, endpoint: `${h.beams.baseUrl}/beams-proxy/` } });
		expect(error).toBeUndefined();
		expect(h.beams.requests.map((r) => [r.path, r.response?.status])).toEqual([[`/beams-proxy${publishPath('interests')}`, 200]]);
	});
});

describe('as a tool for AI agents', () => {
	const TOOL = 'n8n-nodes-pusher-channels.pusherBeamsTool';
	beforeAll(() => {
		// n8n names the variant it makes for agents <type>Tool; the node tells it by that name.
		h.types.addNode(TOOL, new PusherBeams());
	});

	it('does not issue tokens, with an error named plainly for the agent', async () => {
		const { error } = await h.run({ resource: 'user', operation: 'generateToken', userId: 'user-1' }, [{}], { type: TOOL });
		expect(error?.message).toBe('Operation: Generate Token is not available to AI agents');
		expect(error?.name).toBe('Error');
	});

	it('publishes, and explains a refusal as the node does', async () => {
		const ok = await h.run(toInterests(), [{}], { type: TOOL });
		expect(ok.error).toBeUndefined();
		const bad = await h.run(toInterests({ interests: 'no spaces!' }), [{}], { type: TOOL });
		expect(bad.error?.message).toMatch(/^Interests: interest "spaces!" has characters Beams does not allow/);
		expect(bad.error?.name).toBe('Error');
	});
});
