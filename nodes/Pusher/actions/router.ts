import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { errorForAgent, runsAsTool } from '../../common/asTool';
import { fieldError } from '../../common/itemErrors';
import { authenticateUser } from './authorization/authenticateUser';
import { authorizeChannel } from './authorization/authorizeChannel';
import { get } from './channel/get';
import { getAll } from './channel/getAll';
import { getUsers } from './channel/getUsers';
import { request } from './custom/request';
import { trigger } from './event/trigger';
import { triggerBatch } from './event/triggerBatch';
import { resourceName, TOOL_RESOURCES } from './properties';
import { runCommand } from './sauna/runCommand';
import { sendEvent } from './user/sendEvent';
import { terminateConnections } from './user/terminateConnections';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Record<string, Operation>> = {
	event: { trigger, triggerBatch },
	channel: { get, getAll, getUsers },
	user: { sendEvent, terminateConnections },
	authorization: { authorizeChannel, authenticateUser },
	sauna: { runCommand },
	custom: { request },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const asTool = runsAsTool(this.getNode());
	try {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = OPERATIONS[resource]?.[operation];
		if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
		// The editor does not offer these in the tool variant; a workflow written by hand could still ask.
		if (asTool && !TOOL_RESOURCES.includes(resource)) {
			throw fieldError(
				this,
				undefined,
				'Resource',
				`${resourceName(resource)} is not available to AI agents`,
				`The Pusher Tool offers ${TOOL_RESOURCES.map(resourceName).join(', ')}. Use the Pusher node in a workflow for the others.`,
			);
		}
		return [await run.call(this, items)];
	} catch (error) {
		throw asTool ? errorForAgent(this.getNode(), error as Error) : error;
	}
}
