import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/**
 * What to tell a user about a status Beams answered. Beams answers errors as
 * JSON `{"error": "<status text>", "description": "<what was wrong>"}`; its
 * description is kept, since it often names the exact field.
 */
const ADVICE: Record<number, string> = {
	400: 'Beams refused the request as malformed',
	401: "Beams refused the Primary Key: copy it again from the Keys tab of the instance in Pusher's Beams dashboard into the credential",
	402: "Beams is not accepting publishes from this instance: it is over its plan's limits (see its Beams dashboard)",
	403: 'Beams refused this request for this instance',
	404: "Beams has no instance with this Instance ID: check it on the Keys tab of the instance in Pusher's Beams dashboard",
	413: 'The request is larger than Beams accepts (10 KiB)',
	422: "Beams refused the notification's targets or content",
	429: 'Too many requests: Beams takes about 100 a second per instance. Turn on Options → Resend Failed Requests, or lower Parallel Requests',
};

function serverSaid(body: unknown): string {
	if (typeof body === 'string') return body.trim().slice(0, 500);
	if (body && typeof body === 'object') {
		const { error, description } = body as { error?: unknown; description?: unknown };
		const parts = [error, description].filter((part): part is string => typeof part === 'string' && part !== '');
		return (parts.length ? parts.join(': ') : JSON.stringify(body)).slice(0, 500);
	}
	return '';
}

export function beamsError(node: INode, status: number, body: unknown, context: { what: string; itemIndex?: number }): NodeApiError {
	const advice =
		ADVICE[status] ??
		(status >= 500 ? 'Beams had a problem: try again later, or turn on Options → Resend Failed Requests' : 'Beams refused the request');
	const said = serverSaid(body);
	return new NodeApiError(node, { status, body: said } as JsonObject, {
		message: `Beams answered ${status} to ${context.what}`,
		description: said ? `${advice}. Beams said: ${said}` : `${advice}.`,
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
}
