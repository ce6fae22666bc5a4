/**
 * The Beams protocol core on its own (no n8n): what it refuses before
 * anything is sent, how it splits users, and how Simple content becomes
 * each platform's block.
 */
import { rawPayloads, simplePayloads } from '../../nodes/PusherBeams/protocol/content';
import { beamsBaseUrl } from '../../nodes/PusherBeams/protocol/endpoint';
import { BeamsInputError } from '../../nodes/PusherBeams/protocol/inputError';
import { deleteUserRequest, interestsPublish, usersPublishes } from '../../nodes/PusherBeams/protocol/requests';
import { checkInterests, checkUsers } from '../../nodes/PusherBeams/protocol/validation';

const INSTANCE = '8f9a6e22-2483-49aa-8552-125f1a4c5781';
const WEB = { web: { notification: { title: 'Hi' } } };

function refusal(run: () => unknown): BeamsInputError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(BeamsInputError);
		return error as BeamsInputError;
	}
	throw new Error('expected a BeamsInputError');
}

describe('interests', () => {
	it('keeps 1 to 100 distinct names, each sent once', () => {
		expect(checkInterests(['a', 'b', 'a'])).toEqual(['a', 'b']);
		expect(checkInterests(Array.from({ length: 100 }, (_, i) => `i${i}`))).toHaveLength(100);
	});

	it('refuses more than 100 rather than splitting them, and says why', () => {
		const error = refusal(() => checkInterests(Array.from({ length: 101 }, (_, i) => `i${i}`)));
		expect(error.input).toBe('interests');
		expect(error.message).toBe('101 interests were given; one publish takes at most 100');
		expect(error.fix).toMatch(/twice/);
	});

	it('refuses none, forbidden characters and names over 164 characters', () => {
		expect(refusal(() => checkInterests([])).message).toBe('no interest was given');
		expect(refusal(() => checkInterests(['ok', 'not ok!'])).message).toMatch(/"not ok!" has characters Beams does not allow/);
		expect(checkInterests(['x'.repeat(164)])).toHaveLength(1);
		expect(refusal(() => checkInterests(['x'.repeat(165)])).message).toMatch(/is 165 characters long; the limit is 164/);
		expect(checkInterests(['AZaz09_-=@,.;'])).toEqual(['AZaz09_-=@,.;']);
	});
});

describe('users', () => {
	it('sends each user once and refuses an empty or over-long ID', () => {
		expect(checkUsers(['u', 'v', 'u'])).toEqual(['u', 'v']);
		expect(refusal(() => checkUsers([])).message).toBe('no user ID was given');
		expect(refusal(() => checkUsers(['ok', 'é'.repeat(165)])).message).toMatch(/is 165 characters long; the limit is 164/);
		expect(checkUsers(['é'.repeat(164)])).toHaveLength(1);
	});

	it('splits 2,500 users into publishes of 1,000, 1,000 and 500, in order', () => {
		const users = Array.from({ length: 2500 }, (_, i) => `${i}`);
		const publishes = usersPublishes(INSTANCE, users, WEB);
		expect(publishes.map((p) => p.users.length)).toEqual([1000, 1000, 500]);
		expect(publishes.flatMap((p) => p.users)).toEqual(users);
		for (const publish of publishes) {
			expect(publish.path).toBe(`/publish_api/v1/instances/${INSTANCE}/publishes/users`);
			expect(JSON.parse(publish.body!)).toEqual({ users: publish.users, ...WEB });
		}
	});

	it('also splits by the 10 KiB body limit, filling each publish as far as it goes', () => {
		const users = Array.from({ length: 1200 }, (_, i) => `user-${String(i).padStart(4, '0')}-${'é'.repeat(20)}`);
		const publishes = usersPublishes(INSTANCE, users, WEB);
		expect(publishes.length).toBeGreaterThan(2);
		expect(publishes.flatMap((p) => p.users)).toEqual(users);
		for (const [index, publish] of publishes.entries()) {
			const size = Buffer.byteLength(publish.body!);
			expect(size).toBeLessThanOrEqual(10240);
			// the next user would not have fitted
			const next = publishes[index + 1]?.users[0];
			if (next) expect(size + 1 + Buffer.byteLength(JSON.stringify(next))).toBeGreaterThan(10240);
		}
	});

	it('refuses content too large for even one user, before anything is sent', () => {
		const payloads = { web: { notification: { title: 'x'.repeat(10300) } } };
		const error = refusal(() => usersPublishes(INSTANCE, ['u1'], payloads));
		expect(error.input).toBe('content');
		expect(error.message).toMatch(/^the publish would be \d+ bytes for a single user; Beams takes at most 10240 bytes/);
	});

	it('deletes a user by its URL-encoded ID', () => {
		expect(deleteUserRequest(INSTANCE, 'ana maría/1')).toEqual({
			method: 'DELETE',
			path: `/user_api/v1/instances/${INSTANCE}/users/ana%20mar%C3%ADa%2F1`,
		});
		expect(refusal(() => deleteUserRequest(INSTANCE, '')).input).toBe('userId');
	});

	it('refuses the IDs "." and "..", which URL normalisation would turn into another path', () => {
		for (const id of ['.', '..']) {
			const error = refusal(() => deleteUserRequest(INSTANCE, id));
			expect([error.input, error.message]).toEqual(['userId', `user ID ${JSON.stringify(id)} cannot be deleted through Beams' API: it cannot be a path segment`]);
		}
		expect(deleteUserRequest(INSTANCE, '...').path).toMatch(/\/users\/\.\.\.$/);
	});
});

