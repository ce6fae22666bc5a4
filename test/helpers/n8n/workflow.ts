/**
 * Builds and runs n8n workflows in-process with n8n's own engine:
 * `new Workflow(…)` from n8n-workflow (which also fills in parameter
 * defaults), `WorkflowExecute.run()` from n8n-core, real node execution
 * contexts (`this.getNodeParameter`, `this.helpers.httpRequestWithAuthentication`,
 * `this.continueOnFail()`, expressions, paired items…).
 */
import { WorkflowExecute } from 'n8n-core';
import type {
	ExecutionBaseError,
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, UserError, Workflow } from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { TestCredentialsHelper } from './credentialsHelper';
import type { NodeTypeRegistry } from './nodeTypes';
import { ensureN8nRuntime } from './runtime';
import { TEST_ITEMS_NODE_TYPE, TestItems } from './testNodes';

/** A node as in workflow JSON; `id`, `typeVersion` (the type's latest) and `position` may be left out. */
export type NodeInput = Omit<INode, 'id' | 'typeVersion' | 'position' | 'parameters'> &
	Partial<Pick<INode, 'id' | 'typeVersion' | 'position' | 'parameters'>>;

export interface WorkflowInput {
	nodes: NodeInput[];
	/** n8n's connections object; default: the nodes chained in order (main output 0 -> main input 0). */
	connections?: IConnections;
	nodeTypes: NodeTypeRegistry;
	/**
	 * Credential data by credential type name (or by credential id). A node
	 * without a `credentials` field gets, for each credential type its
	 * description declares and this map holds, `{ id: <type>, name: <type> }`.
	 */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	settings?: IWorkflowSettings;
	/** Workflow static data (`this.getWorkflowStaticData`). */
	staticData?: IDataObject;
	/** Default 'testbed-workflow'. */
	workflowId?: string;
	/** Default 'manual' (the editor's "Execute workflow"). */
	mode?: WorkflowExecuteMode;
	/** Base of the URLs n8n would serve (webhook URLs shown to nodes). */
	instanceBaseUrl?: string;
}

export interface RunWorkflowOptions extends WorkflowInput {
	/**
	 * Items to feed in: a "Test Items" node named `Input` is added in front of
	 * `startNode` (default the first node) and outputs these (item `json`
	 * objects, or full items).
	 */
	inputItems?: Array<IDataObject | INodeExecutionData>;
	/** Where the execution starts; default `Input` when inputItems are given, else the first node. */
	startNode?: string;
}

export interface WorkflowRunResult {
	status: ExecutionStatus;
	/** Main output 0 of each executed node's first run. */
	data: Record<string, INodeExecutionData[]>;
	/** All main outputs of a node's run. */
	outputs(nodeName: string, runIndex?: number): INodeExecutionData[][];
	/** The error that stopped the execution, if one did. */
	error?: ExecutionBaseError;
	/** Errors per node (also those a node continued past are not here: they are items). */
	nodeErrors: Record<string, ExecutionBaseError>;
	/** Node names in the order they finished. */
	executionOrder: string[];
	run: IRun;
	workflow: Workflow;
}

export const INPUT_NODE_NAME = 'Input';

let executionCounter = 0;

