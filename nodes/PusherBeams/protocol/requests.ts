import type { PlatformPayloads } from './content';
import { BEAMS_LIMITS } from './limits';
import { BeamsInputError } from './inputError';
import { checkInterests, checkUserId, checkUsers, isWebUrl } from './validation';

/**
 * The HTTP requests of Beams' publish and user APIs, built only once every
 * check has passed, with the JSON body serialized here: the bytes measured
 * against the 10 KiB limit are the bytes sent.
 */
export interface BeamsRequest {
	method: 'POST' | 'DELETE';
	/** From the API's root: `/publish_api/v1/instances/<id>/publishes/interests`. */
	path: string;
	body?: string;
}

export interface InterestsPublish extends BeamsRequest {
	interests: string[];
}

export interface UsersPublish extends BeamsRequest {
	users: string[];
}

export type WebhookLevel = 'INFO' | 'DEBUG';

export interface PublishWebhook {
	url?: string;
	level?: WebhookLevel;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function publishPath(instanceId: string, target: 'interests' | 'users'): string {
	return `/publish_api/v1/instances/${encodeURIComponent(instanceId)}/publishes/${target}`;
}

function tooLarge(size: number, what: string): BeamsInputError {
	return new BeamsInputError(
		'content',
		`the publish would be ${size} bytes${what}; Beams takes at most ${BEAMS_LIMITS.bodyBytes} bytes (10 KiB) in one request`,
		'Make the title, body or data shorter (with Raw JSON: the payload)',
	);
}

/** One publish to 1 to 100 interests. */
export function interestsPublish(instanceId: string, interests: string[], payloads: PlatformPayloads, webhook: PublishWebhook = {}): InterestsPublish {
	const targets = checkInterests(interests);
	if (webhook.url !== undefined && !isWebUrl(webhook.url)) {
		throw new BeamsInputError('webhookUrl', `${JSON.stringify(webhook.url)} is not an http(s) URL`);
	}
	const body = JSON.stringify({
		interests: targets,
		...payloads,
		...(webhook.url !== undefined ? { webhookUrl: webhook.url } : {}),
		...(webhook.level !== undefined ? { webhookLevel: webhook.level } : {}),
	});
	const size = bytes(body);
	if (size > BEAMS_LIMITS.bodyBytes) throw tooLarge(size, ` with ${targets.length} interest${targets.length === 1 ? '' : 's'}`);
	return { method: 'POST', path: publishPath(instanceId, 'interests'), body, interests: targets };
}

/**
 * Publishes that reach every user once: each takes as many users as fit in
 * 1,000 and in the 10 KiB body, in the order given. A user ID is one person,
 * so splitting sends nobody the notification twice.
 */
export function usersPublishes(instanceId: string, users: string[], payloads: PlatformPayloads): UsersPublish[] {
	const targets = checkUsers(users);
	const path = publishPath(instanceId, 'users');
	const emptyBytes = bytes(JSON.stringify({ users: [], ...payloads }));
	const publishes: UsersPublish[] = [];
	let chunk: string[] = [];
	let size = emptyBytes;
	const close = () => {
		publishes.push({ method: 'POST', path, body: JSON.stringify({ users: chunk, ...payloads }), users: chunk });
		chunk = [];
		size = emptyBytes;
	};
	for (const user of targets) {
		const userBytes = bytes(JSON.stringify(user));
		const full = chunk.length === BEAMS_LIMITS.usersPerPublish || size + 1 + userBytes > BEAMS_LIMITS.bodyBytes;
		if (chunk.length > 0 && full) close();
		// a comma before every user but the first of a publish
		const cost = userBytes + (chunk.length > 0 ? 1 : 0);
		if (size + cost > BEAMS_LIMITS.bodyBytes) throw tooLarge(size + cost, ' for a single user');
		chunk.push(user);
		size += cost;
	}
	close();
	return publishes;
}

/** Removes a user and every device registered to them. */
export function deleteUserRequest(instanceId: string, userId: string): BeamsRequest {
	checkUserId(userId);
	// URL normalisation turns /users/. into /users/ (and .. into the parent): such an id cannot be a path segment.
	if (userId === '.' || userId === '..') {
		throw new BeamsInputError('userId', `user ID ${JSON.stringify(userId)} cannot be deleted through Beams' API: it cannot be a path segment`, 'Give the ID of a real user');
	}
	return { method: 'DELETE', path: `/user_api/v1/instances/${encodeURIComponent(instanceId)}/users/${encodeURIComponent(userId)}` };
}
