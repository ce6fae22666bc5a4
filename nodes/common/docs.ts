/**
 * Where each node's documentation lives: one Markdown page per node in the
 * repository (docs/nodes/), so that the query n8n appends to a Docs link
 * (`?utm_source=…`) cannot break an anchor. The codex files
 * (nodes/Pusher/*.node.json) give the same addresses.
 */
const DOCS_BASE = 'https://github.com/n8n-nodes-pusher-channels/n8n-nodes-pusher-channels/blob/main/docs/nodes';

export type DocsPage = 'pusher' | 'pusher-trigger' | 'pusher-channel-trigger' | 'pusher-credential';

/** The page's address, with a section anchor when given (for links written in notices, where n8n adds nothing). */
export function docsUrl(page: DocsPage, section?: string): string {
	return `${DOCS_BASE}/${page}.md${section ? `#${section}` : ''}`;
}

/** A link for a notice, which n8n renders as HTML. */
export function docsLink(text: string, page: DocsPage, section?: string): string {
	return `<a href="${docsUrl(page, section)}" target="_blank">${text}</a>`;
}
