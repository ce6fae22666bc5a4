import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { runCredential } from '../../common/httpAttempt';
import { asNodeError, fieldError } from '../../common/itemErrors';
import { BeamsInputError, type BeamsInput } from '../protocol/inputError';
import { resolveBeamsCredential, type BeamsCredential, type BeamsCredentialFields } from '../transport/credential';

/** What the node shares between operations: the credential, and field names for messages. */
export async function beamsCredential(ctx: IExecuteFunctions): Promise<BeamsCredential> {
	const fields = (await runCredential(ctx, 'pusherBeamsApi')).data as BeamsCredentialFields;
	try {
		return resolveBeamsCredential(fields);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: 'Correct the Pusher Beams API credential' });
	}
}

/** The field of the node each protocol input comes from, as the editor shows it. */
const FIELD: Record<BeamsInput, string> = {
	interests: 'Interests',
	users: 'User IDs',
	userId: 'User ID',
	content: 'Content',
	payload: 'Payload',
	webhookUrl: 'Webhook URL',
};

/** Runs `check`; a BeamsInputError becomes an error on the field it is about. */
export function onField<T>(ctx: IExecuteFunctions, itemIndex: number, check: () => T): T {
	try {
		return check();
	} catch (error) {
		throw error instanceof BeamsInputError
			? fieldError(ctx, itemIndex, FIELD[error.input], error.message, error.fix)
			: asNodeError(ctx, error as Error, itemIndex);
	}
}
