/**
 * `IWorkflowExecuteAdditionalData` for one execution: the per-run context
 * n8n's server builds in `WorkflowExecuteAdditionalData.getBase()` and passes
 * to `WorkflowExecute` and the node execution contexts. Here it carries the
 * test credentials helper and real `ExecutionLifecycleHooks`; the server-only
 * parts (sub-workflows, task runners for the Code node, AI agents) answer that
 * they are not available.
 */
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowBase, IWorkflowExecuteAdditionalData, WorkflowExecuteMode } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	workflowData: IWorkflowBase;
	mode: WorkflowExecuteMode;
	executionId: string;
	/** Base of the URLs n8n would serve (webhooks, forms, REST); default an unused loopback address. */
	instanceBaseUrl?: string;
}

const unavailable = (what: string) => async () => {
	throw new UserError(`${what} is not available in the test bed`);
};

export function buildAdditionalData(opts: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const base = (opts.instanceBaseUrl ?? 'http://127.0.0.1:5678').replace(/\/$/, '');
	const hooks = new ExecutionLifecycleHooks(opts.mode, opts.executionId, opts.workflowData);
	const additionalData: IWorkflowExecuteAdditionalData = {
		hooks,
		credentialsHelper: opts.credentialsHelper,
		// no secrets manager: `$secrets` lists no providers
		externalSecretsProxy: new ExternalSecretsProxy(),
		executionId: opts.executionId,
		workflowId: opts.workflowData.id,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		executeWorkflow: unavailable('Executing sub-workflows'),
		startRunnerTask: unavailable('The task runner (Code node)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
	return additionalData;
}
