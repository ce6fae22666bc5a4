import { isObject } from '../../common/json';
import { BEAMS_LIMITS } from './limits';
import { show } from '../../common/names';
import { BeamsInputError } from './inputError';
import { isWebUrl } from './validation';

/**
 * What a notification says, per platform: the `apns`, `fcm` and `web` blocks
 * of a Beams publish. Simple content (a title, a body, a link, an icon, data)
 * is turned into the block each platform expects; raw content is checked and
 * passed on as it is.
 *
 *   apns: { aps: { alert: { title, body }, sound?, badge? }, data? }
 *   fcm:  { notification: { title, body, icon?, click_action? }, data? }   data values as text
 *   web:  { notification: { title, body, icon?, deep_link?, hide_notification_if_site_has_focus? }, data?, time_to_live? }
 */
export type Platform = 'apns' | 'fcm' | 'web';
export const PLATFORMS: readonly Platform[] = ['apns', 'fcm', 'web'];

export type PlatformPayloads = Partial<Record<Platform, Record<string, unknown>>>;

export interface SimpleNotification {
	title?: string;
	body?: string;
	/** Opened when a web notification is clicked. */
	deepLink?: string;
	/** The image a web notification shows. */
	icon?: string;
	/** Custom data for the app, delivered with the notification. */
	data?: unknown;
	platforms: Platform[];
	/** FCM's click_action: the intent action an Android app opens. */
	androidClickAction?: string;
	/** FCM's icon: a drawable resource of the Android app. */
	androidIcon?: string;
	iosSound?: string;
	iosBadge?: number;
	webHideIfSiteHasFocus?: boolean;
	/** Seconds the web push gateway keeps the notification for an offline browser. */
	webTimeToLive?: number;
}

export function simplePayloads(notification: SimpleNotification): PlatformPayloads {
	const { title, body, deepLink, icon, platforms } = notification;
	if (!title && !body) throw new BeamsInputError('content', 'the notification has neither a title nor a body');
	const chosen = PLATFORMS.filter((platform) => platforms.includes(platform));
	if (chosen.length === 0) {
		throw new BeamsInputError('content', 'no platform was chosen', 'Choose iOS, Android or Web (or several) under Platforms');
	}
	if (deepLink && !isWebUrl(deepLink)) throw new BeamsInputError('content', `deep link ${show(deepLink)} is not an http(s) URL`);
	if (icon && !isWebUrl(icon)) throw new BeamsInputError('content', `icon ${show(icon)} is not an http(s) URL`);
	const data = checkData(notification.data);
	const { iosBadge, webTimeToLive } = notification;
	if (iosBadge !== undefined && (!Number.isInteger(iosBadge) || iosBadge < 0)) {
		throw new BeamsInputError('content', `iOS badge ${iosBadge} is not a whole number of 0 or more`);
	}
	if (webTimeToLive !== undefined && (!Number.isInteger(webTimeToLive) || webTimeToLive < 0 || webTimeToLive > BEAMS_LIMITS.webTimeToLive)) {
		throw new BeamsInputError('content', `web time to live ${webTimeToLive} is not a whole number of seconds from 0 to ${BEAMS_LIMITS.webTimeToLive} (4 weeks)`);
	}
	const text = { ...(title ? { title } : {}), ...(body ? { body } : {}) };
	const builders: Record<Platform, () => Record<string, unknown>> = {
		apns: () => ({
			aps: {
				alert: text,
				...(notification.iosSound ? { sound: notification.iosSound } : {}),
				...(iosBadge !== undefined ? { badge: iosBadge } : {}),
			},
			...(data ? { data } : {}),
		}),
		fcm: () => ({
			notification: {
				...text,
				...(notification.androidIcon ? { icon: notification.androidIcon } : {}),
				...(notification.androidClickAction ? { click_action: notification.androidClickAction } : {}),
			},
			...(data ? { data: asTextValues(data) } : {}),
		}),
		web: () => ({
			notification: {
				...text,
				...(icon ? { icon } : {}),
				...(deepLink ? { deep_link: deepLink } : {}),
				...(notification.webHideIfSiteHasFocus ? { hide_notification_if_site_has_focus: true } : {}),
			},
			...(data ? { data } : {}),
			...(webTimeToLive !== undefined ? { time_to_live: webTimeToLive } : {}),
		}),
	};
	return Object.fromEntries(chosen.map((platform) => [platform, builders[platform]()]));
}

/** Data is an object; "pusher" is Beams' own key in it. An empty object means no data. */
function checkData(data: unknown): Record<string, unknown> | undefined {
	if (data === undefined || data === null || data === '') return undefined;
	if (!isObject(data)) throw new BeamsInputError('content', 'data is not a JSON object', 'Give an object, e.g. {"orderId": 42}');
	if ('pusher' in data) throw new BeamsInputError('content', 'data has the key "pusher", which Beams keeps for itself', 'Rename that key');
	return Object.keys(data).length > 0 ? data : undefined;
}

/** FCM delivers data values as text: a text stays as it is, anything else becomes its JSON. */
function asTextValues(data: Record<string, unknown>): Record<string, string> {
	return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

const TARGET_KEYS: Record<string, string> = {
	interests: 'Interests',
	users: 'User IDs',
	webhookUrl: 'Webhook URL (in Options)',
};

/** A raw payload: an object with at least one of `apns`, `fcm`, `web`, each an object, and nothing else. */
export function rawPayloads(value: unknown): PlatformPayloads {
	if (!isObject(value)) {
		throw new BeamsInputError('payload', 'the payload is not a JSON object', 'Give an object with an "apns", "fcm" or "web" block, e.g. {"web": {"notification": {"title": "Hi"}}}');
	}
	for (const key of Object.keys(value)) {
		if (key in TARGET_KEYS) throw new BeamsInputError('payload', `the payload has "${key}"`, `Set it in the node's ${TARGET_KEYS[key]} field instead`);
		if (!(PLATFORMS as readonly string[]).includes(key)) {
			throw new BeamsInputError('payload', `the payload has "${key}", which is not a Beams platform block`, 'Keep only "apns", "fcm" and "web" at the top level');
		}
		if (!isObject(value[key])) throw new BeamsInputError('payload', `the payload's "${key}" block is not a JSON object`);
	}
	const chosen = PLATFORMS.filter((platform) => platform in value);
	if (chosen.length === 0) throw new BeamsInputError('payload', 'the payload has no "apns", "fcm" or "web" block');
	return Object.fromEntries(chosen.map((platform) => [platform, value[platform] as Record<string, unknown>]));
}
