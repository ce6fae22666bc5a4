import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RequestPolicy } from './retry';

/**
 * The request options every node that calls an API offers in its Options
 * collection (timeout and retries), and how they are read.
 */
const DEFAULT_TIMEOUT_MS = 10_000;

export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Retry on Failure',
		name: 'retry',
		type: 'boolean',
		default: false,
		description:
			'Whether to retry a request that got a 429, a 5xx or no answer, waiting longer each time. Off by default: a retried request that had in fact arrived delivers its events twice.',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 3,
		displayOptions: { show: { retry: [true] } },
	},
	{
		displayName: 'First Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 500,
		description: 'Doubled for each further retry',
		displayOptions: { show: { retry: [true] } },
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_TIMEOUT_MS,
		description: 'How long to wait for the server to answer one request',
	},
];

/** The Options collection's timeout and retry settings. */
export function requestPolicy(options: IDataObject): RequestPolicy {
	return {
		timeoutMs: typeof options.timeout === 'number' ? options.timeout : DEFAULT_TIMEOUT_MS,
		retry: options.retry
			? { maxRetries: Number(options.maxRetries ?? 3), baseDelayMs: Number(options.retryDelay ?? 500) }
			: undefined,
	};
}
