/**
 * Sync's own fields, given what a roster can hold (a batch operation, so not a row of the random
 * properties; valueKinds.test.ts runs its value kinds): a Group IDs value that is no group ID, or an
 * object (which would read as "no groups" and take the person out of every managed group), fails
 * its row naming the field and the item; a bad group option or (OpsRamp) a bad Tenant ID in the
 * first row stops the node naming the field; nothing is sent for any of them.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import type { BadInputVendor } from './vendors';
import { luzmo, opsramp } from './vendors';

async function sync(vendor: BadInputVendor, parameters: INodeParameters, items: IDataObject[], continueOnFail = false) {
	const started = await vendor.start();
	try {
		const result = await runNode({
			node: vendor.node,
			parameters: { resource: 'user', operation: 'sync', mode: 'apply', notInRoster: 'keep', ...parameters },
			items,
			credentials: started.credentials,
			continueOnFail,
		});
		return { result, requests: started.sandbox.requests.length };
	} finally {
		await started.sandbox.stop();
	}
}

const luzmoRow = (n: number, groups: unknown): IDataObject => ({ email: `new${n}@example.com`, groups: groups as IDataObject[string] });
const LUZMO_GROUP = '00000000-0000-4000-8000-000000000900';

describe('Sync: Group IDs from the roster', () => {
	it.each([
		['an object (a mapping mistake)', { id: LUZMO_GROUP }, 'must be text, group IDs separated by commas'],
		['text that is no Luzmo group ID', 'sales-team', '"sales-team" must be a Luzmo ID, a UUID'],
	])('%s: the row is refused naming Group IDs and the item, before any request', async (_what, groups, reason) => {
		const parameters = { email: '={{ $json.email }}', groupIds: '={{ $json.groups }}' };
		const stopped = await sync(luzmo, parameters, [luzmoRow(0, LUZMO_GROUP), luzmoRow(1, groups)]);
		expect(stopped.result.error?.message).toBe(`Invalid "Group IDs" in item 1: ${reason}`);
		expect(stopped.requests).toBe(0);

		const kept = await sync(luzmo, parameters, [luzmoRow(0, LUZMO_GROUP), luzmoRow(1, groups)], true);
		const rows = kept.result.items?.filter((item) => String(item.json.email).startsWith('new')) ?? [];
		expect(rows.map((item) => [item.json.email, item.json.action, item.json.error])).toEqual([
			['new0@example.com', 'created', undefined],
			['new1@example.com', 'failed', `Invalid "Group IDs" in item 1: ${reason}`],
		]);
	});
});

describe('Sync: group options and the tenant', () => {
	it('a Managed Groups option that is no group ID stops the node naming it, before any request', async () => {
		const outcome = await sync(luzmo, { email: '={{ $json.email }}', options: { managedGroups: `${LUZMO_GROUP}, sales-team` } }, [luzmoRow(0, '')]);
		expect(outcome.result.error?.message).toBe('Invalid "Options > Managed Groups" in item 0: "sales-team" must be a Luzmo ID, a UUID');
		expect(outcome.requests).toBe(0);
	});

	it('OpsRamp: a first row whose Tenant ID is not one stops the node naming it, before any request', async () => {
		const outcome = await sync(
			opsramp,
			{ tenantId: '={{ $json.tenant }}', loginName: '={{ $json.login }}', firstName: 'New', lastName: 'Hire', email: '={{ $json.email }}' },
			[{ tenant: 'client 16', login: 'newhire', email: 'new@example.com' }],
		);
		expect(outcome.result.error?.message).toBe('Invalid "Tenant ID" in item 0: must be a client ID such as client_16 or a partner ID such as msp_15');
		expect(outcome.requests).toBe(0);
	});
});
