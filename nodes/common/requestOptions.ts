import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RequestPolicy } from './retry';

/**
 * The request options every node that calls an API offers in its Options
 * collection (timeout and retries), and how they are read.
 */
const DEFAULT_TIMEOUT_MS = 10_000;

export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Resend Failed Requests',
		name: 'retry',
		type: 'boolean',
		default: false,
		description:
			'Whether to send a request again when it got a 429, a 5xx or no answer, waiting longer each time. Unlike Settings → Retry On Fail, which runs the whole node again after any error, only the failed request is resent. Off by default: a resent request that had in fact arrived delivers its events twice.',
	},
	{
		displayName: 'Max Resends',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 3,
		description: 'How many times one request may be resent',
		displayOptions: { show: { retry: [true] } },
	},
	{
		displayName: 'First Resend Delay',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 500,
		description: 'Milliseconds to wait before the first resend, doubled for each further one',
		displayOptions: { show: { retry: [true] } },
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_TIMEOUT_MS,
		description: 'Milliseconds to wait for the server to answer one request',
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
