import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { signRequest } from '../nodes/Pusher/transport/signRequest';

/*
 * Which fields each connection shows. n8n's public API (POST
 * /api/v1/credentials) validates the data against a schema built from the
 * fields' `displayOptions.show` only, and n8n 1.x builds it per controlling
 * field from the first `show` value it meets: every field shown "for
 * connection X" must then be present exactly when connection is X. So
 * exactly one group uses `show` on `connection`: App ID, Key and Secret,
 * needed by the cluster and self-hosted connections alike. Its condition is
 * "starts with c" (cluster, custom; not url), a test both lines evaluate
 * alike: 1.x's schema gets `eq` and `not` wrong (an array where a value
 * belongs), and 2.x runs `regex` in a sandbox with a time limit on every
 * credential read, which fails under load. Every other field is placed with
 * `hide`, which the schema ignores. A field placed with `hide` cannot be
 * `required` (the schema would then require it for every connection): the
 * nodes report an empty one by name when they use the credential. A new
 * connection value must not start with "c" unless it needs App ID, Key and
 * Secret, and must join the `hide`s.
 * docs/compatibility.md; test/e2e/credentialProvisioning.e2e.ts.
 */
const keyFields = { show: { connection: [{ _cnd: { startsWith: 'c' } }] } };
const onlyFor = {
	cluster: { hide: { connection: ['custom', 'url'] } },
	custom: { hide: { connection: ['cluster', 'url'] } },
	url: { hide: { connection: ['cluster', 'custom'] } },
};

/** What the credential test says for each refusal. */
const TEST_ADVICE: Record<number, string> = {
	401: "The server refused the signature: check the Key and Secret, and that this machine's clock is right (Pusher allows 10 minutes of skew)",
	403: 'The app is disabled or over its quota: see its dashboard',
	404: 'No app with this App ID on this server: check the App ID and the cluster or host',
};

export class PusherApi implements ICredentialType {
	name = 'pusherApi';

	displayName = 'Pusher API';

	icon: Icon = { light: 'file:../icons/pusher.svg', dark: 'file:../icons/pusher.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-pusher-channels/n8n-nodes-pusher-channels/blob/main/docs/nodes/pusher-credential.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Connection',
			name: 'connection',
			type: 'options',
			options: [
				{ name: 'Pusher Cluster', value: 'cluster', description: 'An app on Pusher Channels' },
				{
					name: 'Self-Hosted Server',
					value: 'custom',
					description: 'A Pusher-protocol server of your own: Soketi, Laravel Reverb, Sockudo',
				},
				{
					name: 'Pusher URL',
					value: 'url',
					description: 'One URL with the key, secret, host and app ID in it: the PUSHER_URL variable Heroku and others set',
				},
			],
			default: 'cluster',
		},
		{
			displayName: 'Pusher URL',
			name: 'pusherUrlSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. https://KEY:SECRET@api-eu.pusher.com/apps/APP_ID',
			description: 'In the form http[s]://KEY:SECRET@HOST[:PORT]/apps/APP_ID',
			displayOptions: onlyFor.url,
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 1234567',
			description:
				"On Pusher: the dashboard's App Keys tab of your app (app_id). Soketi: SOKETI_DEFAULT_APP_ID (app-id by default); Laravel Reverb: REVERB_APP_ID.",
			displayOptions: keyFields,
		},
		{
			displayName: 'Key',
			name: 'key',
			type: 'string',
			default: '',
			required: true,
			description:
				"On Pusher: the App Keys tab (key), the one pusher-js uses too. Soketi: SOKETI_DEFAULT_APP_KEY (app-key by default); Laravel Reverb: REVERB_APP_KEY.",
			displayOptions: keyFields,
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'On Pusher: the App Keys tab (secret); keep it out of browsers. Soketi: SOKETI_DEFAULT_APP_SECRET (app-secret by default); Laravel Reverb: REVERB_APP_SECRET.',
			displayOptions: keyFields,
		},
		{
			displayName: 'Cluster',
			name: 'cluster',
			type: 'options',
			description: "The cluster shown on your app's App Keys tab, as Pusher writes it",
			options: [
				{ name: 'ap1 (Singapore)', value: 'ap1' },
				{ name: 'ap2 (Mumbai)', value: 'ap2' },
				{ name: 'ap3 (Tokyo)', value: 'ap3' },
				{ name: 'ap4 (Sydney)', value: 'ap4' },
				{ name: 'eu (Ireland)', value: 'eu' },
				{ name: 'mt1 (N. Virginia)', value: 'mt1' },
				{ name: 'sa1 (São Paulo)', value: 'sa1' },
				{ name: 'us2 (Ohio)', value: 'us2' },
				{ name: 'us3 (Oregon)', value: 'us3' },
				{ name: 'Other', value: 'other', description: 'A cluster not in this list: type its name below' },
			],
			default: 'mt1',
			displayOptions: onlyFor.cluster,
		},
		{
			displayName: 'Cluster Name',
			name: 'otherCluster',
			type: 'string',
			default: '',
			placeholder: 'e.g. ap5',
			description: "The cluster shown on your app's App Keys tab; requests go to api-{cluster}.pusher.com",
			displayOptions: { hide: { ...onlyFor.cluster.hide, cluster: [{ _cnd: { not: 'other' } }] } },
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			placeholder: 'e.g. soketi.example.com',
			description:
				'The server\'s name or IP address. A port or scheme typed here (127.0.0.1:6001, http://soketi.local) wins over Port and Use TLS. No path.',
			displayOptions: onlyFor.custom,
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 443,
			description:
				'443 for a server behind a TLS proxy (the usual production set-up). Soketi and Sockudo listen on 6001 and Laravel Reverb on 8080 by default, without TLS: turn Use TLS off for those.',
			displayOptions: onlyFor.custom,
		},
		{
			displayName: 'Use TLS',
			name: 'useTLS',
			type: 'boolean',
			default: true,
			description: 'Whether to connect with https:// (and wss://)',
			displayOptions: onlyFor.custom,
		},
		{
			displayName: 'Encryption Master Key',
			name: 'encryptionMasterKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for end-to-end encrypted (private-encrypted-) channels: base64 of exactly 32 random bytes, e.g. from "openssl rand -base64 32". Keep it secret: Pusher never sees it.',
		},
	];

	authenticate: IAuthenticate = async (credentials, requestOptions) => await signRequest(credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '/channels' },
		// Pusher answers with the status; Soketi answers 200 with {"error", "code"}
		// in the body. n8n checks both kinds of rule, whatever the type says.
		rules: Object.entries(TEST_ADVICE).flatMap(([code, message]) => [
			{ type: 'responseCode', properties: { value: Number(code), message } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: Number(code), message } },
		]) as ICredentialTestRequest['rules'],
	};
}
