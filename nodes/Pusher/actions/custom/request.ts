import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { apiRequest } from '../../transport/apiRequest';
import { jsonParameter } from '../../../common/parameters';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { requestPolicy } from '../../../common/requestOptions';

/** Signed values go in the query string unescaped (as Pusher's SDKs send them), so only these characters are allowed. */
const QUERY_SAFE = /^[A-Za-z0-9_\-=@,.;:~]*$/;

/** Custom API Call: a signed GET or POST to any path under the app. */
export async function request(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const method = this.getNodeParameter('method', itemIndex, 'GET') as 'GET' | 'POST';
		const path = String(this.getNodeParameter('path', itemIndex, '')).trim();
		if (!/^\/[A-Za-z0-9_\-=@,.;%/]*$/.test(path) || path.includes('..')) {
			throw fieldError(this, itemIndex, 'Path', `${JSON.stringify(path)} must start with / and hold only a path (no query string)`);
		}
		const qs: IDataObject = {};
		for (const { name, value } of this.getNodeParameter('query.parameter', itemIndex, []) as Array<{ name: string; value: string }>) {
			if (!/^[a-z0-9_]+$/i.test(name) || !QUERY_SAFE.test(String(value))) {
				throw fieldError(this, itemIndex, 'Query Parameters', `${name}=${String(value)} may hold only letters, digits and _ - = @ , . ; : ~`);
			}
			qs[name] = value;
		}
		const body = method === 'POST' ? (jsonParameter(this, 'body', itemIndex, 'Body') as IDataObject) : undefined;
		return await apiRequest.call(
			this,
			{ method, path, qs, body, what: `${method} ${path}`, itemIndex },
			requestPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject),
		);
	});
}
