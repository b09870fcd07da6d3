/**
 * The Group dropdown, as the editor loads it: LoadOptionsContext on a node holding the current
 * parameters (n8n's DynamicNodeParametersService), the credential applied by the harness's helper.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeParameters, INodePropertyOptions, INodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { builtPackage, TestCredentialsHelper } from '../harness/workflow';
import { DomoSandbox } from '../sandbox/domo';

async function loadGroups(sandbox: DomoSandbox, parameters: INodeParameters): Promise<INodePropertyOptions[]> {
	const pkg = await builtPackage();
	const helper = new TestCredentialsHelper(pkg);
	helper.set('lo-domo', 'domoApi', { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiHost: sandbox.url, accessToken: '' });
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: pkg.typeName('domo'),
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { domoApi: { id: 'lo-domo', name: 'Sandbox' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const additionalData = {
		credentialsHelper: helper,
		currentNodeParameters: parameters,
		executionId: 'load-options',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		variables: {},
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.groupId');
	const nodeType = pkg.nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;
	return await nodeType.methods!.loadOptions!.getGroups.call(context);
}

describe('Domo: the Group dropdown is loaded from the instance (LoadOptionsContext, real HTTP)', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	const parameters = { resource: 'user', operation: 'addToGroup', findBy: 'email', email: '' };

	it('lists every group by name, valued by ID, paging 500 a request', async () => {
		for (let n = 0; n < 520; n++) sandbox.seedGroup(`Team ${String(n).padStart(3, '0')}`);
		const options = await loadGroups(sandbox, parameters);
		expect(options).toHaveLength(521);
		expect(options[0]).toEqual({ name: 'Default', value: '1324037627', description: '0 members, ID 1324037627' });
		expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
		expect(sandbox.received('GET', '/v1/groups').map((r) => r.query)).toEqual([
			{ limit: '500', offset: '0' },
			{ limit: '500', offset: '500' },
		]);
		expect(sandbox.received('GET', '/v1/groups')[0].headers.authorization).toMatch(/^bearer /);
	});

	it('a refused request surfaces Domo\'s message', async () => {
		sandbox.fault({ method: 'GET', path: '/v1/groups', times: 1, when: 'before', action: { type: 'respond', response: { status: 403, body: { status: 403, statusReason: 'Forbidden', message: 'Not allowed to list groups' } } } });
		await expect(loadGroups(sandbox, parameters)).rejects.toThrow('Not allowed to list groups');
	});
});
