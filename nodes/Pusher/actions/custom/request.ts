import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { validateQueryParameterName } from '../../protocol/validation';
import { apiRequest } from '../../transport/apiRequest';
import { jsonParameter } from '../../../common/parameters';
import { fieldError } from '../../../common/itemErrors';
import { perItem } from '../../../common/perItem';
import { requestPolicy } from '../../../common/requestOptions';

/** Signed values go in the query string unescaped (as Pusher's SDKs send them), so only these characters are allowed. */
const QUERY_SAFE = /^[A-Za-z0-9_\-=@,.;:~]*$/;

/** API Request → Send Signed Request: a signed GET or POST to any path under the app. */
export async function request(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const method = this.getNodeParameter('method', itemIndex, 'GET') as 'GET' | 'POST';
		const path = String(this.getNodeParameter('path', itemIndex, '')).trim();
		if (!/^\/[A-Za-z0-9_\-=@,.;%/]*$/.test(path) || path.includes('..')) {
			throw fieldError(
				this,
				itemIndex,
				'Path',
				`Path ${JSON.stringify(path)} is not a path under the app: it must start with / and hold no query string or ..`,
				'Give the part after /apps/{app ID}, such as /channels, and put query parameters under Query Parameters',
			);
		}
		const qs: IDataObject = {};
		for (const { name, value } of this.getNodeParameter('query.parameter', itemIndex, []) as Array<{ name: string; value: string }>) {
			const caseProblem = validateQueryParameterName(name);
			if (caseProblem) throw fieldError(this, itemIndex, 'Query Parameters', caseProblem, 'Write the parameter name in lower case, as Pusher signs it');
			if (!/^[a-z0-9_]+$/.test(name) || !QUERY_SAFE.test(String(value))) {
				throw fieldError(
					this,
					itemIndex,
					'Query Parameters',
					`Parameter ${name}=${String(value)} has characters that cannot be signed: names may hold only lower-case letters, digits and _, values only letters, digits and _ - = @ , . ; : ~`,
					"Remove or change the parameter: Pusher's API takes no other characters in query values",
				);
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
