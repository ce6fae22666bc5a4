import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../common/router';
import { authenticateUser } from './authorization/authenticateUser';
import { authorizeChannel } from './authorization/authorizeChannel';
import { get } from './channel/get';
import { getAll } from './channel/getAll';
import { getUsers } from './channel/getUsers';
import { request } from './custom/request';
import { trigger } from './event/trigger';
import { triggerBatch } from './event/triggerBatch';
import { NOT_FOR_AGENTS, resourceName, TOOL_RESOURCES } from './properties';
import { runCommand } from './sauna/runCommand';
import { sendEvent } from './user/sendEvent';
import { terminateConnections } from './user/terminateConnections';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, {
		operations: {
			event: { trigger, triggerBatch },
			channel: { get, getAll, getUsers },
			user: { sendEvent, terminateConnections },
			authorization: { authorizeChannel, authenticateUser },
			sauna: { runCommand },
			custom: { request },
		},
		notForAgents: NOT_FOR_AGENTS,
		agentAdvice: `The Pusher Tool offers ${TOOL_RESOURCES.map(resourceName).join(', ')}. Use the Pusher node in a workflow for the others.`,
	});
}
