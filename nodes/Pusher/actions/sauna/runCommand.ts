import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { planTrigger } from '../../protocol/eventRequests';
import { apiRequest } from '../../transport/apiRequest';
import { credentialSettings } from '../common/credentialSettings';
import { jsonParameter } from '../../../common/parameters';
import { readSaunaCommand } from './command';

/**
 * Sauna → Run Command: each item's command is checked and, when valid and
 * not expired, sent once: Sauna's responders never retry. Every item ends as
 * one output item with the command id and its outcome.
 */
export async function runCommand(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { encryptionMasterKey } = await credentialSettings(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		output.push({ json: await run(this, itemIndex, encryptionMasterKey), pairedItem: { item: itemIndex } });
	}
	return output;
}

async function run(ctx: IExecuteFunctions, itemIndex: number, encryptionMasterKey: string | undefined): Promise<IDataObject> {
	let parsed;
	try {
		parsed = readSaunaCommand(jsonParameter(ctx, 'command', itemIndex, 'Command'));
	} catch (error) {
		return { commandId: null, status: 'invalid', reason: (error as Error).message };
	}
	if (parsed.status !== 'ready') return { commandId: parsed.commandId, status: parsed.status, reason: parsed.reason };

	const { commandId, command } = parsed;
	let requests;
	try {
		requests = planTrigger({ channels: command.channels, name: command.event, data: command.data, socketId: command.socketId }, encryptionMasterKey);
	} catch (error) {
		return { commandId, status: 'invalid', reason: (error as Error).message };
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let delivered = 0;
	for (const request of requests) {
		try {
			await apiRequest.call(
				ctx,
				{ method: 'POST', path: '/events', body: request.body as unknown as IDataObject, what: `run Sauna command ${commandId ?? ''}`.trim(), itemIndex },
				{ timeoutMs: typeof options.timeout === 'number' ? options.timeout : 10000 },
			);
			delivered += request.channels.length;
		} catch (error) {
			const httpStatus = Number((error as { httpCode?: string }).httpCode) || null;
			const { message, description } = error as { message: string; description?: string };
			return { commandId, status: 'failed', httpStatus, reason: description ? `${message}: ${description}` : message, deliveredToChannels: delivered };
		}
	}
	return { commandId, status: 'sent', channels: command.channels, event: command.event };
}
