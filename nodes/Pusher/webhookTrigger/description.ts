import type { INodeProperties } from 'n8n-workflow';

import { docsLink } from '../../common/docs';
import { NAME_LIST_HINT } from '../../common/nameList';
import { DEFAULT_MAX_AGE_SECONDS, PUSHER_EVENT_TYPES } from './settings';

/** The Pusher Trigger's parameters, as the node panel shows them. */
export const pusherTriggerProperties: INodeProperties[] = [
	{
		displayName: `In the Pusher dashboard, add this node's Production URL (under Webhook URLs above) to your app's Webhooks, with the event types chosen below. ${docsLink('Set-up for Pusher and Soketi', 'pusher-trigger', 'set-up')}<br>Pusher may deliver an event twice: to run once per event, add a Remove Duplicates node on the item's dedupeKey. ${docsLink('How', 'pusher-trigger', 'duplicates-run-once-per-event')}`,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		// Not "Events": n8n's nodes panel would then list each option as an action
		// and show this node as a second "Pusher" entry.
		displayName: 'Event Types',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{ name: 'Cache Miss', value: 'cache_miss', description: 'A client subscribed to a cache channel that has no cached event' },
			{ name: 'Channel Occupied', value: 'channel_occupied', description: 'A channel got its first subscriber' },
			{ name: 'Channel Vacated', value: 'channel_vacated', description: 'A channel lost its last subscriber' },
			{ name: 'Client Event', value: 'client_event', description: 'A client sent an event (client-…) on a private or presence channel; needs client events on in App Settings' },
			{ name: 'Member Added', value: 'member_added', description: 'A user joined a presence channel' },
			{ name: 'Member Removed', value: 'member_removed', description: 'A user left a presence channel' },
			{ name: 'Subscription Count', value: 'subscription_count', description: 'The number of subscribers to a channel changed; needs subscription counting on in App Settings (Soketi does not send it)' },
		],
		default: [...PUSHER_EVENT_TYPES],
		description: 'Which webhook events start the workflow; others are acknowledged and dropped',
	},
	{
		displayName: 'Channel Filter',
		name: 'channelFilter',
		type: 'options',
		options: [
			{ name: 'Any Channel', value: 'any' },
			{ name: 'Exact Names', value: 'exact', description: 'Channels named exactly as listed' },
			{ name: 'Name Prefixes', value: 'prefix', description: 'Channels whose name starts with one of the listed prefixes' },
			{ name: 'Patterns', value: 'pattern', description: 'Channels matching one of the listed patterns, where * stands for any characters' },
		],
		default: 'any',
		description: 'Which channels\' events start the workflow',
	},
	{
		displayName: 'Channels',
		name: 'channels',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. presence-room-* private-orders-*',
		hint: NAME_LIST_HINT,
		description: 'Channel names, prefixes or patterns, as Channel Filter says; * stands for any characters in a pattern',
		displayOptions: { show: { channelFilter: ['exact', 'prefix', 'pattern'] } },
	},
	{
		displayName: 'Client Events to Drop',
		name: 'dropClientEvents',
		type: 'string',
		default: '',
		placeholder: 'e.g. client-typing client-cursor-*',
		hint: NAME_LIST_HINT,
		description:
			"Names or patterns of client events that never start the workflow; * stands for any characters. Pusher's dashboard cannot filter these.",
		displayOptions: { show: { events: ['client_event'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Each Event', value: 'event', description: 'One item per event, with the webhook\'s time_ms' },
			{ name: 'Each Webhook', value: 'webhook', description: 'One item per webhook request: { time_ms, events }' },
		],
		default: 'event',
	},
	{
		displayName: 'Reject Webhooks Older Than (Seconds)',
		name: 'maxAgeSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_AGE_SECONDS,
		description:
			'Replay protection: a webhook whose time_ms is older than this, or more than 60 s in the future, is answered 401 and starts nothing. Pusher retries for up to 5 minutes, so keep it above 300. 0 turns the check off.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Additional Key Pairs',
				name: 'extraKeys',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				description: 'Other keys of the app whose signatures are trusted too, e.g. while rotating keys',
				options: [
					{
						displayName: 'Key Pair',
						name: 'pairs',
						values: [
							{ displayName: 'Key', name: 'key', type: 'string', default: '' },
							{ displayName: 'Secret', name: 'secret', type: 'string', typeOptions: { password: true }, default: '' },
						],
					},
				],
			},
		],
	},
];
