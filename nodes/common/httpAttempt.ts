import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { isNetworkError, type Attempt } from './retry';

/**
 * A node's credential, read once per run of the node: n8n's
 * httpRequestWithAuthentication otherwise reads (decrypts and resolves) it
 * again for every request, which cost a quarter of the node's time in a real
 * n8n (bench/notes.md). It is still applied by the credential's own
 * `authenticate`, for every request.
 */
const readOnce = new WeakMap<IExecuteFunctions, Map<string, Promise<ICredentialsDecrypted>>>();

export async function runCredential(ctx: IExecuteFunctions, credentialType: string): Promise<ICredentialsDecrypted> {
	let byType = readOnce.get(ctx);
	if (!byType) readOnce.set(ctx, (byType = new Map()));
	let credential = byType.get(credentialType);
	if (!credential) {
		const reference = ctx.getNode().credentials?.[credentialType];
		credential = ctx.getCredentials<ICredentialDataDecryptedObject>(credentialType).then((data) => ({
			id: reference?.id ?? credentialType,
			name: reference?.name ?? credentialType,
			type: credentialType,
			data,
		}));
		byType.set(credentialType, credential);
	}
	return await credential;
}

/**
 * One HTTP request through a node's credential, as an Attempt for
 * `withRetries`: the JSON body of a 2xx answer ({} when there is none), the
 * status and body of any other answer, or no answer at all. `statusOf` reads
 * the real status where a server hides it in the body (Soketi).
 */
export async function httpAttempt(
	ctx: IExecuteFunctions,
	credentialType: string,
	request: IHttpRequestOptions,
	itemIndex: number | undefined,
	statusOf: (httpStatus: number, body: unknown) => number = (httpStatus) => httpStatus,
): Promise<Attempt<IDataObject>> {
	try {
		const credentialsDecrypted = await runCredential(ctx, credentialType);
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			credentialType,
			{ ...request, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true },
			{ credentialsDecrypted },
		)) as { statusCode: number; body: unknown };
		const status = statusOf(response.statusCode, response.body);
		if (status >= 200 && status < 300) {
			const { body } = response;
			return { kind: 'ok', value: body && typeof body === 'object' ? (body as IDataObject) : {} };
		}
		return { kind: 'status', status, body: response.body };
	} catch (error) {
		// A request that never got an answer; anything else (a credential that
		// cannot sign, say) is not worth retrying and already says what is wrong.
		// Of a foreign error only the message is kept: an HTTP client's error can
		// hold the request, and so the credential.
		if (isNetworkError(error)) return { kind: 'network', error: error as Error };
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
}
