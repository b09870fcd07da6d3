import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// n8n-core reads its instance settings from the user folder: keep them out of $HOME.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-user-provisioning-test-'));

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import type { LoadedPackage } from './package';
import { loadPackage } from './package';

let loaded: Promise<LoadedPackage> | undefined;

/** The built package, loaded once per test file. */
export async function builtPackage(): Promise<LoadedPackage> {
	loaded ??= loadPackage();
	return await loaded;
}

export interface NodeRun {
	/** The error output's items (main output 1) under On Error: "Continue (using error output)". */
	errorItems?: INodeExecutionData[];
	/** The node's output items (main output 0), or undefined when the node failed. */
	items: INodeExecutionData[] | undefined;
	/** The error the node failed with, as n8n recorded it. */
	error: (Error & { description?: string; context?: IDataObject; httpCode?: string }) | undefined;
	run: IRun;
}

export interface RunNodeOptions {
	/** Node name without the package prefix, e.g. `garmat`. */
	node: string;
	parameters: INodeParameters;
	items: IDataObject[];
	credentials: { id: string; type: string; data?: ICredentialDataDecryptedObject };
	continueOnFail?: boolean;
	/** On Error, when not Stop Workflow; `continueOnFail` is "Continue (regular output)". */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	/** Reuse a helper across runs: its store keeps tokens between executions, as n8n's database does. */
	helper?: TestCredentialsHelper;
	/**
	 * The node types the workflow may use, when not only our built package: e.g. `withBaseNodes()`
	 * to run n8n's own HTTP Request node. Defaults to the built package.
	 */
	pkg?: LoadedPackage;
	/** A node type by full name and version (e.g. `n8n-nodes-base.httpRequest`, 4.2) instead of `node`. */
	nodeType?: { name: string; version: number };
}

let executionCounter = 0;

/**
 * Runs a one-node workflow with n8n-core's WorkflowExecute: the items are the node's input, as if
 * a trigger had produced them; expressions such as `{{ $json.email }}` resolve against them.
 */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	const pkg = options.pkg ?? (await builtPackage());
	const helper = options.helper ?? new TestCredentialsHelper(pkg);
	if (options.credentials.data) helper.set(options.credentials.id, options.credentials.type, options.credentials.data);

	const node: INode = {
		id: 'node-under-test',
		name: 'Create User',
		type: options.nodeType?.name ?? pkg.typeName(options.node),
		typeVersion: options.nodeType?.version ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [options.credentials.type]: { id: options.credentials.id, name: 'Sandbox' } },
		...(options.onError ? { onError: options.onError } : options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const run = await executeWorkflow({ id: 'test-workflow', name: 'Test', nodes: [node], connections: {}, nodeTypes: pkg.nodeTypes, active: false, settings: {} }, helper, options.items);
	const taskData = run.data.resultData.runData[node.name]?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? undefined,
		errorItems: taskData?.data?.main?.[1] ?? undefined,
		error: (taskData?.error ?? run.data.resultData.error) as NodeRun['error'],
		run,
	};
}

/**
 * Runs a workflow with n8n-core's WorkflowExecute, its first node fed the items as a trigger would,
 * with the additional data (credentials helper, hooks, instance URLs) n8n gives an execution.
 */
export async function executeWorkflow(parameters: ConstructorParameters<typeof Workflow>[0] & { id: string; name: string }, helper: TestCredentialsHelper, items: IDataObject[]): Promise<IRun> {
	const workflow = new Workflow(parameters);
	const { id, name, nodes, connections } = parameters;
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id,
		name,
		nodes,
		connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let resolveRun!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

	const additionalData = {
		credentialsHelper: helper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('not available in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('not available in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [items.map((json) => ({ json }))] }, source: null }],
		},
	});

	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await execute.processRunExecutionData(workflow);
	return await finished;
}

export { TestCredentialsHelper };
