import type { INode } from 'n8n-workflow';

import type { WebhookEvent } from '../../nodes/Pusher/protocol';
import { globMatch } from '../../nodes/common/glob';
import { nameListValue, parseNameList } from '../../nodes/common/nameList';
import { selectEvents, type ChannelFilter } from '../../nodes/Pusher/webhookTrigger/events';
import { PUSHER_EVENT_TYPES } from '../../nodes/Pusher/webhookTrigger/settings';
import { CHANNEL_ALPHABET, seededRandom } from '../helpers/random';

describe('globMatch', () => {
	it.each([
		['presence-*', 'presence-room-1', true],
		['presence-*', 'presence-', true],
		['presence-*', 'private-room', false],
		['*-room-*', 'presence-room-7', true],
		['*-room-*', 'presence-lobby', false],
		['*', '', true],
		['', '', true],
		['', 'a', false],
		['a*b*c', 'aXXbYYc', true],
		['a*b*c', 'aXXbYY', false],
		['private-orders', 'private-orders', true],
		['private-orders', 'private-orders-2', false],
		['Private-*', 'private-x', false],
		['client-cursor-*', 'client-cursor-move', true],
		['a**b', 'ab', true],
		['?', '?', true],
		['?', 'a', false],
		['.', 'a', false],
	])('%j against %j is %s', (pattern, text, expected) => {
		expect(globMatch(pattern, text)).toBe(expected);
	});

	it('agrees with the equivalent regular expression on random names and patterns', () => {
		const random = seededRandom(4242);
		const toRegExp = (pattern: string) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
		for (let i = 0; i < 2000; i++) {
			const text = random.string('ab-*.', 0, 12);
			const pattern = random.string('ab-*.', 0, 8);
			expect([pattern, text, globMatch(pattern, text)]).toEqual([pattern, text, toRegExp(pattern).test(text)]);
		}
	});

	it('stays fast on patterns that make backtracking regular expressions explode', () => {
		const text = 'a'.repeat(5000);
		const pattern = `${'a*'.repeat(50)}b`;
		expect(globMatch(pattern, text)).toBe(false);
	});
});

describe('parseNameList', () => {
	it('splits on spaces and new lines, keeps commas (channel names may hold them), drops empties', () => {
		expect(parseNameList(' presence-a  private-b\nprivate-c,d\t\n')).toEqual(['presence-a', 'private-b', 'private-c,d']);
		expect(parseNameList('')).toEqual([]);
		expect(parseNameList(undefined)).toEqual([]);
	});

	it("takes an array's entries whole (trimmed), and an expression's text as one name", () => {
		expect(parseNameList(['a', ' b ', 'c d', '', 7])).toEqual(['a', 'b', 'c d', '7']);
		const node = (parameters: Record<string, unknown>) => ({ parameters }) as unknown as INode;
		expect(parseNameList(nameListValue(node({ channels: '={{ $json.c }}' }), 'channels', 'x y'))).toEqual(['x y']);
		expect(parseNameList(nameListValue(node({ channels: '={{ $json.c }}' }), 'channels', ['x', 'y']))).toEqual(['x', 'y']);
		expect(parseNameList(nameListValue(node({ channels: 'x y' }), 'channels', 'x y'))).toEqual(['x', 'y']);
	});
});

/** Whether an event on `channel` passes the channel filter (and nothing else filters it). */
const channelMatches = (channelFilter: ChannelFilter, channel: string | undefined) =>
	selectEvents([{ name: 'channel_occupied', ...(channel === undefined ? {} : { channel }) }], {
		eventTypes: ['channel_occupied'],
		channelFilter,
		droppedClientEvents: [],
	}).length === 1;

describe('channel filter', () => {
	it('any channel passes everything, also events without a channel', () => {
		expect(channelMatches({ mode: 'any', values: [] }, 'x')).toBe(true);
		expect(channelMatches({ mode: 'any', values: [] }, undefined)).toBe(true);
	});

	it('exact names match whole names only', () => {
		const filter = { mode: 'exact' as const, values: ['private-a', 'presence-b'] };
		expect(channelMatches(filter, 'private-a')).toBe(true);
		expect(channelMatches(filter, 'private-ab')).toBe(false);
		expect(channelMatches(filter, undefined)).toBe(false);
	});

	it('prefixes match the start of the name', () => {
		const filter = { mode: 'prefix' as const, values: ['presence-', 'private-encrypted-'] };
		expect(channelMatches(filter, 'presence-x')).toBe(true);
		expect(channelMatches(filter, 'private-encrypted-y')).toBe(true);
		expect(channelMatches(filter, 'private-y')).toBe(false);
	});

	it('patterns are globs', () => {
		const filter = { mode: 'pattern' as const, values: ['*-room-*'] };
		expect(channelMatches(filter, 'presence-room-1')).toBe(true);
		expect(channelMatches(filter, 'room-1')).toBe(false);
	});

	it('an empty list lets nothing through (except for any)', () => {
		for (const mode of ['exact', 'prefix', 'pattern'] as const) {
			expect(channelMatches({ mode, values: [] }, 'private-a')).toBe(false);
		}
	});

	it('a random channel name always matches itself as exact name, prefix and pattern', () => {
		const random = seededRandom(99);
		for (let i = 0; i < 500; i++) {
			const name = random.string(CHANNEL_ALPHABET, 1, 40);
			for (const mode of ['exact', 'prefix', 'pattern'] as const) expect(channelMatches({ mode, values: [name] }, name)).toBe(true);
		}
	});
});

describe('selectEvents', () => {
	const events: WebhookEvent[] = [
		{ name: 'channel_occupied', channel: 'presence-lobby' },
		{ name: 'member_added', channel: 'presence-lobby', user_id: '1' },
		{ name: 'client_event', channel: 'private-chat', event: 'client-typing', data: '{}', socket_id: '1.1' },
		{ name: 'client_event', channel: 'private-chat', event: 'client-message', data: '{"text":"hi"}', socket_id: '1.1' },
		{ name: 'client_event', channel: 'private-chat', event: 'client-cursor-move', data: '{}', socket_id: '1.1' },
		{ name: 'subscription_count', channel: 'public-news', subscription_count: 3 },
		{ name: 'some_future_event', channel: 'public-news' },
	];
	const all = { eventTypes: [...PUSHER_EVENT_TYPES], channelFilter: { mode: 'any' as const, values: [] }, droppedClientEvents: [] };

	it('keeps every known event type by default, in order, and drops unknown types', () => {
		expect(selectEvents(events, all)).toEqual(events.slice(0, 6));
	});

	it('keeps only the chosen event types', () => {
		expect(selectEvents(events, { ...all, eventTypes: ['member_added', 'subscription_count'] }).map((e) => e.name)).toEqual([
			'member_added',
			'subscription_count',
		]);
	});

	it('drops client events by name or pattern, and nothing else', () => {
		const kept = selectEvents(events, { ...all, droppedClientEvents: ['client-typing', 'client-cursor-*'] });
		expect(kept.map((e) => e.event ?? e.name)).toEqual(['channel_occupied', 'member_added', 'client-message', 'subscription_count']);
	});

	it('filters by channel', () => {
		const kept = selectEvents(events, { ...all, channelFilter: { mode: 'prefix', values: ['presence-'] } });
		expect(kept.map((e) => e.name)).toEqual(['channel_occupied', 'member_added']);
	});
});
