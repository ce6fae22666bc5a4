import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { authorizationFields, authorizationOperations } from './authorization/description';
import { channelFields, channelOperations } from './channel/description';
import { customFields, customOperations } from './custom/description';
import { eventFields, eventOperations } from './event/description';
import { saunaFields, saunaOperations } from './sauna/description';
import { userFields, userOperations } from './user/description';

// n8n appends its own "Custom API Call" (the HTTP Request node with this
// credential) to the Resource list and to every Operation list, so the
// package's signed request to an app path has a name of its own: API Request.
const resources: INodePropertyOptions[] = [
	{ name: 'API Request', value: 'custom' },
	{ name: 'Authorization', value: 'authorization' },
	{ name: 'Channel', value: 'channel' },
	{ name: 'Event', value: 'event' },
	{ name: 'Sauna Command', value: 'sauna' },
	{ name: 'User', value: 'user' },
];

/**
 * The resources the Pusher Tool (the variant n8n makes for AI agents and MCP
 * clients) offers. Not Authorization: its answer signs any socket into any
 * private or presence channel (and hands out an encrypted channel's key). Not
 * API Request: any request to the app's API.
 */
export const TOOL_RESOURCES: readonly string[] = ['channel', 'event', 'sauna', 'user'];

/** A resource's name as the editor shows it. */
export function resourceName(value: string): string {
	return resources.find((option) => option.value === value)?.name ?? value;
}

/** The resources the tool variant refuses, by value, with their names. */
export const NOT_FOR_AGENTS: Record<string, string> = Object.fromEntries(
	resources.filter(({ value }) => !TOOL_RESOURCES.includes(value as string)).map(({ value, name }) => [value, name]),
);

/** n8n shows a property with `@tool: [true]` only in a node's tool variant, and one with `[false]` only outside it. */
function resourceProperty(asTool: boolean): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: asTool ? resources.filter(({ value }) => TOOL_RESOURCES.includes(value as string)) : resources,
		default: 'event',
		displayOptions: { show: { '@tool': [asTool] } },
	};
}

/** Every parameter of the Pusher node: Resource, then each resource's Operation and fields. */
export const properties: INodeProperties[] = [
	resourceProperty(false),
	resourceProperty(true),
	eventOperations,
	channelOperations,
	userOperations,
	authorizationOperations,
	saunaOperations,
	customOperations,
	...eventFields,
	...channelFields,
	...userFields,
	...authorizationFields,
	...saunaFields,
	...customFields,
];
