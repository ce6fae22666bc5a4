/**
 * Where an instance's API is: `https://<instance id>.pushnotifications.pusher.com`,
 * or a custom endpoint (a test server, a proxy) given as an http(s) URL,
 * optionally with a path prefix. Requests then go to `<origin><prefix>/publish_api/…`.
 */
const INSTANCE_ID = /^[A-Za-z0-9-]+$/;

export function checkInstanceId(instanceId: string): void {
	if (instanceId === '') throw new Error("The Beams credential's Instance ID is empty");
	if (!INSTANCE_ID.test(instanceId)) {
		throw new Error(
			`The Beams credential's Instance ID ${JSON.stringify(instanceId.slice(0, 80))} has characters an instance ID does not have: copy it from the Keys tab of the instance in Pusher's Beams dashboard (it looks like 8f9a6e22-2483-49aa-8552-125f1a4c5781)`,
		);
	}
}

/** The base URL requests are made against, with no trailing slash. */
export function beamsBaseUrl(instanceId: string, endpoint: string | undefined): string {
	checkInstanceId(instanceId);
	const typed = (endpoint ?? '').trim();
	if (typed === '') return `https://${instanceId}.pushnotifications.pusher.com`;
	const fail = (problem: string): never => {
		throw new Error(`The Beams credential's Endpoint ${JSON.stringify(typed.slice(0, 200))} ${problem}`);
	};
	let url: URL | undefined;
	try {
		url = new URL(typed);
	} catch {
		fail('is not a URL: give one such as http://127.0.0.1:8080, or leave it empty for Pusher Beams');
	}
	const { protocol, username, password, search, hash, origin, pathname } = url!;
	if (protocol !== 'http:' && protocol !== 'https:') fail('does not start with http:// or https://');
	if (username || password) fail('holds a user name or password: the Primary Key is what authenticates');
	if (search || hash) fail('has a query or fragment: give only the server and, for a proxy, a path prefix');
	return `${origin}${pathname.replace(/\/+$/, '')}`;
}
