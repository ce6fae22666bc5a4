import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../../../common/itemErrors';
import { nameListValue, parseNameList } from '../../../common/nameList';
import { requestPolicy } from '../../../common/requestOptions';
import { validateThenSend } from '../../../common/validateThenSend';
import { BeamsInputError } from '../../protocol/inputError';
import { usersPublishes, type UsersPublish } from '../../protocol/requests';
import { beamsRequest } from '../../transport/beamsRequest';
import { beamsCredential, onField } from '../common';
import { readPayloads } from './content';

/**
 * Notification → Publish to Users: each item's users in as many publishes as
 * the limits need (1,000 users and 10 KiB each), sent one after the other.
 * The output says which publish carried which users; a failure part-way says
 * which publishes had gone out.
 */
export async function publishToUsers(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { instanceId } = await beamsCredential(this);
	return await validateThenSend(this, items, {
		parallel: Number((this.getNodeParameter('options', 0, {}) as IDataObject).parallelRequests ?? 1),
		plan: (itemIndex) =>
			onField(this, itemIndex, () => {
				const users = readUsers(nameListValue(this.getNode(), 'users', this.getNodeParameter('users', itemIndex, '')));
				return usersPublishes(instanceId, users, readPayloads(this, itemIndex));
			}),
		send: async (publishes, itemIndex) => {
			const policy = requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
			const done: Array<{ publishId: string | null; users: string[] }> = [];
			for (const [index, publish] of publishes.entries()) {
				try {
					const answer = await beamsRequest.call(this, { ...publish, what: describe(publish, index, publishes.length), itemIndex }, policy);
					done.push({ publishId: typeof answer.publishId === 'string' ? answer.publishId : null, users: publish.users });
				} catch (error) {
					const failure = asNodeError(this, error as Error, itemIndex);
					if (done.length > 0) failure.message += ` (${alreadySent(done)})`;
					throw failure;
				}
			}
			return { publishIds: done.map(({ publishId }) => publishId), publishes: done } as IDataObject;
		},
	});
}

/** User IDs: a typed list, an expression's text as one ID, or an array whose entries are taken whole (an ID may hold spaces). */
function readUsers(value: unknown): string[] {
	let problem: string;
	try {
		return parseNameList(value, { wholeArrayEntries: true });
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new BeamsInputError('users', problem);
}

function describe(publish: UsersPublish, index: number, total: number): string {
	const users = `${publish.users.length} user${publish.users.length === 1 ? '' : 's'}`;
	return total > 1 ? `publish ${index + 1} of ${total} (to ${users})` : `publish to ${users}`;
}

function alreadySent(done: Array<{ publishId: string | null; users: string[] }>): string {
	const users = done.reduce((sum, publish) => sum + publish.users.length, 0);
	return `the earlier publishes had gone out to ${users} users: ${done.map(({ publishId }) => publishId).join(', ')}`;
}
