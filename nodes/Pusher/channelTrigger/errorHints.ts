/**
 * What to check when the server refuses the connection with one of Pusher's
 * 4000-4099 codes (Pusher protocol 7, "Error codes").
 */
const HINTS: Record<number, string> = {
	4001: 'The app key is not known to this server: check the Key and the cluster or host in the credential.',
	4003: 'The app is disabled: see its dashboard.',
	4004: 'The app is over its connection quota: see its dashboard.',
	4005: 'The connection path is wrong: check the host (and any proxy in front of the server).',
	4006: 'The server refused the client version: check the host points at a Pusher-protocol server.',
	4007: 'The server does not support protocol 7: check the host points at a Pusher-protocol server.',
	4009: 'The connection is unauthorized. Soketi closes connections that do not sign in when the app enforces user authentication: turn on Sign In as User in the options (with the right secret).',
};

export function hintForCode(code: number | undefined): string | undefined {
	if (code === undefined) return undefined;
	if (HINTS[code]) return HINTS[code];
	return code >= 4000 && code <= 4099 ? 'The server asked the client not to reconnect.' : undefined;
}
