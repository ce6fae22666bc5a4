import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { isNetworkError, networkDetail, withRetries, type Attempt, type Failure, type RequestPolicy } from '../../common/retry';
import type { BeamsRequest } from '../protocol/requests';
import { beamsError } from './beamsError';

/**
 * One call to Beams through the `pusherBeamsApi` credential (which adds the
 * bearer token and the instance's address), retried as the policy says (see
 * common/retry.ts). Answers the parsed JSON body ({} when there is none).
 */
export interface BeamsCall extends BeamsRequest {
	/** For messages: `publish to 3 interests`. */
	what: string;
	itemIndex?: number;
}

export async function beamsRequest(this: IExecuteFunctions, call: BeamsCall, policy: RequestPolicy = {}): Promise<IDataObject> {
	const { result, attempts } = await withRetries(async () => await send.call(this, call, policy), policy);
	if (result.kind === 'ok') return result.value;
	throw toError.call(this, result, call, attempts);
}

async function send(this: IExecuteFunctions, call: BeamsCall, policy: RequestPolicy): Promise<Attempt<IDataObject>> {
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'pusherBeamsApi', {
			method: call.method,
			url: call.path,
			body: call.body,
			json: true,
			timeout: policy.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
		const { statusCode, body } = response;
		if (statusCode >= 200 && statusCode < 300) {
			return { kind: 'ok', value: body && typeof body === 'object' ? (body as IDataObject) : {} };
		}
		return { kind: 'status', status: statusCode, body };
	} catch (error) {
		if (isNetworkError(error)) return { kind: 'network', error: error as Error };
		// Only the message of a foreign error: an HTTP client's error can hold the request, and so the key.
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: call.itemIndex });
	}
}

function toError(this: IExecuteFunctions, failure: Failure, call: BeamsCall, attempts: number) {
	const what = call.what + (attempts > 1 ? ` after ${attempts} attempts` : '');
	if (failure.kind === 'status') return beamsError(this.getNode(), failure.status, failure.body, { what, itemIndex: call.itemIndex });
	const detail = networkDetail(failure.error);
	return new NodeApiError(this.getNode(), { message: detail } as JsonObject, {
		message: `Could not reach Beams to ${what}`,
		description: `${detail}. Check the network, the credential's Endpoint (empty for Pusher Beams) and the request timeout in the node options.`,
		itemIndex: call.itemIndex,
	});
}
