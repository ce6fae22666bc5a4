import type { IAuthenticate, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { authenticateBeams } from '../nodes/PusherBeams/transport/authenticate';

/**
 * How the credential test proves the Instance ID and Primary Key while
 * sending nothing to any device: it publishes `{"interests": []}`, a publish
 * to no interest with no content, which Beams must refuse for its body (1 to
 * 100 interests and at least one platform block are required). Beams checks
 * the instance and the key before the body, so the answer tells them apart:
 *   422 Unprocessable Entity  instance and key right (the body was refused): the test passes;
 *   401 Unauthorized          the key is wrong;
 *   404 Not Found             no instance with this ID.
 * n8n's declarative test fails on every non-2xx status, so the request asks
 * for the answer as it is (`ignoreHttpStatusErrors`) and the rules read
 * Beams' `error` field; an answer without one did not come from Beams.
 */
const REFUSALS: Array<[error: string | undefined, message: string]> = [
	['Unauthorized', "Beams refused the Primary Key: copy it again from the Keys tab of the instance in Pusher's Beams dashboard"],
	['Not Found', "Beams has no instance with this Instance ID: copy it from the Keys tab of the instance in Pusher's Beams dashboard"],
	['Payment Required', "The Instance ID and Primary Key are right, but Beams blocks publishing: the instance is over its plan's limits"],
	['Too Many Requests', 'Beams is rate limiting this instance: try again in a moment'],
	['Internal Server Error', 'Beams had a problem answering: try again later'],
	['Service Unavailable', 'Beams is unavailable: try again later'],
	[undefined, "The Endpoint did not answer as Beams does (no error field where Beams refuses the test publish): check the credential's Endpoint, or leave it empty for Pusher Beams"],
];

export class PusherBeamsApi implements ICredentialType {
	name = 'pusherBeamsApi';

	displayName = 'Pusher Beams API';

	icon: Icon = { light: 'file:../icons/pusher.svg', dark: 'file:../icons/pusher.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-pusher-channels/n8n-nodes-pusher-channels/blob/main/docs/nodes/pusher-beams.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Instance ID',
			name: 'instanceId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 8f9a6e22-2483-49aa-8552-125f1a4c5781',
			description: "On the Keys tab of your instance in Pusher's Beams dashboard",
		},
		{
			displayName: 'Primary Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'On the same Keys tab. Keep it secret: it publishes to every device of the instance and signs user tokens.',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8080',
			description:
				'Leave empty for Pusher Beams (https://INSTANCE_ID.pushnotifications.pusher.com). For a test server or a proxy: its URL, optionally with a path prefix.',
		},
	];

	authenticate: IAuthenticate = async (credentials, requestOptions) => await authenticateBeams(credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '=/publish_api/v1/instances/{{ $credentials.instanceId.trim() }}/publishes/interests',
			body: { interests: [] },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: REFUSALS.map(([error, message]) => ({ type: 'responseSuccessBody', properties: { key: 'error', value: error, message } })),
	};
}
