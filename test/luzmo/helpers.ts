import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunNodeOptions } from '../harness/workflow';
import { runNode } from '../harness/workflow';
import type { LuzmoSandbox } from '../sandbox/luzmo';

let credentialCounter = 0;

/** A credential pointing at the sandbox through the Custom Host region. */
export function luzmoCredential(sandbox: LuzmoSandbox, data: IDataObject = {}): RunNodeOptions['credentials'] {
	return {
		id: `luzmo-${++credentialCounter}`,
		type: 'luzmoApi',
		data: { apiKey: sandbox.apiKey, apiToken: sandbox.apiToken, region: 'custom', customHost: sandbox.url, ...data },
	};
}

/** Runs the Luzmo node's Create User on the items, email from `{{ $json.email }}` unless given. */
export async function createUsers(
	sandbox: LuzmoSandbox,
	items: IDataObject[],
	parameters: INodeParameters = {},
	extra: Partial<RunNodeOptions> = {},
) {
	return await runNode({
		node: 'luzmo',
		parameters: { resource: 'user', operation: 'create', email: '={{ $json.email }}', ...parameters },
		items,
		credentials: luzmoCredential(sandbox),
		...extra,
	});
}

/** Runs one Luzmo operation on the items (resource User unless given). */
export async function runLuzmo(
	sandbox: LuzmoSandbox,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	extra: Partial<RunNodeOptions> = {},
) {
	return await runNode({
		node: 'luzmo',
		parameters: { resource: 'user', ...parameters },
		items,
		credentials: luzmoCredential(sandbox),
		...extra,
	});
}

/** The body Luzmo receives for an action: the credential adds key, token and version. */
export function luzmoBody(sandbox: LuzmoSandbox, body: IDataObject): IDataObject {
	return { ...body, key: sandbox.apiKey, token: sandbox.apiToken, version: '0.1.0' };
}
