import type { INodeProperties } from 'n8n-workflow';

import { NAME_LIST_HINT } from '../../../common/nameList';
import { requestOptionFields } from '../../../common/requestOptions';

const toInterests = { resource: ['notification'], operation: ['publishToInterests'] };
const toUsers = { resource: ['notification'], operation: ['publishToUsers'] };
const publish = { resource: ['notification'] };

export const notificationOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: publish },
	options: [
		{
			name: 'Publish to Interests',
			value: 'publishToInterests',
			action: 'Publish a notification to interests',
			description: 'Notify every device subscribed to any of 1 to 100 interests, once per item',
		},
		{
			name: 'Publish to Users',
			value: 'publishToUsers',
			action: 'Publish a notification to users',
			description: 'Notify every device of the given users, once per item; more than 1,000 users are split into several publishes',
		},
	],
	default: 'publishToInterests',
};

const simple = { ...publish, contentMode: ['simple'] };

export const notificationFields: INodeProperties[] = [
	{
		displayName: 'Interests',
		name: 'interests',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. donuts pizza',
		hint: NAME_LIST_HINT,
		description:
			'1 to 100 interests, each up to 164 characters of A-Z a-z 0-9 _ - = @ , . ;. A device subscribed to several of them gets the notification once.',
		displayOptions: { show: toInterests },
	},
	{
		displayName: 'User IDs',
		name: 'users',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user-001 user-002',
		hint: NAME_LIST_HINT,
		description:
			"The IDs your app gave the Beams client's setUserId, each up to 164 characters. Entries of an array are taken whole. More than 1,000 users are sent in several publishes.",
		displayOptions: { show: toUsers },
	},
	{
		displayName: 'Content',
		name: 'contentMode',
		type: 'options',
		options: [
			{ name: 'Simple', value: 'simple', description: 'A title, a body and a few common fields, turned into each platform\'s format' },
			{ name: 'Raw JSON', value: 'raw', description: 'The apns, fcm and web blocks exactly as Beams takes them' },
		],
		default: 'simple',
		displayOptions: { show: publish },
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Your order has shipped',
		displayOptions: { show: simple },
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Order 1042 is on its way',
		displayOptions: { show: simple },
	},
	{
		displayName: 'Platforms',
		name: 'platforms',
		type: 'multiOptions',
		options: [
			{ name: 'Android (FCM)', value: 'fcm' },
			{ name: 'iOS (APNs)', value: 'apns' },
			{ name: 'Web', value: 'web' },
		],
		default: ['apns', 'fcm', 'web'],
		required: true,
		description: 'Which platforms get the notification: a block is built for each one chosen',
		displayOptions: { show: simple },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: simple },
		options: [
			{
				displayName: 'Android Click Action',
				name: 'androidClickAction',
				type: 'string',
				default: '',
				placeholder: 'e.g. OPEN_ORDER',
				description: 'The intent action the Android app opens when the notification is tapped (FCM click_action)',
			},
			{
				displayName: 'Android Icon',
				name: 'androidIcon',
				type: 'string',
				default: '',
				placeholder: 'e.g. ic_notification',
				description: 'A drawable resource of the Android app (FCM icon)',
			},
			{
				displayName: 'Data',
				name: 'data',
				type: 'json',
				default: '{}',
				description:
					'A JSON object delivered to the app with the notification. Android receives each value as text (objects and numbers as their JSON). The key "pusher" is reserved.',
			},
			{
				displayName: 'Deep Link',
				name: 'deepLink',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://shop.example.com/orders/1042',
				description: 'The page a web notification opens when clicked',
			},
			{
				displayName: 'Hide If Site Has Focus',
				name: 'webHideIfSiteHasFocus',
				type: 'boolean',
				default: false,
				description: 'Whether to skip showing a web notification while the site is open and focused',
			},
			{
				displayName: 'Icon',
				name: 'icon',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://shop.example.com/icon.png',
				description: 'The URL of the image a web notification shows',
			},
			{
				displayName: 'iOS Badge',
				name: 'iosBadge',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'The number shown on the app icon',
			},
			{
				displayName: 'iOS Sound',
				name: 'iosSound',
				type: 'string',
				default: '',
				placeholder: 'e.g. default',
				description: 'The sound file to play, or "default"',
			},
			{
				displayName: 'Web Time to Live (Seconds)',
				name: 'webTimeToLive',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 2419200 },
				default: 2419200,
				description: 'How long the web push gateway keeps the notification for a browser that is offline (at most 4 weeks)',
			},
		],
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		default:
			'{\n  "apns": { "aps": { "alert": { "title": "Hello", "body": "Hello from n8n" } } },\n  "fcm": { "notification": { "title": "Hello", "body": "Hello from n8n" } },\n  "web": { "notification": { "title": "Hello", "body": "Hello from n8n" } }\n}',
		required: true,
		description: 'An object with an apns, fcm and/or web block, in the formats Beams documents for each platform. The whole publish may be at most 10 KiB.',
		displayOptions: { show: { ...publish, contentMode: ['raw'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: publish },
		options: [
			{
				displayName: 'Parallel Requests',
				name: 'parallelRequests',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 1,
				description: 'How many items to publish at once. With 1, items are published in their order.',
			},
			{
				displayName: 'Webhook Level',
				name: 'webhookLevel',
				type: 'options',
				options: [
					{ name: 'Debug', value: 'DEBUG', description: 'Reports on each device too' },
					{ name: 'Info', value: 'INFO', description: 'Reports on the publish as a whole' },
				],
				default: 'INFO',
				description: "How much Beams reports to the Webhook URL. Beams' publish reference documents only the URL: leave this out if Beams refuses it.",
				displayOptions: { show: { '/operation': ['publishToInterests'] } },
			},
			{
				displayName: 'Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/beams-report',
				description:
					'Where Beams reports how the publish went, e.g. errors from the platforms. Publishes to users report to the webhooks set up in the Beams dashboard instead.',
				displayOptions: { show: { '/operation': ['publishToInterests'] } },
			},
			...requestOptionFields,
		],
	},
];
