/**
 * The official MCP client (`@modelcontextprotocol/sdk`) on one of its two HTTP
 * transports, connected to an n8n MCP Server Trigger, recording every message
 * the server sent (so a test can search all of them, e.g. for a secret).
 *
 *   const mcp = await connectMcp(`${n8n.baseUrl}/mcp/my-path`, 'streamableHttp');
 *   const { tools } = await mcp.client.listTools();
 *   const result = await mcp.call('My_tool', { channel: 'news' });
 *   await mcp.close();
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export type TransportKind = 'streamableHttp' | 'sse';

export interface ToolResult {
	isError: boolean;
	/** The text of every text content part, joined by newlines. */
	text: string;
	/** `text` parsed as JSON (n8n answers a tool's output items as a JSON array), or undefined. */
	json: unknown;
}

export interface Mcp {
	client: Client;
	/** Every JSON-RPC message the server sent on this connection, as JSON text, in order. */
	readonly received: string[];
	call(name: string, args: Record<string, unknown>): Promise<ToolResult>;
	close(): Promise<void>;
}

function transport(kind: TransportKind, url: URL): Transport {
	return kind === 'sse' ? new SSEClientTransport(url) : new StreamableHTTPClientTransport(url);
}

async function connectOnce(url: URL, kind: TransportKind): Promise<Mcp> {
	const received: string[] = [];
	const client = new Client({ name: 'n8n-nodes-pusher-channels e2e', version: '1.0.0' });
	const wire = transport(kind, url);
	// The client chains the handler already set, so this sees every message, the initialize answer too.
	wire.onmessage = (message) => received.push(JSON.stringify(message));
	await client.connect(wire);
	return {
		client,
		received,
		async call(name, args) {
			const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content?: Array<{ type: string; text?: string }> };
			const text = (result.content ?? [])
				.filter((part) => part.type === 'text')
				.map((part) => part.text ?? '')
				.join('\n');
			let json: unknown;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			return { isError: result.isError === true, text, json };
		},
		async close() {
			await client.close();
		},
	};
}

/**
 * Connects, retrying while n8n has not registered the trigger's endpoint yet
 * (it answers 404 until shortly after the workflow is published).
 */
export async function connectMcp(url: string, kind: TransportKind, timeoutMs = 60_000): Promise<Mcp> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await connectOnce(new URL(url), kind);
		} catch (error) {
			if (Date.now() > deadline) throw new Error(`could not connect an MCP client (${kind}) to ${url}: ${(error as Error).message}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}
