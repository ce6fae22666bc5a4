/**
 * Sending webhook requests the way Pusher and Soketi do: POST, JSON body,
 * `X-Pusher-Key` and `X-Pusher-Signature` (hex HMAC-SHA256 of the raw body).
 */
import { createHmac } from 'node:crypto';
import { Agent, type OutgoingHttpHeaders, request } from 'node:http';

export const sign = (secret: string, body: string | Buffer) => createHmac('sha256', secret).update(body).digest('hex');

export function webhookBody(events: Array<Record<string, unknown>>, timeMs = Date.now()): string {
	return JSON.stringify({ time_ms: timeMs, events });
}

/** Headers of a webhook signed as Pusher signs it. */
export function signedHeaders(body: string | Buffer, key = 'app-key', secret = 'app-secret'): OutgoingHttpHeaders {
	return { 'content-type': 'application/json', 'x-pusher-key': key, 'x-pusher-signature': sign(secret, body) };
}

export interface Answer {
	status: number;
	body: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** POSTs and resolves with the answer. Array header values are sent as repeated header lines. */
export async function post(url: string, body: string | Buffer, headers: OutgoingHttpHeaders): Promise<Answer> {
	return await new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let parsed: unknown = text;
				try {
					parsed = JSON.parse(text);
				} catch {
					parsed = text; // not JSON: keep the text
				}
				resolve({ status: res.statusCode ?? 0, body: parsed });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

export async function postSigned(url: string, events: Array<Record<string, unknown>>, timeMs = Date.now()): Promise<Answer> {
	const body = webhookBody(events, timeMs);
	return await post(url, body, signedHeaders(body));
}

/** Closes the keep-alive sockets (call in afterAll). */
export function closeClientSockets(): void {
	agent.destroy();
}
