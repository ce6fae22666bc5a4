/**
 * The documentation links the editor shows: each node's Docs link (codex
 * primaryDocumentation, to which n8n appends its tracking query), the
 * credential's, and the links written in notices all name a page of
 * docs/nodes/ that exists, and an anchor that page has.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

import { PusherApi } from '../../credentials/PusherApi.credentials';
import { docsUrl, type DocsPage } from '../../nodes/common/docs';
import { Pusher } from '../../nodes/Pusher/Pusher.node';
import { PusherChannelTrigger } from '../../nodes/Pusher/PusherChannelTrigger.node';
import { PusherWebhookTrigger } from '../../nodes/Pusher/PusherWebhookTrigger.node';

const ROOT = path.resolve(__dirname, '../..');
const NODES: Array<[DocsPage, INodeType, string]> = [
	['pusher', new Pusher(), 'Pusher.node.json'],
	['pusher-trigger', new PusherWebhookTrigger(), 'PusherWebhookTrigger.node.json'],
	['pusher-channel-trigger', new PusherChannelTrigger(), 'PusherChannelTrigger.node.json'],
];

/** The file in this repository a docs URL names. */
function pageFile(url: string): string {
	const { pathname } = new URL(url);
	return path.join(ROOT, pathname.split('/blob/main/')[1]);
}

/** GitHub's anchors for a Markdown page's headings. */
function anchors(file: string): string[] {
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) =>
			line
				.replace(/^#+ /, '')
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		);
}

it.each(NODES)('%s: the codex points the Docs link and the credential link at their own pages', (page, type, codexFile) => {
	const codex = JSON.parse(readFileSync(path.join(ROOT, 'nodes/Pusher', codexFile), 'utf8'));
	expect(codex.node).toBe(`n8n-nodes-pusher-channels.${type.description.name}`);
	expect(codex.resources.primaryDocumentation).toEqual([{ url: docsUrl(page) }]);
	expect(codex.resources.credentialDocumentation).toEqual([{ url: docsUrl('pusher-credential') }]);
	const file = pageFile(docsUrl(page));
	expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(`# ${type.description.displayName}`);
});

it("points the credential's documentation at its page", () => {
	const url = new PusherApi().documentationUrl;
	expect(url).toBe(docsUrl('pusher-credential'));
	expect(readFileSync(pageFile(url), 'utf8').split('\n')[0]).toBe('# Pusher API credential');
});

it('links notices to pages and sections that exist', () => {
	const notices = NODES.flatMap(([, type]) => type.description.properties).filter((property: INodeProperties) => property.type === 'notice');
	const links = notices.flatMap((notice) => [...notice.displayName.matchAll(/href="([^"]+)"/g)].map((match) => match[1]));
	expect(links.length).toBeGreaterThanOrEqual(3);
	for (const link of links) {
		const file = pageFile(link);
		expect(existsSync(file)).toBe(true);
		const anchor = new URL(link).hash.slice(1);
		if (anchor) expect(anchors(file)).toContain(anchor);
	}
});

it('subtitles every operation of the Pusher node with its action label', () => {
	const { subtitle, properties } = new Pusher().description;
	const map = JSON.parse(/^=\{\{ (\{.*\})\[/.exec(String(subtitle))![1]) as Record<string, string>;
	const operations = properties.filter((property) => property.name === 'operation');
	const pairs = operations.flatMap((property) =>
		(property.displayOptions!.show!.resource as string[]).flatMap((resource) => property.options!.map((option) => `${resource}:${String((option as { value: unknown }).value)}`)),
	);
	expect(Object.keys(map).sort()).toEqual(pairs.sort());
	expect(map['event:trigger']).toBe('Send an event');
});
