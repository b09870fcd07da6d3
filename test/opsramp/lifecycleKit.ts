import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { NodeRun } from '../harness/workflow';
import { runNode } from '../harness/workflow';
import type { OpsRampSandbox, OpsRampUserRecord } from '../sandbox/opsramp';
import { USER_GROUPS } from '../sandbox/opsramp';
import { credentials, TENANT } from './fixtures';

export const GROUP = USER_GROUPS[0].uniqueId;
export const OTHER_GROUP = USER_GROUPS[1].uniqueId;

/** Runs the OpsRamp node on one operation; resource User and the test tenant unless given. */
export async function operation(
	sandbox: OpsRampSandbox,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	options: { continueOnFail?: boolean } = {},
): Promise<NodeRun> {
	return await runNode({
		node: 'opsramp',
		parameters: { resource: 'user', tenantId: TENANT, ...parameters },
		items,
		credentials: credentials(sandbox),
		continueOnFail: options.continueOnFail,
	});
}

export function seedPerson(sandbox: OpsRampSandbox, n: number, extra: Partial<OpsRampUserRecord> = {}): OpsRampUserRecord {
	return sandbox.seedUser(TENANT, { loginName: `person${n}`, email: `person${n}@example.com`, firstName: 'Person', lastName: `Number ${n}`, ...extra });
}

/** Requests to the API (not the token endpoint), as "METHOD path". */
export function calls(sandbox: OpsRampSandbox): string[] {
	return sandbox.requests.filter((r) => !r.path.endsWith('/oauth/token')).map((r) => `${r.method} ${r.path}`);
}

export const byId = (userId: string, extra: INodeParameters = {}): INodeParameters => ({ findBy: 'id', userId, ...extra });
export const byEmail = (email: string, extra: INodeParameters = {}): INodeParameters => ({ findBy: 'email', email, ...extra });
