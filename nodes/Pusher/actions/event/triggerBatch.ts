import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { EventError, planBatchEvent, type BatchEventBody } from '../../protocol/eventRequests';
import { LIMITS } from '../../protocol/limits';
import { apiRequest } from '../../transport/apiRequest';
import { credentialSettings } from '../common/credentialSettings';
import { asNodeError, errorItem } from '../../../common/itemErrors';
import { runPool } from '../../../common/pool';
import { SendLedger } from '../../../common/sendLedger';
import { requestPolicy } from '../../../common/requestOptions';
import { EVENT_FIXES, eventFieldError } from './eventErrors';
import { readEvent } from './readEvent';

const LABELS: Record<EventError['field'], string> = {
	channel: 'Channel',
	channels: 'Channel',
	name: 'Event Name',
	data: 'Data',
	dataSize: 'Data',
	socketId: 'Exclude Socket ID',
	encryption: 'Channel',
};

/**
 * Event → Trigger Batch: one event per item, sent as batch_events requests of
 * up to Batch Size events, so 10,000 items make 1,000 requests. All items are
 * checked first; each output item says what happened to its own event.
 */
export async function triggerBatch(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { encryptionMasterKey } = await credentialSettings(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = Number(options.batchSize ?? LIMITS.eventsPerBatch);
	const limits = { maxDataBytes: options.maxDataBytes as number | undefined };

	const output: INodeExecutionData[] = [];
	const ready: Array<{ itemIndex: number; body: BatchEventBody }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const event = readEvent(this, itemIndex, 'channel');
			ready.push({ itemIndex, body: planBatchEvent(event, encryptionMasterKey, limits) });
			output.push({ json: {}, pairedItem: { item: itemIndex } });
		} catch (error) {
			const problem =
				error instanceof EventError
					? eventFieldError(this, itemIndex, error, LABELS, { channels: EVENT_FIXES.channel })
					: asNodeError(this, error as Error, itemIndex);
			if (!this.continueOnFail()) throw problem;
			output.push(errorItem(problem, itemIndex));
		}
	}

	const batches: Array<typeof ready> = [];
	for (let start = 0; start < ready.length; start += batchSize) batches.push(ready.slice(start, start + batchSize));

	const policy = requestPolicy(options);
	const ledger = new SendLedger(ready.map(({ itemIndex }) => itemIndex), this.continueOnFail());
	await runPool(
		batches.length,
		Number(options.parallelRequests ?? 1),
		async (batchIndex) => {
			const batch = batches[batchIndex];
			const itemIndexes = batch.map(({ itemIndex }) => itemIndex);
			const range = `items ${itemIndexes[0]}-${itemIndexes[itemIndexes.length - 1]}`;
			try {
				const answer = await apiRequest.call(
					this,
					{
						method: 'POST',
						path: '/batch_events',
						body: { batch: batch.map(({ body }) => body) } as unknown as IDataObject,
						what: `trigger the batch of ${range}`,
						itemIndex: itemIndexes[0],
					},
					policy,
				);
				const infos = Array.isArray(answer.batch) ? (answer.batch as IDataObject[]) : [];
				batch.forEach(({ itemIndex, body }, position) => {
					const info = infos[position];
					output[itemIndex].json = {
						channel: body.channel,
						event: body.name,
						sent: true,
						request: batchIndex + 1,
						...(info && Object.keys(info).length ? { channelInfo: info } : {}),
					};
				});
				ledger.sent(itemIndexes);
			} catch (error) {
				ledger.failed(itemIndexes, error as Error);
				for (const itemIndex of itemIndexes) output[itemIndex] = errorItem(error as Error, itemIndex);
			}
		},
		() => ledger.stopped,
	);
	const failure = ledger.failure();
	if (failure) throw asNodeError(this, failure.error, failure.itemIndex);
	return output;
}
