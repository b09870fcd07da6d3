/**
 * The Luzmo lifecycle examples, run as workflows: every node after the trigger, with n8n's own Set
 * and Split Out nodes and ours, through n8n-core's WorkflowExecute against the sandbox.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { IDataObject, INode, INodeType, INodeTypes, IRun, IVersionedNodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { builtPackage, TestCredentialsHelper } from '../harness/workflow';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { describeSyncExamples } from '../sync/examples';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const BASE: Record<string, () => INodeType | IVersionedNodeType> = {
	'n8n-nodes-base.set': () => new (require('n8n-nodes-base/dist/nodes/Set/Set.node.js').Set)(),
	'n8n-nodes-base.splitOut': () => new (require('n8n-nodes-base/dist/nodes/Transform/SplitOut/SplitOut.node.js').SplitOut)(),
};

interface Example {
	name: string;
	nodes: Array<INode & { credentials?: Record<string, { id: string; name: string }> }>;
	connections: Workflow['connectionsBySourceNode'];
}

const load = (file: string): Example => JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8'));

/** Runs the example from the node after its trigger; returns each node's output items. */
async function runExample(example: Example, sandbox: LuzmoSandbox): Promise<Record<string, IDataObject[]>> {
	const pkg = await builtPackage();
	const helper = new TestCredentialsHelper(pkg);
	const [trigger, ...nodes] = example.nodes;
	for (const node of nodes) {
		for (const reference of Object.values(node.credentials ?? {})) {
			expect(reference.name).toBe('Luzmo sandbox');
			helper.set(reference.id, 'luzmoApi', { apiKey: sandbox.apiKey, apiToken: sandbox.apiToken, region: 'custom', customHost: sandbox.url });
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
	const connections = Object.fromEntries(Object.entries(example.connections).filter(([source]) => source !== trigger.name));
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
	const runData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: workflow.getNode(first)!, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	const run = await finished;
	expect(run.data.resultData.error).toBeUndefined();
	return Object.fromEntries(Object.entries(run.data.resultData.runData).map(([name, tasks]) => [name, (tasks[0].data?.main?.[0] ?? []).map((item) => item.json)]));
}

describe('Luzmo example workflows', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('offboarding: deletes each leaver found by email; a second run finds them gone and succeeds', async () => {
		const example = load('luzmo-offboarding.json');
		const ada = sandbox.seedUser({ email: 'ada.lovelace@example.com' });
		const first = await runExample(example, sandbox);
		const second = await runExample(example, sandbox);

		expect(first['Delete Luzmo User']).toEqual([
			{ deleted: true, alreadyAbsent: false, id: ada.id, email: 'ada.lovelace@example.com' },
			{ deleted: true, alreadyAbsent: true, email: 'alan.turing@example.com' },
		]);
		expect(second['Delete Luzmo User'].map((json) => json.alreadyAbsent)).toEqual([true, true]);
		expect(sandbox.actions('user', 'delete')).toHaveLength(1);
	});

	it('add to groups: creates (or finds) each hire and adds them to the group of their row; a second run changes nothing', async () => {
		const example = load('luzmo-add-to-groups.json');
		const hires = JSON.parse(example.nodes.find((node) => node.name === 'New Hires')!.parameters.jsonOutput as string).hires as IDataObject[];
		// The example's group ID, as a group of the sandbox tenant.
		const group = sandbox.groups.seed('Designers');
		group.id = String(hires[0].groupId);
		const grace = sandbox.seedUser({ email: 'grace.hopper@example.com' });
		const first = await runExample(example, sandbox);
		const second = await runExample(example, sandbox);

		expect(first['Create Luzmo User'].map((json) => json.provisioningStatus)).toEqual(['created', 'existing']);
		expect(first['Add To Their Group'].map((json) => [json.email, json.alreadyMember])).toEqual([
			['ada.lovelace@example.com', false],
			['grace.hopper@example.com', false],
		]);
		expect(second['Add To Their Group'].map((json) => json.alreadyMember)).toEqual([true, true]);
		expect(sandbox.groups.memberIds(group.id)).toEqual([first['Create Luzmo User'][0].id, grace.id]);
		expect(sandbox.actions('group', 'associate')).toHaveLength(2);
	});
});

describeSyncExamples('Luzmo');
