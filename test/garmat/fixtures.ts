/**
 * What Garmat's tests share: the credential on a sandbox (API key or session mode), the "create
 * from items" parameters of an onboarding flow, and the parameters of the lifecycle operations.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunNodeOptions } from '../harness/workflow';
import type { GarmatSandbox } from '../sandbox/garmat';

export function credentialData(sandbox: GarmatSandbox, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.apiKey, sessionToken: '', ...overrides };
}

let credentialCounter = 0;

/** A fresh credential id per call, so each test has its own session token and rate gate. */
export function credentials(sandbox: GarmatSandbox, overrides: ICredentialDataDecryptedObject = {}): RunNodeOptions['credentials'] {
	return { id: `garmat-${++credentialCounter}`, type: 'garmatApi', data: credentialData(sandbox, overrides) };
}

/** Create User with name, email and role taken from each input item, the usual onboarding flow. */
export function fromItems(extra: IDataObject = {}): INodeParameters {
	return {
		resource: 'user',
		operation: 'create',
		name: '={{ $json.name }}',
		email: '={{ $json.email }}',
		role: '={{ $json.role ?? "customer_read_only" }}',
		...extra,
	} as INodeParameters;
}

export function hire(n: number, domain = 'example.com'): IDataObject {
	return { name: `Hire ${n}`, email: `hire${n}@${domain}` };
}

export const hires = (from: number, count: number): IDataObject[] => Array.from({ length: count }, (_, i) => hire(from + i));

/** A lifecycle operation on the user whose email each item carries. */
export function byEmail(operation: string, extra: IDataObject = {}): INodeParameters {
	return { resource: 'user', operation, findBy: 'email', email: '={{ $json.email }}', ...extra } as INodeParameters;
}

/** A lifecycle operation on the user whose ID each item carries. */
export function byId(operation: string, extra: IDataObject = {}): INodeParameters {
	return { resource: 'user', operation, findBy: 'id', userId: '={{ $json.id }}', ...extra } as INodeParameters;
}
