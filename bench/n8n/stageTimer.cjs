'use strict';
/**
 * Preloaded into n8n (NODE_OPTIONS=--require <this file>) by the webhook
 * benchmark's profiling pass only: it wraps the steps of n8n 2.41's webhook
 * pipeline and of its expression isolates, and records when each call started
 * and how long it took (until its promise settled, for async ones). On SIGUSR2
 * it writes what it recorded to BENCH_STAGE_FILE as
 * [{ stage, start, ms }, …] (start: ms on this process's performance clock)
 * and starts over. It changes no behaviour.
 */
const Module = require('node:module');
const { writeFileSync } = require('node:fs');

/** [file suffix, exported class (or null: plain exported functions), methods] */
const TARGETS = [
	// makes the express handler of /webhook/*: the handler it returns is timed (the whole request)
	['/n8n/dist/webhooks/webhook-request-handler.js', null, ['createWebhookHandlerFor'], 'factory'],
	['/n8n/dist/webhooks/live-webhooks.js', 'LiveWebhooks', ['executeWebhook', 'findWebhook', 'loadWebhookExecutionData']],
	['/n8n/dist/webhooks/webhook-helpers.js', null, ['executeWebhook']],
	['/n8n/dist/webhooks/webhook.service.js', 'WebhookService', ['runWebhook', 'getNodeWebhooks']],
	['/n8n/dist/workflow-execute-additional-data.js', null, ['getBase']],
	['/n8n/dist/credentials-helper.js', 'CredentialsHelper', ['getDecrypted']],
	['/n8n/dist/workflows/workflow-static-data.service.js', 'WorkflowStaticDataService', ['saveStaticData']],
	['/n8n-workflow/dist/cjs/expression.js', 'Expression', ['acquireIsolate', 'releaseIsolate', 'getSimpleParameterValue']],
	['/@n8n/expression-runtime/dist/cjs/bridge/isolated-vm-bridge.js', 'IsolatedVmBridge', ['initialize', 'initializeSync', 'dispose']],
];

let spans = [];

function timed(stage, original) {
	return function (...args) {
		const start = performance.now();
		const done = () => spans.push({ stage, start, ms: performance.now() - start });
		let result;
		try {
			result = original.apply(this, args);
		} catch (error) {
			done();
			throw error;
		}
		if (result && typeof result.then === 'function') {
			result.then(done, done);
		} else {
			done();
		}
		return result;
	};
}

function wrap(exports, [, className, methods, kind]) {
	const holder = className ? exports[className]?.prototype : exports;
	if (!holder) return;
	for (const method of methods) {
		const original = holder[method];
		if (typeof original !== 'function') continue;
		holder[method] =
			kind === 'factory'
				? function (...args) {
						return timed('webhook request (whole)', original.apply(this, args));
					}
				: timed(`${className ?? 'exports'}.${method}`, original);
	}
}

const loadJs = Module._extensions['.js'];
Module._extensions['.js'] = function (module, filename) {
	loadJs(module, filename);
	const target = TARGETS.find(([suffix]) => filename.endsWith(suffix));
	if (target) wrap(module.exports, target);
};

process.on('SIGUSR2', () => {
	const file = process.env.BENCH_STAGE_FILE;
	if (file) writeFileSync(file, JSON.stringify(spans));
	spans = [];
});
