import { NodeApiError, NodeOperationError, sleep, type IDataObject, type IExecuteFunctions, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

import { apiError } from './apiError';

/**
 * One signed call to the app's REST API, through the `pusherApi` credential
 * (which signs it). Optionally retried on 429, 5xx and network errors with
 * exponential backoff; never retried on other statuses.
 */
export interface ApiCall {
	method: IHttpRequestMethods;
	/** Relative to the app: `/events`, `/channels/presence-x/users`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** For messages: "trigger event \"x\"". */
	what: string;
	itemIndex?: number;
}

export interface RequestPolicy {
	timeoutMs?: number;
	retry?: { maxRetries: number; baseDelayMs: number };
}

const RETRYABLE_STATUS = (status: number) => status === 429 || status >= 500;

export async function apiRequest(this: IExecuteFunctions, call: ApiCall, policy: RequestPolicy = {}): Promise<IDataObject> {
	const attempts = 1 + Math.max(0, policy.retry?.maxRetries ?? 0);
	for (let attempt = 1; ; attempt++) {
		const outcome = await send.call(this, call, policy);
		if (outcome.kind === 'ok') return outcome.body;
		const retryable = outcome.kind === 'network' || RETRYABLE_STATUS(outcome.status);
		if (!retryable || attempt >= attempts) throw toError.call(this, outcome, call, attempt);
		await sleep(backoff(policy.retry!.baseDelayMs, attempt));
	}
}

type Outcome =
	| { kind: 'ok'; body: IDataObject }
	| { kind: 'status'; status: number; body: unknown }
	| { kind: 'network'; status: 0; error: Error };

async function send(this: IExecuteFunctions, call: ApiCall, policy: RequestPolicy): Promise<Outcome> {
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'pusherApi', {
			method: call.method,
			url: call.path,
			qs: call.qs,
			body: call.body,
			json: true,
			timeout: policy.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
		const status = effectiveStatus(response.statusCode, response.body);
		if (status >= 200 && status < 300) {
			const body = response.body;
			return { kind: 'ok', body: body && typeof body === 'object' ? (body as IDataObject) : {} };
		}
		return { kind: 'status', status, body: response.body };
	} catch (error) {
		// A request that never got an answer; anything else (a credential that
		// cannot sign, say) is not worth retrying and already says what is wrong.
		if (isNetworkError(error)) return { kind: 'network', status: 0, error: error as Error };
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(this.getNode(), error as Error, { itemIndex: call.itemIndex });
	}
}

/**
 * Soketi 1.6 answers some refusals (a bad signature, an unknown app) with
 * HTTP 200 and a body `{"error": "…", "code": 401}`; the code in the body is
 * the real status. Pusher's successful answers never look like that.
 */
function effectiveStatus(httpStatus: number, body: unknown): number {
	const { error, code } = (body && typeof body === 'object' ? body : {}) as { error?: unknown; code?: unknown };
	return typeof error === 'string' && typeof code === 'number' && code >= 400 && code < 600 ? code : httpStatus;
}

function isNetworkError(error: unknown): boolean {
	const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: unknown; isAxiosError?: unknown };
	return cause.isAxiosError === true || (typeof cause.code === 'string' && /^E[A-Z_]+$/.test(cause.code));
}

function toError(this: IExecuteFunctions, outcome: Exclude<Outcome, { kind: 'ok' }>, call: ApiCall, attempts: number) {
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	if (outcome.kind === 'status') {
		const bytesSent = call.body ? Buffer.byteLength(JSON.stringify(call.body)) : undefined;
		return apiError(this.getNode(), outcome.status, outcome.body, { what: call.what + tries, itemIndex: call.itemIndex, bytesSent });
	}
	const error = outcome.error;
	const detail = ((error as { cause?: Error }).cause ?? error).message;
	return new NodeApiError(this.getNode(), { message: detail } as JsonObject, {
		message: `Could not reach the Pusher server to ${call.what}${tries}`,
		description: `${detail}. Check the cluster or host, port and TLS settings in the Pusher credential, and the request timeout.`,
		itemIndex: call.itemIndex,
	});
}

/** 1x, 2x, 4x … the base delay, with up to 25% jitter so parallel retries spread out. */
function backoff(baseDelayMs: number, attempt: number): number {
	const delay = baseDelayMs * 2 ** (attempt - 1);
	return Math.round(delay * (1 + Math.random() * 0.25));
}