describe('a publish to interests', () => {
	it('carries the interests, the blocks and the webhook', () => {
		const publish = interestsPublish(INSTANCE, ['a', 'b'], WEB, { url: 'https://example.com/hook', level: 'DEBUG' });
		expect(publish.path).toBe(`/publish_api/v1/instances/${INSTANCE}/publishes/interests`);
		expect(JSON.parse(publish.body!)).toEqual({ interests: ['a', 'b'], ...WEB, webhookUrl: 'https://example.com/hook', webhookLevel: 'DEBUG' });
	});

	it('refuses a body over 10 KiB (in UTF-8 bytes) and a webhook that is not a URL', () => {
		const fits = 10240 - Buffer.byteLength(JSON.stringify({ interests: ['a'], web: { notification: { title: '' } } }));
		expect(() => interestsPublish(INSTANCE, ['a'], { web: { notification: { title: 'x'.repeat(fits) } } })).not.toThrow();
		const error = refusal(() => interestsPublish(INSTANCE, ['a'], { web: { notification: { title: 'x'.repeat(fits - 1) + '€' } } }));
		expect(error.message).toBe('the publish would be 10242 bytes with 1 interest; Beams takes at most 10240 bytes (10 KiB) in one request');
		expect(refusal(() => interestsPublish(INSTANCE, ['a'], WEB, { url: 'ftp://x' })).input).toBe('webhookUrl');
	});
});

