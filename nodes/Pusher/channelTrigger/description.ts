import type { INodeProperties } from 'n8n-workflow';

import { docsLink } from '../../common/docs';
import { NAME_LIST_HINT } from '../../common/nameList';
import { DEFAULT_PRESENCE_USER_ID } from './settings';

/** The Pusher Channel Trigger's parameters, as the node panel shows them. */
export const channelTriggerProperties: INodeProperties[] = [
	{
		displayName: `Connects to Pusher as a client over a WebSocket, so n8n needs no public URL; once the workflow is published (active in n8n 1.x) it stays connected. Needs Node.js 22 or newer. ${docsLink('When to use it', 'pusher-channel-trigger', 'when-to-use-it')}<br>It connects directly: n8n's HTTP_PROXY settings do not apply to it; behind a proxy, also set NODE_USE_ENV_PROXY=1. ${docsLink('Behind a proxy', 'pusher-channel-trigger', 'behind-a-proxy')}`,
		name: 'connectionNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Channels',
		name: 'channels',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. orders presence-lobby',
		hint: NAME_LIST_HINT,
		description:
			"The channels to listen on. Private, presence and private-encrypted- channels are authorized with the credential's secret; encrypted ones are decrypted with its Encryption Master Key.",
	},
	{
		// Not "Events": n8n's nodes panel would then list each option as an action
		// and show this node as "Pusher Channel".
		displayName: 'Event Filter',
		name: 'events',
		type: 'options',
		options: [
			{
				name: 'All Events',
				value: 'all',
				description: "Every event the app and its clients send on these channels; Pusher's own events only as chosen under Pusher Events",
			},
			{ name: 'Specific Events', value: 'specific', description: 'Only the events named below' },
		],
		default: 'all',
	},
	{
		displayName: 'Event Names',
		name: 'eventNames',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order-created client-*',
		hint: NAME_LIST_HINT,
		description: 'Names or patterns of the events that start the workflow; * stands for any characters',
		displayOptions: { show: { events: ['specific'] } },
	},
	{
		displayName: 'Pusher Events',
		name: 'pusherEvents',
		type: 'multiOptions',
		options: [
			{ name: 'Cache Miss', value: 'pusher:cache_miss', description: 'A cache channel had no cached event to replay' },
			{ name: 'Member Added', value: 'pusher:member_added', description: 'A user joined a presence channel' },
			{ name: 'Member Removed', value: 'pusher:member_removed', description: 'A user left a presence channel' },
			{
				name: 'Subscription Count',
				value: 'pusher:subscription_count',
				description: 'The number of subscribers changed (when the app has subscription counting on)',
			},
			{
				name: 'Subscription Succeeded',
				value: 'pusher:subscription_succeeded',
				description: 'This trigger (re)subscribed to a channel; on presence channels it lists the members',
			},
		],
		default: [],
		description: "Pusher's own channel events (pusher:…) to start the workflow with too, whatever Event Filter says: All Events does not include them",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Sign In as User',
				name: 'signIn',
				type: 'boolean',
				default: false,
				description:
					'Whether to sign the connection in as the user below (pusher:signin). Needed when the server enforces user authentication (Soketi closes other connections with 4009); events sent to that user are then received too.',
			},
			{
				displayName: 'User ID',
				name: 'presenceUserId',
				type: 'string',
				default: DEFAULT_PRESENCE_USER_ID,
				description:
					'Who this trigger is on presence channels and when signing in. Connections sharing an ID count as one member.',
			},
			{
				displayName: 'User Info',
				name: 'presenceUserInfo',
				type: 'json',
				default: '{}',
				description: 'A JSON object other members see as this user\'s info (at most 1 KB)',
			},
		],
	},
];
