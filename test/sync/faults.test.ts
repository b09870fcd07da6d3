/**
 * Sync's writes survive the shared fault kinds, per vendor: a create whose answer is lost (5xx
 * after the vendor created the user) is looked up before anything is resent, and a 429 is waited
 * out; the person ends with exactly one account, and a second run sends nothing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { email, SYNC_VENDORS } from './vendors';

describe.each(SYNC_VENDORS)('$name: Sync under faults', (vendor) => {
	it('a lost create answer is looked up, not resent; a 429 is waited out; one account per person', async () => {
		const vendorRun = await vendor.start();
		try {
			const { sandbox } = vendorRun;
			sandbox.fault({ ...vendor.create, times: 1, when: 'before', action: { type: 'respond', response: { status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too Many Requests' } } } });
			sandbox.fault({ ...vendor.create, times: 1, when: 'after', action: { type: 'respond', response: { status: 502, body: { message: 'Bad Gateway' } } } });
			const parameters = { operation: 'sync', mode: 'apply' } as INodeParameters;
			const roster: IDataObject[] = [vendor.person(1), vendor.person(2)];
			const run = await vendorRun.run(parameters, roster);
			expect(run.error).toBeUndefined();
			expect(run.items!.map((item) => item.json.action)).toEqual(['created', 'created']);
			expect(vendorRun.liveEmails()).toEqual([email(1), email(2)]);
			expect((sandbox as unknown as { duplicates(): string[] }).duplicates()).toEqual([]);
			const creates = sandbox.requests.filter((request) => request.method === vendor.create.method && request.path === vendor.create.path && (!vendor.create.match || vendor.create.match(request)));
			// Two people: the 429 refusal, the create whose answer was lost, and the other person's create.
			expect(creates).toHaveLength(3);

			const writes = vendorRun.writes().length;
			const again = await vendorRun.run(parameters, roster);
			expect(again.items!.map((item) => item.json.action)).toEqual(['unchanged', 'unchanged']);
			expect(vendorRun.writes()).toHaveLength(writes);
		} finally {
			await vendorRun.stop();
		}
	});
});
