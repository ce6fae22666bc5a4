import type { NodeOperationError } from 'n8n-workflow';

import { fieldError } from '../../../common/itemErrors';
import type { EventError } from '../../protocol/eventRequests';

type Field = EventError['field'];

/** How to fix each kind of event problem, in the words of the node's fields. */
export const EVENT_FIXES: Record<Field, string> = {
	channels:
		'Give channel names of A-Z a-z 0-9 _ - = @ , . ; (at most 164 characters each), separated by spaces or new lines, or an expression that returns an array',
	channel: 'Give one channel name of A-Z a-z 0-9 _ - = @ , . ; (at most 164 characters), usually from an expression over the item',
	name: 'Give an event name of at most 200 characters that does not start with pusher:',
	data: 'Make Data a JSON value: an object, array, string, number, boolean or null',
	dataSize:
		'Send less data, or raise Options → Max Data Size when your cluster or server accepts more (dedicated clusters and self-hosted servers can)',
	socketId: 'Give the socket ID of the connection to leave out (pusher.connection.socket_id in pusher-js), or leave Exclude Socket ID empty',
	encryption: 'Add the Encryption Master Key the app encrypts with to the Pusher credential, or send to channels that are not private-encrypted-',
};

/**
 * The item error for an event that failed its checks, named after the node's
 * field. `labels` gives each kind its field's name in this operation;
 * `fixes` may say it differently where a field means something else there.
 */
export function eventFieldError(
	ctx: Parameters<typeof fieldError>[0],
	itemIndex: number,
	error: EventError,
	labels: Partial<Record<Field, string>>,
	fixes: Partial<Record<Field, string>> = {},
): NodeOperationError {
	return fieldError(ctx, itemIndex, labels[error.field] ?? error.field, error.message, fixes[error.field] ?? EVENT_FIXES[error.field]);
}
