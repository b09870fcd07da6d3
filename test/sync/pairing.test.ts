/**
 * Sync's output pairing in a real workflow: Roster (No Op) → Sync (Garmat, Apply) → Report (n8n's
 * Set) whose fields read `$('Sync').item` and `$('Roster').item`. Each person's item is paired with
 * their roster row; a user not in the roster with the first row. Run with n8n-core's WorkflowExecute.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { IDataObject, INode, INodeType, INodeTypes, IRun, IVersionedNodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { builtPackage, TestCredentialsHelper } from '../harness/workflow';
import { GarmatSandbox } from '../sandbox/garmat';

const BASE: Record<string, () => INodeType | IVersionedNodeType> = {
	'n8n-nodes-base.set': () => new (require('n8n-nodes-base/dist/nodes/Set/Set.node.js').Set)(),
	'n8n-nodes-base.noOp': () => new (require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js').NoOp)(),
};

async function run(sandbox: GarmatSandbox, roster: IDataObject[]): Promise<IRun> {
	const pkg = await builtPackage();
	const helper = new TestCredentialsHelper(pkg);
	helper.set('garmat-sync', 'garmatApi', { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.apiKey, sessionToken: '' });
	const assignment = (name: string, value: string) => ({ id: name, name, value, type: 'string' });
	const nodes: INode[] = [
		{ id: '1', name: 'Roster', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: '2',
			name: 'Sync',
			type: pkg.typeName('garmat'),
			typeVersion: 1,
			position: [200, 0],
			parameters: { resource: 'user', operation: 'sync', mode: 'apply', notInRoster: 'deactivate', name: '={{ $json.name }}', email: '={{ $json.email }}', role: 'customer_read_only', options: { maxRemovalsPercent: 100 } },
			credentials: { garmatApi: { id: 'garmat-sync', name: 'Garmat sandbox' } },
		},
		{
			id: '3',
			name: 'Report',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [400, 0],
			parameters: {
				mode: 'manual',
				assignments: { assignments: [assignment('syncEmail', "={{ $('Sync').item.json.email }}"), assignment('action', '={{ $json.action }}'), assignment('rosterEmail', "={{ $('Roster').item.json.email }}")] },
				includeOtherFields: false,
				options: {},
			},
		},
	];
	const byName = (name: string) => (BASE[name] ? BASE[name]() : pkg.nodeTypes.getByName(name));
	const nodeTypes: INodeTypes = {
		getByName: byName,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(byName(name), version),
		getKnownTypes: () => ({}),
	};
	const connections = {
		Roster: { main: [[{ node: 'Sync', type: 'main' as const, index: 0 }]] },
		Sync: { main: [[{ node: 'Report', type: 'main' as const, index: 0 }]] },
	};
	const workflow = new Workflow({ id: 'pairing', name: 'Pairing', nodes, connections, nodeTypes, active: false, settings: { executionOrder: 'v1' } });
	const hooks = new ExecutionLifecycleHooks('manual', 'pairing-1', { id: 'pairing', name: 'Pairing', nodes, connections, active: false } as never);
	let done!: (result: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (done = resolve));
	hooks.addHandler('workflowExecuteAfter', (result) => done(result));
	const additionalData = {
		credentialsHelper: helper,
		hooks,
		executionId: 'pairing-1',
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	const runData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: workflow.getNode('Roster')!, data: { main: [roster.map((json) => ({ json }))] }, source: null }] },
	});
	await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	return await finished;
}

describe('Sync output pairing in a workflow', () => {
	let sandbox: GarmatSandbox;
	beforeEach(async () => {
		sandbox = new GarmatSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it("$('Sync').item and $('Roster').item resolve in a later node, a leaver's to the first roster row", async () => {
		sandbox.seedUser({ email: 'leaver@example.com', name: 'Leaver' });
		const result = await run(sandbox, [
			{ name: 'Ada', email: 'ada@example.com' },
			{ name: 'Alan', email: 'alan@example.com' },
		]);
		expect(result.data.resultData.error).toBeUndefined();
		const report = result.data.resultData.runData.Report[0].data!.main[0]!.map((item) => item.json);
		expect(report).toEqual([
			{ syncEmail: 'ada@example.com', action: 'created', rosterEmail: 'ada@example.com' },
			{ syncEmail: 'alan@example.com', action: 'created', rosterEmail: 'alan@example.com' },
			{ syncEmail: 'leaver@example.com', action: 'deactivated', rosterEmail: 'ada@example.com' },
		]);
	});
});
