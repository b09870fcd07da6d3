/**
 * User → Sync per vendor, through the built package and the vendor sandboxes: the plan of a mixed
 * roster, Preview sends no write, Apply converges and a second run sends none, the removal guard,
 * scope and Never Touch, bad rows never becoming leavers.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SyncRun } from './vendors';
import type { DomoSandbox } from '../sandbox/domo';
import { email, SYNC_VENDORS } from './vendors';

const sync = (extra: IDataObject = {}): INodeParameters => ({ operation: 'sync', ...extra }) as INodeParameters;

describe.each(SYNC_VENDORS)('$name: User → Sync', (vendor) => {
	let vendorRun: SyncRun;
	beforeEach(async () => {
		vendorRun = await vendor.start();
	});
	afterEach(async () => await vendorRun.stop());

	/** Persons 1 (same), 2 (changed), 3 (leaver), 4 (new in the roster); person 5 a second leaver. */
	function mixed() {
		vendorRun.seed(1);
		vendorRun.seed(2);
		vendorRun.seed(3);
		const roster = [vendor.person(1), { ...vendor.person(2), [vendor.change.key]: vendor.change.value }, vendor.person(4)];
		return roster;
	}

	const actions = (items: Array<{ json: IDataObject }>) => Object.fromEntries(items.map((item) => [String(item.json.email).toLowerCase(), item.json.action]));

	it('previews a mixed roster as a plan and sends no write', async () => {
		const roster = mixed();
		const preview = await vendorRun.run(sync({ mode: 'preview', notInRoster: vendor.removal, options: { maxRemovalsPercent: 100 } }), roster);
		expect(preview.error).toBeUndefined();
		const expected = vendor.removal === 'delete' ? 'removed' : 'deactivated';
		expect(actions(preview.items!)).toEqual({ [email(1)]: 'unchanged', [email(2)]: 'updated', [email(3)]: expected, [email(4)]: 'created' });
		const updated = preview.items!.find((item) => item.json.email === email(2))!;
		expect(updated.json).toMatchObject({ mode: 'preview', applied: false, changes: { [vendor.change.field]: { to: vendor.change.value } } });
		// Each person is paired with their roster row; the leaver with the first row.
		expect(preview.items!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 0 }]);
		expect(vendorRun.writes()).toEqual([]);
	});

	it('applies the plan, converges, and a second run sends no write', async () => {
		const roster = mixed();
		const parameters = sync({ mode: 'apply', notInRoster: vendor.removal, options: { maxRemovalsPercent: 100 } });
		const first = await vendorRun.run(parameters, roster);
		expect(first.error).toBeUndefined();
		expect(first.items!.every((item) => item.json.applied === true || item.json.action === 'unchanged')).toBe(true);
		expect(vendorRun.liveEmails()).toEqual([email(1), email(2), email(4)]);
		expect(vendorRun.removed(3)).toBe(true);
		expect(vendorRun.user(2)).toMatchObject({ [vendor.change.field]: vendor.change.value });
		const writes = vendorRun.writes().length;
		expect(writes).toBeGreaterThanOrEqual(3);

		const second = await vendorRun.run(parameters, roster);
		expect(second.error).toBeUndefined();
		expect(vendorRun.writes()).toHaveLength(writes);
		expect(new Set(second.items!.map((item) => item.json.action))).toEqual(new Set(['unchanged', ...(vendor.removal === 'deactivate' ? [] : [])]));
	});

	it('stops before any write when removals exceed Max Removals, naming counts, limit and the way on', async () => {
		for (let n = 1; n <= 6; n++) vendorRun.seed(n);
		const truncated = [vendor.person(1), vendor.person(7)];
		const run = await vendorRun.run(sync({ mode: 'apply', notInRoster: vendor.removal }), truncated);
		expect(run.error?.message).toMatch(/^Sync stopped before any change: it would remove 5 of 6 .* users in scope, more than Max Removals allows \(1: 20 % of the 6 users in scope\)$/);
		expect((run.error as { description?: string }).description).toMatch(/raise Options > Max Removals/);
		expect(vendorRun.writes()).toEqual([]);
		expect(vendorRun.liveEmails()).toHaveLength(6);

		// Raised for this run, it goes on.
		const allowed = await vendorRun.run(sync({ mode: 'apply', notInRoster: vendor.removal, options: { maxRemovals: 5, maxRemovalsPercent: 100 } }), truncated);
		expect(allowed.error).toBeUndefined();
		expect(vendorRun.liveEmails()).toEqual([email(1), email(7)]);
	});

	it('touches only the scope: other domains and Never Touch are left alone', async () => {
		vendorRun.seed(1);
		vendorRun.seed(2);
		vendorRun.seed(3);
		const run = await vendorRun.run(
			sync({ mode: 'apply', notInRoster: vendor.removal, options: { emailDomains: 'example.com', neverTouch: email(2), maxRemovalsPercent: 100 } }),
			[vendor.person(1), vendor.person(9, 'partner.org')],
		);
		expect(run.error).toBeUndefined();
		expect(actions(run.items!)).toEqual({ [email(1)]: 'unchanged', [email(9, 'partner.org')]: 'skipped', [email(3)]: vendor.removal === 'delete' ? 'removed' : 'deactivated' });
		expect(vendorRun.removed(2)).toBe(false);
		expect(vendorRun.liveEmails()).toEqual([email(1), email(2)]);
	});

	it('never makes the person of a bad row a leaver (Continue On Fail); without it, fails before any write', async () => {
		vendorRun.seed(1);
		vendorRun.seed(2);
		const roster = [vendor.person(1), { ...vendor.person(2), ...vendor.badRow }];
		const stopped = await vendorRun.run(sync({ mode: 'apply', notInRoster: vendor.removal, options: { maxRemovalsPercent: 100 } }), roster);
		expect(stopped.error?.message).toMatch(/item 1/);
		expect(vendorRun.writes()).toEqual([]);

		const run = await vendorRun.run(sync({ mode: 'apply', notInRoster: vendor.removal, options: { maxRemovalsPercent: 100 } }), roster, { continueOnFail: true });
		expect(run.error).toBeUndefined();
		expect(actions(run.items!)).toEqual({ [email(1)]: 'unchanged', [email(2)]: 'failed' });
		expect(vendorRun.removed(2)).toBe(false);
		expect(vendorRun.writes()).toEqual([]);
	});

	it('as an AI agent\'s tool, runs Apply as a preview', async () => {
		vendorRun.seed(1);
		const typeName = `n8n-nodes-user-provisioning.${vendor.name.toLowerCase()}Tool`;
		const run = await vendorRun.run(sync({ mode: 'apply', notInRoster: vendor.removal, options: { maxRemovalsPercent: 100 } }), [vendor.person(2)], { nodeType: typeName });
		expect(run.error).toBeUndefined();
		expect(run.items!.length).toBeGreaterThan(0);
		expect(run.items!.every((item) => item.json.mode === 'preview' && item.json.applied === false && /AI agent/.test(String(item.json.note)))).toBe(true);
		expect(vendorRun.writes()).toEqual([]);
	});
});

