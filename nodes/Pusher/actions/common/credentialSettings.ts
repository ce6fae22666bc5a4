import type { IExecuteFunctions } from 'n8n-workflow';

import { runCredential } from '../../../common/httpAttempt';
import { resolveConnection, type PusherCredentialFields } from '../../transport/connection';

/** The credential as the nodes need it outside of signed requests (keys for auth, the master key). */
export async function credentialSettings(ctx: IExecuteFunctions) {
	const { data } = await runCredential(ctx, 'pusherApi');
	const fields = data as PusherCredentialFields;
	return resolveConnection(fields);
}
