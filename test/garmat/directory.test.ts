/**
 * Garmat has no email search: If User Exists: Return Existing has to page through the account's
 * users. One execution reads the directory once and answers every later item from that copy
 * (as the Domo node does); paging the whole directory again for each item made a batch cost
 * items x pages requests, all counted against Garmat's per-key rate limit.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import { GarmatSandbox } from '../sandbox/garmat';
import { credentials, fromItems, hires } from './fixtures';

let sandbox: GarmatSandbox;
beforeEach(async () => {
	sandbox = new GarmatSandbox();
	await sandbox.start();
});
afterEach(async () => await sandbox.stop());

function run(items: IDataObject[], options: IDataObject = {}) {
	return runNode({
		node: 'garmat',
		parameters: fromItems({ role: 'customer_read_only', options: { ifUserExists: 'returnExisting', ...options } }),
		items,
		credentials: credentials(sandbox),
	});
}

describe('Garmat: If User Exists: Return Existing on a batch', () => {
	it('reads the directory once per execution, not once per item', async () => {
		for (let i = 0; i < 250; i++) sandbox.seedUser({ email: `staff${i}@example.com` });
		const existing = sandbox.seedUser({ email: 'Hire3@Example.com', name: 'Hire 3' });

		const result = await run(hires(0, 20), { concurrency: 4 });

		expect(result.error).toBeUndefined();
		// 251 users, 100 a page: pages 1 to 3, read once.
		expect(sandbox.received('GET', '/api/users').map((r) => r.query.page)).toEqual(['1', '2', '3']);
		expect(sandbox.received('POST', '/api/users')).toHaveLength(19);
		const statuses = result.items!.map((item) => item.json.provisioningStatus);
		expect(statuses.filter((status) => status === 'existing')).toHaveLength(1);
		expect(result.items![3].json).toMatchObject({ id: existing.id, provisioningStatus: 'existing' });
		expect(sandbox.duplicates()).toEqual([]);
	});

	it('answers a repeated email from the user the batch created, even with concurrency', async () => {
		const items = [...hires(0, 3), { name: 'Hire 1 again', email: ' HIRE1@example.com ' }, ...hires(3, 2)];

		const result = await run(items, { concurrency: 3 });

		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'created', 'created', 'existing', 'created', 'created']);
		expect(result.items![3].json.id).toBe(result.items![1].json.id);
		expect(sandbox.createdByEmail.get('hire1@example.com')).toBe(1);
		expect(sandbox.received('GET', '/api/users')).toHaveLength(1);
	});

	it('reads the directory again after a create whose answer was lost, and finds the user it created', async () => {
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'after', times: 1, match: (r) => r.body?.email === 'hire1@example.com', action: { type: 'reset' } });

		const result = await run(hires(0, 3));

		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'created', 'created']);
		expect(sandbox.received('POST', '/api/users')).toHaveLength(3);
		// One read before the first create, one after the lost answer.
		expect(sandbox.received('GET', '/api/users')).toHaveLength(2);
		expect(sandbox.duplicates()).toEqual([]);
	});
});
