import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { nameListValue, parseNameList } from '../../../common/nameList';
import { requestPolicy } from '../../../common/requestOptions';
import { validateThenSend } from '../../../common/validateThenSend';
import { interestsPublish, type WebhookLevel } from '../../protocol/requests';
import { beamsRequest } from '../../transport/beamsRequest';
import { beamsCredential, onField } from '../common';
import { readPayloads } from './content';

/** Notification → Publish to Interests: one publish per item, to 1 to 100 interests. */
export async function publishToInterests(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { instanceId } = await beamsCredential(this);
	return await validateThenSend(this, items, {
		parallel: Number((this.getNodeParameter('options', 0, {}) as IDataObject).parallelRequests ?? 1),
		plan: (itemIndex) =>
			onField(this, itemIndex, () => {
				const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
				const webhookUrl = typeof options.webhookUrl === 'string' && options.webhookUrl.trim() ? options.webhookUrl.trim() : undefined;
				const interests = parseNameList(nameListValue(this.getNode(), 'interests', this.getNodeParameter('interests', itemIndex, '')));
				const payloads = readPayloads(this, itemIndex);
				return interestsPublish(instanceId, interests, payloads, {
					url: webhookUrl,
					level: webhookUrl && options.webhookLevel === 'DEBUG' ? (options.webhookLevel as WebhookLevel) : undefined,
				});
			}),
		send: async (publish, itemIndex) => {
			const policy = requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
			const count = publish.interests.length;
			const answer = await beamsRequest.call(this, { ...publish, what: `publish to ${count} interest${count === 1 ? '' : 's'}`, itemIndex }, policy);
			return { publishId: answer.publishId ?? null, interests: publish.interests };
		},
	});
}
