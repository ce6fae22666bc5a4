import { NodeApiError, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { httpAttempt } from '../../common/httpAttempt';
import { networkDetail, withRetries, type Failure, type RequestPolicy } from '../../common/retry';
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
	const request = { method: call.method, url: call.path, body: call.body, timeout: policy.timeoutMs };
	const { result, attempts } = await withRetries(async () => await httpAttempt(this, 'pusherBeamsApi', request, call.itemIndex), policy);
	if (result.kind === 'ok') return result.value;
	throw toError.call(this, result, call, attempts);
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
