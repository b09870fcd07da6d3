/**
 * Runs an example workflow (examples/*.json) as n8n would after its trigger: every node from the
 * one the trigger feeds, n8n's own Set, Split Out and If nodes next to ours, through n8n-core's
 * WorkflowExecute, with the trigger's item given by the test. Form pages (n8n's Form node) need a
 * live form session and are left out: the test reads which branch of the If before them each item
 * took; the real-n8n suite opens the pages themselves.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { PACKAGE_ROOT } from './package';
import { builtPackage, TestCredentialsHelper } from './workflow';

const BASE: Record<string, () => INodeType | IVersionedNodeType> = {
	'n8n-nodes-base.set': () => new (require('n8n-nodes-base/dist/nodes/Set/Set.node.js').Set)(),
	'n8n-nodes-base.splitOut': () => new (require('n8n-nodes-base/dist/nodes/Transform/SplitOut/SplitOut.node.js').SplitOut)(),
	'n8n-nodes-base.if': () => new (require('n8n-nodes-base/dist/nodes/If/If.node.js').If)(),
};

const LEFT_OUT = new Set(['n8n-nodes-base.form']);

export interface Example {
	name: string;
	nodes: Array<INode & { credentials?: Record<string, { id: string; name: string }> }>;
	connections: Workflow['connectionsBySourceNode'];
}

export const loadExample = (file: string): Example => JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples', file), 'utf8')) as Example;

/** Each node's output items by output: `outputs[name][0]` is its main output, `[1]` an If's false branch. */
export type ExampleOutputs = Record<string, IDataObject[][]>;

/**
 * Runs `example` once. `credential(type)` gives the data of every credential its nodes name (the
 * helper's store plays n8n's credentials table, so a token is kept across the runs that share it).
 */
export async function runExample(
	example: Example,
	options: { credential: (type: string) => ICredentialDataDecryptedObject; trigger?: IDataObject; helper?: TestCredentialsHelper },
): Promise<ExampleOutputs> {
	const pkg = await builtPackage();
	const helper = options.helper ?? new TestCredentialsHelper(pkg);
	const [trigger, ...rest] = example.nodes;
	const nodes = rest.filter((node) => !LEFT_OUT.has(node.type));
	for (const node of nodes) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			if (!helper.stored(reference.id)) helper.set(reference.id, type, options.credential(type));
		}
	}
	const cache = new Map<string, INodeType | IVersionedNodeType>();
	const byName = (name: string) => {
		if (!cache.has(name)) cache.set(name, BASE[name] ? BASE[name]() : pkg.nodeTypes.getByName(name));
		return cache.get(name)!;
	};
	const nodeTypes: INodeTypes = {
		getByName: byName,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(byName(name), version),
		getKnownTypes: () => ({}),
	};
	const kept = new Set(nodes.map((node) => node.name));
	const connections = Object.fromEntries(
		Object.entries(example.connections)
			.filter(([source]) => kept.has(source))
			.map(([source, outputs]) => [
				source,
				{ main: (outputs.main ?? []).map((links) => (links ?? []).filter((link) => kept.has(link.node))) },
			]),
	) as Workflow['connectionsBySourceNode'];
	const workflow = new Workflow({ id: 'example', name: example.name, nodes, connections, nodeTypes, active: false, settings: { executionOrder: 'v1' } });
	const hooks = new ExecutionLifecycleHooks('manual', 'example-1', { id: 'example', name: example.name, nodes, connections, active: false } as never);
	let done!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (done = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => done(run));
	const base = 'http://127.0.0.1:5678';
	const additionalData = {
		credentialsHelper: helper,
		hooks,
		executionId: 'example-1',
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	const first = example.connections[trigger.name].main[0]![0].node;
	// The trigger's own output, for expressions that read it, e.g. $('Offboarding Form').
	const triggerItem = { json: options.trigger ?? {} };
	const runData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: workflow.getNode(first)!, data: { main: [[triggerItem]] }, source: null }] },
	});
	await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	const run = await finished;
	if (run.data.resultData.error) throw run.data.resultData.error;
	return Object.fromEntries(
		Object.entries(run.data.resultData.runData).map(([name, tasks]) => [name, (tasks[0].data?.main ?? []).map((items) => (items ?? []).map((item) => item.json))]),
	);
}
