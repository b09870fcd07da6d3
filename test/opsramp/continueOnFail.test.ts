/**
 * Continue On Fail on the operations after Create: a bad item and a missing user become error
 * items in place, paired with their input; the other items are done.
 */
import { OpsRampSandbox } from '../sandbox/opsramp';
import { TENANT } from './fixtures';
import { byEmail, operation, seedPerson } from './lifecycleKit';

describe('OpsRamp lifecycle: Continue On Fail keeps every item in place', () => {
	let sandbox: OpsRampSandbox;
	beforeEach(async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	const paired = (items: Array<{ pairedItem?: unknown }> | undefined) => items?.map((item) => (item.pairedItem as { item: number }).item);

	it('Update: a bad item and a missing user become error items; the others are updated', async () => {
		const [a, b] = [seedPerson(sandbox, 1), seedPerson(sandbox, 2)];
		const result = await operation(
			sandbox,
			{ operation: 'update', ...byEmail('={{ $json.email }}'), updateFields: { designation: 'Architect' } },
			[{ email: a.email }, { email: 'not-an-email' }, { email: 'nobody@example.com' }, { email: b.email }],
			{ continueOnFail: true },
		);

		expect(paired(result.items)).toEqual([0, 1, 2, 3]);
		expect(result.items?.map((item) => item.json.designation ?? item.json.error)).toEqual([
			'Architect',
			'Invalid "Email" in item 1: must be a valid email address',
			'No OpsRamp user with email "nobody@example.com" (item 2)',
			'Architect',
		]);
		expect(sandbox.received('POST', /\/users\/USR/).map((r) => r.path)).toEqual([`/api/v2/tenants/${TENANT}/users/${a.id}`, `/api/v2/tenants/${TENANT}/users/${b.id}`]);
	});

	it('Delete: a bad item is an error item; a missing user is already absent; the others are terminated', async () => {
		const user = seedPerson(sandbox, 1);
		const result = await operation(sandbox, { operation: 'delete', ...byEmail('={{ $json.email }}'), maskType: 'FULL' }, [{ email: user.email }, { email: '' }, { email: 'gone@example.com' }], { continueOnFail: true });

		expect(paired(result.items)).toEqual([0, 1, 2]);
		expect(result.items?.map((item) => item.json)).toEqual([
			{ deleted: true, alreadyAbsent: false, id: user.id, email: user.email },
			expect.objectContaining({ error: 'Invalid "Email" in item 1: is required' }),
			{ deleted: false, alreadyAbsent: true, email: 'gone@example.com' },
		]);
	});
});
