import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { signRequest } from '../nodes/Pusher/transport/signRequest';

const keyFields = { show: { connection: ['cluster', 'custom'] } };

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

	documentationUrl = 'https://github.com/n8n-nodes-pusher-channels/n8n-nodes-pusher-channels#credentials';

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
					name: 'PUSHER_URL',
					value: 'url',
					description: 'One URL with everything in it, as Heroku sets it',
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
			required: true,
			placeholder: 'https://KEY:SECRET@api-eu.pusher.com/apps/APP_ID',
			description: 'In the form http[s]://KEY:SECRET@HOST[:PORT]/apps/APP_ID',
			displayOptions: { show: { connection: ['url'] } },
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description: "On Pusher: your app's App Keys tab. Soketi's default app is \"app-id\".",
			displayOptions: keyFields,
		},
		{
			displayName: 'Key',
			name: 'key',
			type: 'string',
			default: '',
			required: true,
			displayOptions: keyFields,
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: keyFields,
		},
		{
			displayName: 'Cluster',
			name: 'cluster',
			type: 'options',
			options: [
				{ name: 'Ap1 (Singapore)', value: 'ap1' },
				{ name: 'Ap2 (Mumbai)', value: 'ap2' },
				{ name: 'Ap3 (Tokyo)', value: 'ap3' },
				{ name: 'Ap4 (Sydney)', value: 'ap4' },
				{ name: 'Eu (Ireland)', value: 'eu' },
				{ name: 'Mt1 (N. Virginia)', value: 'mt1' },
				{ name: 'Other', value: 'other', description: 'A cluster not in this list' },
				{ name: 'Sa1 (São Paulo)', value: 'sa1' },
				{ name: 'Us2 (Ohio)', value: 'us2' },
				{ name: 'Us3 (Oregon)', value: 'us3' },
			],
			default: 'mt1',
			displayOptions: { show: { connection: ['cluster'] } },
		},
		{
			displayName: 'Cluster Name',
			name: 'otherCluster',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'eu',
			description: 'The cluster shown on your app\'s App Keys tab; requests go to api-{cluster}.pusher.com',
			displayOptions: { show: { connection: ['cluster'], cluster: ['other'] } },
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. soketi.example.com',
			description:
				'The server\'s name or IP address. A port or scheme typed here (127.0.0.1:6001, http://soketi.local) wins over Port and Use TLS. No path.',
			displayOptions: { show: { connection: ['custom'] } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 443,
			description:
				'443 for a server behind a TLS proxy (the usual production set-up). Soketi and Sockudo listen on 6001 and Laravel Reverb on 8080 by default, without TLS: turn Use TLS off for those.',
			displayOptions: { show: { connection: ['custom'] } },
		},
		{
			displayName: 'Use TLS',
			name: 'useTLS',
			type: 'boolean',
			default: true,
			description: 'Whether to connect with https:// (and wss://)',
			displayOptions: { show: { connection: ['custom'] } },
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
