import { NodeApiError, type IDataObject, type IExecuteFunctions, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

import { httpAttempt } from '../../common/httpAttempt';
import { networkDetail, withRetries, type Failure, type RequestPolicy } from '../../common/retry';
import { apiError } from './apiError';

/**
 * One signed call to the app's REST API, through the `pusherApi` credential
 * (which signs it), retried as the policy says (see common/retry.ts).
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

export async function apiRequest(this: IExecuteFunctions, call: ApiCall, policy: RequestPolicy = {}): Promise<IDataObject> {
	const request = { method: call.method, url: call.path, qs: call.qs, body: call.body, timeout: policy.timeoutMs };
	const { result, attempts } = await withRetries(async () => await httpAttempt(this, 'pusherApi', request, call.itemIndex, effectiveStatus), policy);
	if (result.kind === 'ok') return result.value;
	throw toError.call(this, result, call, attempts);
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

function toError(this: IExecuteFunctions, failure: Failure, call: ApiCall, attempts: number) {
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	if (failure.kind === 'status') {
		const bytesSent = call.body ? Buffer.byteLength(JSON.stringify(call.body)) : undefined;
		return apiError(this.getNode(), failure.status, failure.body, { what: call.what + tries, itemIndex: call.itemIndex, bytesSent });
	}
	const detail = networkDetail(failure.error);
	return new NodeApiError(this.getNode(), { message: detail } as JsonObject, {
		message: `Could not reach the Pusher server to ${call.what}${tries}`,
		description: `${detail}. Check the cluster or host, port and TLS settings in the Pusher credential, and the request timeout.`,
		itemIndex: call.itemIndex,
	});
}