describe('Simple content', () => {
	it('builds the block each chosen platform expects', () => {
		expect(
			simplePayloads({
				title: 'Shipped',
				body: 'Order 7 😀',
				deepLink: 'https://shop.example/o/7',
				icon: 'https://shop.example/i.png',
				data: { orderId: 7, tags: ['a'], note: 'x' },
				platforms: ['web', 'fcm', 'apns'],
				androidClickAction: 'OPEN_ORDER',
				androidIcon: 'ic_ship',
				iosSound: 'default',
				iosBadge: 3,
				webHideIfSiteHasFocus: true,
				webTimeToLive: 60,
			}),
		).toEqual({
			apns: { aps: { alert: { title: 'Shipped', body: 'Order 7 😀' }, sound: 'default', badge: 3 }, data: { orderId: 7, tags: ['a'], note: 'x' } },
			fcm: {
				notification: { title: 'Shipped', body: 'Order 7 😀', icon: 'ic_ship', click_action: 'OPEN_ORDER' },
				data: { orderId: '7', tags: '["a"]', note: 'x' },
			},
			web: {
				notification: {
					title: 'Shipped',
					body: 'Order 7 😀',
					icon: 'https://shop.example/i.png',
					deep_link: 'https://shop.example/o/7',
					hide_notification_if_site_has_focus: true,
				},
				data: { orderId: 7, tags: ['a'], note: 'x' },
				time_to_live: 60,
			},
		});
	});

	it('includes only the platforms chosen, and no empty data', () => {
		expect(simplePayloads({ body: 'b', platforms: ['apns'], data: {} })).toEqual({ apns: { aps: { alert: { body: 'b' } } } });
	});

	it('refuses what no platform would show, and what Beams would refuse', () => {
		const problems = [
			[{ platforms: ['web'] }, 'the notification has neither a title nor a body'],
			[{ title: 't', platforms: [] }, 'no platform was chosen'],
			[{ title: 't', platforms: ['web'], deepLink: 'javascript:alert(1)' }, 'deep link "javascript:alert(1)" is not an http(s) URL'],
			[{ title: 't', platforms: ['web'], icon: 'icon.png' }, 'icon "icon.png" is not an http(s) URL'],
			[{ title: 't', platforms: ['web'], data: [1] }, 'data is not a JSON object'],
			[{ title: 't', platforms: ['web'], data: { pusher: 1 } }, 'data has the key "pusher", which Beams keeps for itself'],
			[{ title: 't', platforms: ['apns'], iosBadge: 1.5 }, 'iOS badge 1.5 is not a whole number of 0 or more'],
			[{ title: 't', platforms: ['web'], webTimeToLive: 2419201 }, 'web time to live 2419201 is not a whole number of seconds from 0 to 2419200 (4 weeks)'],
		] as const;
		for (const [notification, message] of problems) {
			expect(refusal(() => simplePayloads(notification as never)).message).toBe(message);
		}
	});
});

describe('raw content', () => {
	it('passes the platform blocks on as they are', () => {
		const payload = { apns: { aps: { alert: 'hi' }, custom: 1 }, web: { notification: { title: 'x' } } };
		expect(rawPayloads(payload)).toEqual(payload);
	});

	it('refuses anything but platform blocks, pointing at the field for targets', () => {
		expect(refusal(() => rawPayloads('text')).message).toBe('the payload is not a JSON object');
		expect(refusal(() => rawPayloads({})).message).toBe('the payload has no "apns", "fcm" or "web" block');
		expect(refusal(() => rawPayloads({ web: [] })).message).toBe('the payload\'s "web" block is not a JSON object');
		expect(refusal(() => rawPayloads({ gcm: {} })).message).toBe('the payload has "gcm", which is not a Beams platform block');
		const target = refusal(() => rawPayloads({ interests: ['a'], web: {} }));
		expect([target.message, target.fix]).toEqual(['the payload has "interests"', "Set it in the node's Interests field instead"]);
	});
});

describe('the address of an instance', () => {
	it("is the instance's own host, or the custom endpoint with its path prefix", () => {
		expect(beamsBaseUrl(INSTANCE, '')).toBe(`https://${INSTANCE}.pushnotifications.pusher.com`);
		expect(beamsBaseUrl(INSTANCE, ' http://127.0.0.1:8080/ ')).toBe('http://127.0.0.1:8080');
		expect(beamsBaseUrl(INSTANCE, 'https://proxy.example.com/beams/')).toBe('https://proxy.example.com/beams');
	});

	it('refuses what cannot be an instance ID or an endpoint, saying what to change', () => {
		expect(() => beamsBaseUrl('', '')).toThrow("The Beams credential's Instance ID is empty");
		expect(() => beamsBaseUrl('a.b/c', '')).toThrow(/has characters an instance ID does not have: copy it from the Keys tab/);
		expect(() => beamsBaseUrl(INSTANCE, 'localhost:8080')).toThrow(/does not start with http:\/\/ or https:\/\//);
		expect(() => beamsBaseUrl(INSTANCE, 'not a url')).toThrow(/is not a URL/);
		expect(() => beamsBaseUrl(INSTANCE, 'http://u:p@host')).toThrow(/holds a user name or password/);
		expect(() => beamsBaseUrl(INSTANCE, 'http://host/?x=1')).toThrow(/has a query or fragment/);
	});
});
