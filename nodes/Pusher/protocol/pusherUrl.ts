/**
 * Reads the `PUSHER_URL` form that Heroku and the Ruby and Node SDKs use:
 * `http[s]://KEY:SECRET@HOST[:PORT]/apps/APP_ID`.
 */
export interface PusherUrlParts {
	appId: string;
	key: string;
	secret: string;
	host: string;
	port?: number;
	useTLS: boolean;
}

export function parsePusherUrl(url: string): PusherUrlParts {
	const parsed = toUrl(url.trim());
	if (!parsed) throw new Error('Pusher URL is not a URL; expected http[s]://KEY:SECRET@HOST[:PORT]/apps/APP_ID');
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new Error(`Pusher URL must start with http:// or https://, not ${parsed.protocol}//`);
	}
	const match = /^\/apps\/([^/]+)\/?$/.exec(parsed.pathname);
	if (!match) throw new Error('Pusher URL path must be /apps/APP_ID');
	if (!parsed.username || !parsed.password) throw new Error('Pusher URL must carry KEY:SECRET@ before the host');

	return {
		appId: decodeURIComponent(match[1]),
		key: decodeURIComponent(parsed.username),
		secret: decodeURIComponent(parsed.password),
		host: parsed.hostname,
		...(parsed.port ? { port: Number(parsed.port) } : {}),
		useTLS: parsed.protocol === 'https:',
	};
}

function toUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}
