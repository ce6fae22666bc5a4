/**
 * Real n8n workflow executions in-process, with n8n's own engine (n8n-core's
 * `WorkflowExecute`, n8n-workflow's `Workflow`), real node-type loading and
 * real credential handling. No IExecuteFunctions is mocked: nodes run in the
 * execution contexts n8n gives them.
 *
 *   const nodeTypes = await new NodeTypeRegistry().addPackage(REPO_ROOT); // after `npm run build`
 *   const { items } = await runNode({
 *     nodeTypes,
 *     node: { type: 'n8n-nodes-pusher-channels.pusher', parameters: { … } },
 *     credentials: { pusherApi: { appId: soketi.appId, … } },
 *     inputItems: [{ channel: 'a' }, { channel: 'b' }],
 *   });
 *
 * Parts (in ./n8n/): runtime.ts (the DI setup), nodeTypes.ts (INodeTypes /
 * ICredentialTypes, n8n's PackageDirectoryLoader), credentialsHelper.ts
 * (ICredentialsHelper), additionalData.ts, testNodes.ts ("Test Items"),
 * workflow.ts (runWorkflow / runNode), webhook.ts (trigger webhooks).
 */
import path from 'node:path';

export { ensureN8nRuntime } from './n8n/runtime';
export { CredentialTypeRegistry, NodeTypeRegistry } from './n8n/nodeTypes';
export { TestCredentialsHelper } from './n8n/credentialsHelper';
export { buildAdditionalData } from './n8n/additionalData';
export { TEST_ITEMS_NODE_TYPE, TestItems } from './n8n/testNodes';
export {
	INPUT_NODE_NAME,
	prepareWorkflow,
	runNode,
	runWorkflow,
	type NodeInput,
	type NodeRunResult,
	type RunNodeOptions,
	type RunWorkflowOptions,
	type WorkflowInput,
	type WorkflowRunResult,
} from './n8n/workflow';
export {
	runWebhook,
	startWebhookServer,
	type RunWebhookOptions,
	type WebhookCall,
	type WebhookServer,
	type WebhookServerOptions,
} from './n8n/webhook';

/** This repository; `addPackage(REPO_ROOT)` loads its built nodes and credentials (dist/). */
export const REPO_ROOT = path.resolve(__dirname, '../..');
