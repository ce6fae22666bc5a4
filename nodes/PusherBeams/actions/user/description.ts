import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { requestOptionFields } from '../../../common/requestOptions';

const deleteUser = { resource: ['user'], operation: ['delete'] };
const generateToken = { resource: ['user'], operation: ['generateToken'] };

const operations: INodePropertyOptions[] = [
	{
		name: 'Delete',
		value: 'delete',
		action: 'Delete a user',
		description: 'Remove a user and every device registered to them, so they get no more notifications',
	},
	{
		name: 'Generate Token',
		value: 'generateToken',
		action: 'Generate a token for a user',
		description: "The answer a Beams client's token provider expects from your auth endpoint: { token }",
	},
];

/**
 * The User operations; the tool variant (AI agents, MCP clients) offers only
 * Delete: a token lets whoever holds it receive that user's notifications.
 * n8n shows a property with `@tool: [true]` only in the tool variant.
 */
function userOperationsFor(asTool: boolean): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'], '@tool': [asTool] } },
		options: asTool ? operations.filter(({ value }) => value !== 'generateToken') : operations,
		default: 'delete',
	};
}

export const userOperations: INodeProperties[] = [userOperationsFor(false), userOperationsFor(true)];

export const userFields: INodeProperties[] = [
	{
		displayName:
			'Place between a Webhook node that authenticates the caller and Respond to Webhook; take the User ID from the verified identity.',
		name: 'tokenNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: generateToken },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user-001',
		description: "The ID your app gave the Beams client's setUserId, up to 164 characters",
		displayOptions: { show: deleteUser },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '={{ $json.jwtPayload.sub }}',
		required: true,
		placeholder: 'e.g. user-001',
		description:
			'Who the token is for: the signed-in user as your authentication proved it (the default reads the subject of the JWT the Webhook node verified). The client must call setUserId with the same ID.',
		displayOptions: { show: generateToken },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: deleteUser },
		options: requestOptionFields,
	},
];
