/**
 * Two n8n entry points besides a workflow run, rebuilt from n8n-core's own classes:
 * - a load-options call, as the editor makes it for a dropdown (LoadOptionsContext on a node
 *   holding the current parameters, n8n's DynamicNodeParametersService);
 * - the credential dialog's Test button, as n8n's CredentialsTester runs it: the credential's
 *   `test` request as the routing request of a throwaway node type, sent by RoutingNode with the
 *   credential applied (preAuthentication, then generic authenticate), and its error read the way
 *   the tester reads it.
 * The shared harness's TestCredentialsHelper applies the credential in both.
 */
import { ExecuteContext, LoadOptionsContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IExecuteData,
	INode,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	ITaskDataConnections,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { builtPackage, TestCredentialsHelper } from '../harness/workflow';

const CREDENTIAL_TYPE = 'opsRampApi';

function additionalDataFor(helper: TestCredentialsHelper, currentNodeParameters?: INodeParameters): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: helper,
		currentNodeParameters,
		executionId: 'load-options',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function loadOptions(
	method: string,
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
): Promise<INodePropertyOptions[]> {
	const pkg = await builtPackage();
	const helper = new TestCredentialsHelper(pkg);
	helper.set('lo-1', CREDENTIAL_TYPE, credentials);
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: pkg.typeName('opsramp'),
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'lo-1', name: 'Sandbox' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const context = new LoadOptionsContext(workflow, node, additionalDataFor(helper, parameters), `parameters.${method}`);
	const nodeType = pkg.nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;
	const loader = nodeType.methods?.loadOptions?.[method];
	if (!loader) throw new Error(`No loadOptions method ${method}`);
	return await loader.call(context);
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export async function testCredential(data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const pkg = await builtPackage();
	const credentialType = pkg.credentialType(CREDENTIAL_TYPE);
	if (!credentialType.test) throw new Error('The credential has no test request');
	const helper = new TestCredentialsHelper(pkg);
	helper.set('cred-test', CREDENTIAL_TYPE, data);

	const testNodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['transform'],
			version: 1,
			description: 'Credential test',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: credentialType.test.request }, default: '' }],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: (name) => (name === 'temp' ? testNodeType : pkg.nodeTypes.getByName(name)),
		getByNameAndVersion: (name, version) => (name === 'temp' ? testNodeType : pkg.nodeTypes.getByNameAndVersion(name, version)),
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-test', name: 'Test' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalDataFor(helper, node.parameters),
		'internal',
		createRunExecutionData(),
		0,
		inputData.main[0]!,
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, testNodeType, { id: 'cred-test', name: 'Test', type: CREDENTIAL_TYPE, data });
	try {
		await routingNode.runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status?: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response?.status !== undefined) {
			const { status, statusText } = cause.response;
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
