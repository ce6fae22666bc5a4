import type { IDataObject } from 'n8n-workflow';

import type { RequestPolicy } from '../../transport/apiRequest';

/** The Options collection's timeout and retry settings. */
export function requestPolicy(options: IDataObject): RequestPolicy {
	return {
		timeoutMs: typeof options.timeout === 'number' ? options.timeout : 10000,
		retry: options.retry
			? { maxRetries: Number(options.maxRetries ?? 3), baseDelayMs: Number(options.retryDelay ?? 500) }
			: undefined,
	};
}