function latestVersion(nodeTypes: NodeTypeRegistry, type: string): number {
	const nodeType = nodeTypes.getByName(type);
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function chain(names: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

function completeNode(input: NodeInput, index: number, opts: WorkflowInput): INode {
	const node: INode = {
		id: `node-${index}`,
		position: [index * 220, 0],
		parameters: {},
		typeVersion: latestVersion(opts.nodeTypes, input.type),
		...(structuredClone(input) as Partial<INode>),
	} as INode;
	if (node.credentials === undefined && opts.credentials) {
		const declared = NodeHelpers.getVersionedNodeType(opts.nodeTypes.getByName(node.type), node.typeVersion).description.credentials ?? [];
		const credentials: INodeCredentials = {};
		for (const { name } of declared) {
			if (name in opts.credentials) credentials[name] = { id: name, name };
		}
		if (Object.keys(credentials).length > 0) node.credentials = credentials;
	}
	return node;
}

export interface PreparedWorkflow {
	workflow: Workflow;
	workflowData: IWorkflowBase;
	credentialsHelper: TestCredentialsHelper;
}

/** The `Workflow` n8n would build from this workflow JSON, with the test bed's node types and credentials. */
export function prepareWorkflow(opts: WorkflowInput): PreparedWorkflow {
	ensureN8nRuntime();
	const { nodeTypes } = opts;
	if (!nodeTypes.nodeTypeNames().includes(TEST_ITEMS_NODE_TYPE)) nodeTypes.addNode(TEST_ITEMS_NODE_TYPE, new TestItems());

	const nodes = opts.nodes.map((node, i) => completeNode(node, i, opts));
	const names = new Set(nodes.map((node) => node.name));
	if (names.size !== nodes.length) throw new UserError('Node names must be unique');
	const connections = opts.connections ?? chain(nodes.map((node) => node.name));

	const credentialsHelper = new TestCredentialsHelper(nodeTypes.credentialTypes);
	for (const [key, data] of Object.entries(opts.credentials ?? {})) credentialsHelper.set(key, data);

	const id = opts.workflowId ?? 'testbed-workflow';
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...opts.settings };
	const workflow = new Workflow({ id, name: 'Test bed workflow', nodes, connections, active: false, nodeTypes, settings, staticData: opts.staticData });
	const workflowData: IWorkflowBase = {
		id,
		name: workflow.name ?? 'Test bed workflow',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings,
	};
	return { workflow, workflowData, credentialsHelper };
}

export function nextExecutionId(): string {
	executionCounter += 1;
	return String(executionCounter);
}

/** Collects what `WorkflowExecute` produced into a `WorkflowRunResult`. */
export function summarize(run: IRun, workflow: Workflow, executionOrder: string[]): WorkflowRunResult {
	const { runData, error } = run.data.resultData;
	const data: Record<string, INodeExecutionData[]> = {};
	const nodeErrors: Record<string, ExecutionBaseError> = {};
	for (const [name, runs] of Object.entries(runData)) {
		data[name] = runs[0]?.data?.main?.[0] ?? [];
		const failed = runs.find((task) => task.error);
		if (failed?.error) nodeErrors[name] = failed.error;
	}
	return {
		status: run.status,
		data,
		outputs: (nodeName, runIndex = 0) =>
			(runData[nodeName]?.[runIndex]?.data?.main ?? []).map((items) => items ?? []),
		error,
		nodeErrors,
		executionOrder,
		run,
		workflow,
	};
}

/** Runs a workflow to its end and returns every node's output. */
export async function runWorkflow(opts: RunWorkflowOptions): Promise<WorkflowRunResult> {
	let { nodes, connections, startNode } = opts;
	if (opts.inputItems) {
		const target = startNode ?? nodes[0]?.name;
		if (!target) throw new UserError('runWorkflow: inputItems need a node to feed');
		nodes = [{ name: INPUT_NODE_NAME, type: TEST_ITEMS_NODE_TYPE, parameters: { items: JSON.stringify(opts.inputItems) } }, ...nodes];
		connections = {
			[INPUT_NODE_NAME]: { main: [[{ node: target, type: 'main', index: 0 }]] },
			...(connections ?? chain(opts.nodes.map((node) => node.name))),
		};
		startNode = INPUT_NODE_NAME;
	}
	const mode = opts.mode ?? 'manual';
	const { workflow, workflowData, credentialsHelper } = prepareWorkflow({ ...opts, nodes, connections });
	const start = workflow.getNode(startNode ?? nodes[0].name);
	if (!start) throw new UserError(`runWorkflow: no node named ${startNode}`);

	const additionalData = buildAdditionalData({
		credentialsHelper,
		workflowData,
		mode,
		executionId: nextExecutionId(),
		instanceBaseUrl: opts.instanceBaseUrl,
	});
	const executionOrder: string[] = [];
	additionalData.hooks!.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	const run = await new WorkflowExecute(additionalData, mode).run({ workflow, startNode: start });
	return summarize(run, workflow, executionOrder);
}

export interface RunNodeOptions extends Omit<RunWorkflowOptions, 'nodes' | 'connections' | 'startNode'> {
	/** The node under test; `name` defaults to 'Node'. */
	node: Omit<NodeInput, 'name'> & { name?: string };
}

export interface NodeRunResult extends WorkflowRunResult {
	/** Main output 0 of the node under test. */
	items: INodeExecutionData[];
}

/** Runs one node, fed with `inputItems` (default one empty item). */
export async function runNode(opts: RunNodeOptions): Promise<NodeRunResult> {
	const node = { ...opts.node, name: opts.node.name ?? 'Node' } as NodeInput;
	const result = await runWorkflow({ ...opts, nodes: [node], inputItems: opts.inputItems ?? [{}] });
	return { ...result, items: result.data[node.name] ?? [] };
}