describe.each(SYNC_VENDORS)('$name: User → Create or Update', (vendor) => {
	let vendorRun: SyncRun;
	beforeEach(async () => {
		vendorRun = await vendor.start();
	});
	afterEach(async () => await vendorRun.stop());

	it('creates the absent, updates only what differs, sends nothing when equal', async () => {
		vendorRun.seed(1);
		vendorRun.seed(2);
		const items = [vendor.person(1), { ...vendor.person(2), [vendor.change.key]: vendor.change.value }, vendor.person(3)];
		const run = await vendorRun.run({ operation: 'createOrUpdate' }, items);
		expect(run.error).toBeUndefined();
		const [same, changed, created] = run.items!.map((item) => item.json);
		expect(same).toMatchObject({ provisioningStatus: 'unchanged', changes: {} });
		expect(changed).toMatchObject({ provisioningStatus: 'updated', changes: { [vendor.change.field]: { to: vendor.change.value } } });
		expect(created).toMatchObject({ provisioningStatus: 'created', changes: {} });
		expect(vendorRun.user(2)).toMatchObject({ [vendor.change.field]: vendor.change.value });
		const writes = vendorRun.writes().length;
		expect(writes).toBe(2);

		const again = await vendorRun.run({ operation: 'createOrUpdate' }, items);
		expect(again.items!.map((item) => item.json.provisioningStatus)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(vendorRun.writes()).toHaveLength(writes);
	});
});

describe.each(SYNC_VENDORS.filter((vendor) => vendor.name !== 'Garmat'))('$name: User → Sync, groups', (vendor) => {
	let vendorRun: Awaited<ReturnType<typeof vendor.start>>;
	beforeEach(async () => {
		vendorRun = await vendor.start();
	});
	afterEach(async () => await vendorRun.stop());

	it('adds missing memberships, removes extra ones only in managed groups, and a second run sends nothing', async () => {
		const groups = vendorRun.groups!;
		const managed = groups.seedGroup();
		const other = groups.seedGroup();
		vendorRun.seed(1);
		vendorRun.seed(2);
		groups.addMember(managed, 2);
		groups.addMember(other, 2);
		const roster = [
			{ ...vendor.person(1), groups: managed },
			{ ...vendor.person(2), groups: '' },
			{ ...vendor.person(3), groups: `${managed}, ${other}` },
		];
		const parameters = sync({ mode: 'apply', options: { managedGroups: managed } });
		const first = await vendorRun.run(parameters, roster);
		expect(first.error).toBeUndefined();
		expect(groups.memberEmails(managed)).toEqual([email(1), email(3)]);
		// Person 2 stays in the group the sync does not manage.
		expect(groups.memberEmails(other)).toEqual([email(2), email(3)]);
		const byEmail = Object.fromEntries(first.items!.map((item) => [item.json.email, item.json]));
		expect(byEmail[email(1)]).toMatchObject({ action: 'updated', changes: { groups: { added: [managed], removed: [] } } });
		expect(byEmail[email(2)]).toMatchObject({ action: 'updated', changes: { groups: { added: [], removed: [managed] } } });

		const writes = vendorRun.writes().length;
		const second = await vendorRun.run(parameters, roster);
		expect(second.error).toBeUndefined();
		expect(second.items!.map((item) => item.json.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(vendorRun.writes()).toHaveLength(writes);
	});
});

describe('OpsRamp: User → Sync, login name as second key', () => {
	it('reports a login name held by another email as failed, naming both, and sends nothing for it', async () => {
		const opsramp = SYNC_VENDORS.find((vendor) => vendor.name === 'OpsRamp')!;
		const vendorRun = await opsramp.start();
		try {
			vendorRun.seed(1);
			const run = await vendorRun.run(sync({ mode: 'apply' }), [opsramp.person(1), { ...opsramp.person(9), loginName: 'PERSON1' }]);
			expect(run.error).toBeUndefined();
			expect(run.items![1].json).toMatchObject({ action: 'failed', email: email(9), reason: expect.stringContaining(`Login Name "PERSON1" belongs to ${email(1)}, not to ${email(9)}`) });
			expect(vendorRun.writes()).toEqual([]);
		} finally {
			await vendorRun.stop();
		}
	});
});

describe('Domo: User → Sync, updates', () => {
	const domo = SYNC_VENDORS.find((vendor) => vendor.name === 'Domo')!;
	let vendorRun: SyncRun;
	beforeEach(async () => {
		vendorRun = await domo.start();
	});
	afterEach(async () => await vendorRun.stop());

	it('sends an update as one PUT of the listed record with the change: no read per person, other fields kept', async () => {
		vendorRun.seed(1, { title: 'Engineer', phone: '+1 555 0100' });
		const run = await vendorRun.run(sync({ mode: 'apply' }), [{ ...domo.person(1), name: 'Renamed Person' }]);
		expect(run.error).toBeUndefined();
		expect(run.items!.map((item) => item.json.action)).toEqual(['updated']);
		const id = String(vendorRun.user(1)!.id);
		const requests = vendorRun.sandbox.requests.map((request) => `${request.method} ${request.path.replace(id, '{id}')}`);
		expect(requests.filter((request) => request.includes('{id}'))).toEqual(['PUT /v1/users/{id}']);
		expect(vendorRun.user(1)).toMatchObject({ name: 'Renamed Person', title: 'Engineer', phone: '+1 555 0100', email: email(1) });
	});

	it('fails the row of a user deleted in Domo after the list was read, naming them, and goes on with the others', async () => {
		vendorRun.seed(1);
		vendorRun.seed(2);
		const sandbox = vendorRun.sandbox as DomoSandbox;
		const goneId = String(vendorRun.user(1)!.id);
		// Someone deletes person 1 in Domo just as the update is sent: Domo answers 404.
		sandbox.fault({
			method: 'PUT',
			path: `/v1/users/${goneId}`,
			times: 1,
			when: 'before',
			match: () => {
				sandbox.users.find((user) => String(user.id) === goneId)!.deleted = true;
				return true;
			},
			action: { type: 'delay', ms: 0 },
		});
		const roster = [{ ...domo.person(1), name: 'Renamed One' }, { ...domo.person(2), name: 'Renamed Two' }];
		const run = await vendorRun.run(sync({ mode: 'apply' }), roster, { continueOnFail: true });
		expect(run.error).toBeUndefined();
		const [gone, other] = run.items!.map((item) => item.json);
		expect(gone).toMatchObject({ action: 'failed', plannedAction: 'updated', email: email(1) });
		expect(String(gone.error)).toBe(`The Domo user ${email(1)} is gone (item 0)`);
		expect(other).toMatchObject({ action: 'updated', applied: true });
		expect(vendorRun.user(2)).toMatchObject({ name: 'Renamed Two' });
		expect(vendorRun.sandbox.received('PUT', `/v1/users/${goneId}`)).toHaveLength(1);
	});
});
