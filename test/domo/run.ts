import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { DomoSandbox } from '../sandbox/domo';
import type { NodeRun, TestCredentialsHelper } from '../harness/workflow';
import { runNode } from '../harness/workflow';

/** The node's parameters with the required fields mapped from each item, as from a sheet. */
export function mappedParameters(extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'user',
		operation: 'create',
		name: '={{ $json.name }}',
		email: '={{ $json.email }}',
		role: '={{ $json.role }}',
		...extra,
	};
}

export function person(n: number | string, extra: IDataObject = {}): IDataObject {
	return { name: `User ${n}`, email: `user${n}@example.com`, role: 'Participant', ...extra };
}

export interface DomoRun {
	parameters: INodeParameters;
	items: IDataObject[];
	continueOnFail?: boolean;
	helper?: TestCredentialsHelper;
	/** Credential fields to change, e.g. a wrong secret. */
	credentials?: IDataObject;
	credentialId?: string;
}

/** Runs the Domo node in a one-node workflow against the sandbox. */
export async function runDomo(sandbox: DomoSandbox, run: DomoRun): Promise<NodeRun> {
	const credentialId = run.credentialId ?? 'domo-1';
	const stored = run.helper?.stored(credentialId);
	return await runNode({
		node: 'domo',
		parameters: run.parameters,
		items: run.items,
		continueOnFail: run.continueOnFail,
		helper: run.helper,
		credentials: {
			id: credentialId,
			type: 'domoApi',
			// A helper reused across runs keeps what it stored (the token), as n8n's database does.
			data: stored
				? undefined
				: {
						clientId: sandbox.clientId,
						clientSecret: sandbox.clientSecret,
						apiHost: sandbox.url,
						accessToken: '',
						...(run.credentials ?? {}),
					},
		},
	});
}
