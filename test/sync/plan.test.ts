/** Sync's plan as plain data: the pure function, on in-memory users (the vendors are tested through their sandboxes). */
import type { IDataObject } from 'n8n-workflow';

import type { PlanOptions, RosterRow } from '../../nodes/shared/sync/plan';
import { diffUser, guardMessage, guardTrips, planSync, removalLimit, sameEmailValue, sameValue } from '../../nodes/shared/sync/plan';

interface User extends IDataObject {
	id: string;
	email: string;
	name?: string;
	role?: string;
	login?: string;
}
interface Row {
	email: string;
	name?: string;
	role?: string;
	login?: string;
}

const fields = [
	{ field: 'name', current: (user: IDataObject) => user.name },
	{ field: 'role', current: (user: IDataObject) => user.role },
	{ field: 'email', current: (user: IDataObject) => user.email, equal: sameEmailValue },
];

const row = (itemIndex: number, input: Row): RosterRow<Row> => ({ itemIndex, email: input.email, input });
const badRow = (itemIndex: number, email?: string): RosterRow<Row> => ({ itemIndex, email, error: new Error(`Invalid "Role" in item ${itemIndex}`) });

function options(roster: Array<RosterRow<Row>>, users: User[], overrides: Partial<PlanOptions<User, Row>> = {}): PlanOptions<User, Row> {
	return {
		roster,
		users,
		wanted: (input) => ({ email: input.email, name: input.name, role: input.role }),
		fields,
		scope: { emailDomains: [], neverTouch: new Set() },
		notInRoster: 'delete',
		maxRemovals: { percent: 50 },
		...overrides,
	};
}

const directory: User[] = [
	{ id: '1', email: 'Same@Example.com', name: 'Same', role: 'viewer' },
	{ id: '2', email: 'changed@example.com', name: 'Old Name', role: 'viewer' },
	{ id: '3', email: 'leaver@example.com', name: 'Leaver', role: 'viewer' },
	{ id: '4', email: 'admin@example.com', name: 'Admin', role: 'admin' },
	{ id: '5', email: 'partner@other.org', name: 'Partner', role: 'viewer' },
	{ id: '6', email: 'badrow@example.com', name: 'Bad Row', role: 'viewer' },
];

