import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Operation } from '../../common/router';
import { authenticateUser } from './authorization/authenticateUser';
import { authorizeChannel } from './authorization/authorizeChannel';
import { get } from './channel/get';
import { getAll } from './channel/getAll';
import { getUsers } from './channel/getUsers';
import { request } from './custom/request';
import { trigger } from './event/trigger';
import { triggerBatch } from './event/triggerBatch';
import { runCommand } from './sauna/runCommand';
import { sendEvent } from './user/sendEvent';
import { terminateConnections } from './user/terminateConnections';

const OPERATIONS: Record<string, Record<string, Operation>> = {
	event: { trigger, triggerBatch },
	channel: { get, getAll, getUsers },
	user: { sendEvent, terminateConnections },
	authorization: { authorizeChannel, authenticateUser },
	sauna: { runCommand },
	custom: { request },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, OPERATIONS);
}
