import type { IWebhookResponseData } from 'n8n-workflow';

/**
 * The HTTP side of the trigger: the request's raw bytes in, a refusal out.
 */

interface RawBodyRequest {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/**
 * The body exactly as it arrived. n8n keeps it as `rawBody` (a Buffer) when it
 * parses a webhook request; it is read here if n8n has not done so yet. The
 * signature is checked against these bytes, never against re-serialized JSON.
 */
export async function readRawBody(request: RawBodyRequest): Promise<Buffer | undefined> {
	if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

interface StatusResponse {
	status(code: number): { json(body: unknown): unknown };
}

/**
 * Answers the request here and tells n8n neither to answer it nor to start
 * the workflow: a refusal (401 tells a forger nothing; 400 tells a signed
 * sender why) or a receiver that cannot verify anything (503).
 */
export function answer(response: StatusResponse, status: 400 | 401 | 503, body: { error: string }): IWebhookResponseData {
	response.status(status).json(body);
	return { noWebhookResponse: true };
}