describe('planSync', () => {
	it('plans a mixed roster: created, updated with only the changed fields, unchanged, failed, removed, skipped', () => {
		const plan = planSync(
			options(
				[
					row(0, { email: 'same@example.com', name: 'Same', role: 'viewer' }),
					row(1, { email: 'changed@example.com', name: 'New Name', role: 'viewer' }),
					row(2, { email: 'new@example.com', name: 'New', role: 'viewer' }),
					badRow(3, 'BadRow@example.com'),
					row(4, { email: 'partner@other.org', name: 'Partner 2' }),
				],
				directory,
				{ scope: { emailDomains: ['example.com'], neverTouch: new Set(['admin@example.com']) } },
			),
		);
		const byEmail = Object.fromEntries(plan.entries.map((entry) => [entry.email, entry]));
		expect(byEmail['same@example.com']).toMatchObject({ action: 'unchanged', itemIndex: 0, changes: {} });
		expect(byEmail['changed@example.com']).toMatchObject({ action: 'updated', itemIndex: 1, changes: { name: { from: 'Old Name', to: 'New Name' } } });
		expect(byEmail['new@example.com']).toMatchObject({ action: 'created', itemIndex: 2 });
		expect(byEmail['BadRow@example.com']).toMatchObject({ action: 'failed', itemIndex: 3, reason: 'Invalid "Role" in item 3' });
		expect(byEmail['partner@other.org']).toMatchObject({ action: 'skipped', itemIndex: 4, reason: 'email domain outside the sync scope' });
		expect(byEmail['leaver@example.com']).toMatchObject({ action: 'removed' });
		expect(byEmail['leaver@example.com'].itemIndex).toBeUndefined();
		// Never Touch and out-of-domain users are neither removed nor counted in scope.
		expect(plan.entries.filter((entry) => entry.email === 'admin@example.com')).toEqual([]);
		expect(plan.counts).toEqual({ created: 1, updated: 1, unchanged: 1, removed: 1, deactivated: 0, skipped: 1, failed: 1 });
		expect(plan.inScope).toBe(4);
		expect(plan.removals).toBe(1);
	});

	it('never makes the person of a bad row a leaver', () => {
		const plan = planSync(options([badRow(0, ' BADROW@EXAMPLE.COM ')], directory, { maxRemovals: {} }));
		expect(plan.entries.find((entry) => entry.user?.id === '6' && entry.action === 'removed')).toBeUndefined();
		expect(plan.entries.filter((entry) => entry.action === 'removed').map((entry) => entry.email)).toHaveLength(5);
	});

	it('holds every removal when a row has no email, and when the roster is empty', () => {
		const withBlank = planSync(options([row(0, { email: 'same@example.com' }), badRow(1)], directory));
		expect(withBlank.removals).toBe(0);
		expect(withBlank.removalsHeld).toMatch(/no email/);
		expect(withBlank.entries.filter((entry) => entry.action === 'removed' || entry.action === 'deactivated')).toEqual([]);
		expect(withBlank.entries.find((entry) => entry.email === 'leaver@example.com')).toMatchObject({ action: 'skipped', reason: expect.stringMatching(/kept because/) });

		const empty = planSync(options([], directory, { maxRemovals: {} }));
		expect(empty.removals).toBe(0);
		expect(empty.counts.skipped).toBe(directory.length);
	});

	it('keeps users not in the roster by default wording, and deactivates when asked', () => {
		const roster = [row(0, { email: 'same@example.com' })];
		expect(planSync(options(roster, directory, { notInRoster: 'keep' })).counts).toMatchObject({ skipped: 5, removed: 0, deactivated: 0 });
		expect(planSync(options(roster, directory, { notInRoster: 'deactivate' })).counts).toMatchObject({ deactivated: 5, removed: 0 });
	});

	it('skips roster people and leavers outside a role scope', () => {
		const plan = planSync(
			options([row(0, { email: 'admin@example.com', name: 'Boss' })], directory, {
				scope: { emailDomains: [], neverTouch: new Set(), includes: (user) => user.role === 'viewer' },
			}),
		);
		expect(plan.entries.find((entry) => entry.email === 'admin@example.com')).toMatchObject({ action: 'skipped', reason: expect.stringMatching(/role or group/) });
		expect(plan.inScope).toBe(5);
	});

	it('fails the second row of one email instead of syncing one person twice', () => {
		const plan = planSync(options([row(0, { email: 'new@example.com' }), row(1, { email: 'NEW@example.com' })], [], { maxRemovals: {} }));
		expect(plan.entries.map((entry) => entry.action)).toEqual(['created', 'failed']);
	});

	it('reports a conflict of the other natural key as failed', () => {
		const users: User[] = [{ id: '1', email: 'a@example.com', login: 'alice' }];
		const plan = planSync(
			options([row(0, { email: 'b@example.com', login: 'Alice' })], users, {
				notInRoster: 'keep',
				otherKey: { name: 'Login Name', ofInput: (input) => input.login, ofUser: (user) => user.login },
			}),
		);
		expect(plan.entries[0]).toMatchObject({ action: 'failed', reason: expect.stringMatching(/Login Name "Alice" belongs to a@example.com/) });
	});

	it('trips the guard above the count or the percentage, naming counts, limit and the way on', () => {
		const roster = [row(0, { email: 'same@example.com' })];
		const plan = planSync(options(roster, directory, { maxRemovals: { percent: 20 } }));
		expect(plan.removals).toBe(5);
		expect(plan.removalLimit).toBe(1);
		expect(guardTrips(plan)).toBe(true);
		const { message, description } = guardMessage(plan, 'Garmat', { percent: 20 });
		expect(message).toContain('remove 5 of 6 Garmat users in scope');
		expect(message).toContain('(1: 20 % of the 6 users in scope)');
		expect(description).toMatch(/Nothing was sent.*Preview.*raise Options > Max Removals/s);
		expect(guardTrips(planSync(options(roster, directory, { maxRemovals: { count: 5 } })))).toBe(false);
		expect(guardTrips(planSync(options(roster, directory, { maxRemovals: { count: 4, percent: 100 } })))).toBe(true);
	});
});

describe('comparisons', () => {
	it('treats blank values alike, trims text and compares objects by content', () => {
		expect(sameValue(null, '')).toBe(true);
		expect(sameValue(' a ', 'a')).toBe(true);
		expect(sameValue(42, '42')).toBe(true);
		expect(sameValue({ a: 1, b: [1] }, { b: [1], a: 1 })).toBe(true);
		expect(sameValue('a', 'b')).toBe(false);
		expect(sameEmailValue('A@B.c', 'a@b.C')).toBe(true);
	});

	it('diffs only the fields the roster sets', () => {
		expect(diffUser({ name: 'A', role: 'x' }, { name: 'B', role: undefined }, fields)).toEqual({ name: { from: 'A', to: 'B' } });
	});

	it('limits removals by the smaller of count and percentage', () => {
		expect(removalLimit({}, 10)).toBe(Number.POSITIVE_INFINITY);
		expect(removalLimit({ percent: 20 }, 9)).toBe(1);
		expect(removalLimit({ count: 3, percent: 50 }, 10)).toBe(3);
	});
});

describe('planSync with Deactivate', () => {
	it('leaves a leaver who is deactivated already alone, so a second run sends nothing', () => {
		const users: User[] = [
			{ id: '1', email: 'a@example.com', role: 'viewer' },
			{ id: '2', email: 'gone@example.com', role: 'deactivated' },
		];
		const plan = planSync(options([row(0, { email: 'a@example.com' })], users, { notInRoster: 'deactivate', isDeactivated: (user) => user.role === 'deactivated' }));
		expect(plan.entries.find((entry) => entry.email === 'gone@example.com')).toMatchObject({ action: 'unchanged', reason: 'not in the roster; already deactivated' });
		expect(plan.removals).toBe(0);
	});
});
