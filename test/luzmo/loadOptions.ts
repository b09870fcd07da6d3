/**
 * A load-options call as the editor makes it for a dropdown: n8n-core's LoadOptionsContext on a
 * Luzmo node holding the current parameters, with the shared harness applying the credential.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INode, INodeParameters, INodePropertyOptions, INodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { builtPackage, TestCredentialsHelper } from '../harness/workflow';

export async function loadLuzmoOptions(method: string, parameters: INodeParameters, credentials: ICredentialDataDecryptedObject): Promise<INodePropertyOptions[]> {
	const pkg = await builtPackage();
	const helper = new TestCredentialsHelper(pkg);
	helper.set('luzmo-lo', 'luzmoApi', credentials);
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: pkg.typeName('luzmo'),
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { luzmoApi: { id: 'luzmo-lo', name: 'Sandbox' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const additionalData = { credentialsHelper: helper, currentNodeParameters: parameters, executionId: 'load-options', variables: {} } as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, `parameters.${method}`);
	const loader = (pkg.nodeTypes.getByNameAndVersion(node.type, 1) as INodeType).methods?.loadOptions?.[method];
	if (!loader) throw new Error(`No loadOptions method ${method}`);
	return await loader.call(context);
}
