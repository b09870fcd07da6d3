/**
 * Bad input on every lifecycle operation, as a property: in a batch whose item 0 is valid, an
 * invalid value in any one field of item 1 fails the node with an error naming that field and
 * item 1, and nothing at all is sent (every item is checked before the first request).
 */
import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { INVALID_EMAILS } from '../bad-input/fields';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { runLuzmo } from './helpers';

const V = '={{ $json.v }}';
const USER_ID = '123e4567-e89b-12d3-a456-426614174000';
const GROUP_ID = 'f5aff911-94fc-45f3-9de2-68e3a0a82334';

/** Text a field must refuse: blank, an object, an object turned into text, a number, a list. */
const notText = fc.constantFrom<unknown>('', '   ', '[object Object]', { id: 1 }, ['a'], 42);
/** Not a Luzmo ID (a UUID): the refusals of text, and text of the wrong shape. */
const notId = fc.oneof(
	notText,
	fc.constantFrom('42', 'ada@example.com', '123e4567-e89b-12d3-a456-42661417400', '123e4567e89b12d3a456426614174000', 'g23e4567-e89b-12d3-a456-426614174000'),
);
const notEmail = fc.oneof(fc.constantFrom(...INVALID_EMAILS), notText);
const notBoolean = fc.constantFrom<unknown>('maybe', 'yes', 2, { on: true });
const notNumber = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^\s*-?\d+(\.\d+)?\s*$/.test(s) && s.trim() !== ''), fc.constant({ n: 1 }));
const notLimit = fc.constantFrom<unknown>(0, -1, 2.5, 'ten', '1e3');

interface Case {
	operation: string;
	resource?: string;
	/** The node's parameters with `$json.v` in the field under test. */
	parameters: INodeParameters;
	label: string;
	valid: unknown;
	invalid: fc.Arbitrary<unknown>;
}

const selectorCases = (operation: string, extra: INodeParameters = {}): Case[] => [
	{ operation, parameters: { findBy: 'email', email: V, ...extra }, label: 'Email', valid: 'ada@example.com', invalid: notEmail },
	{ operation, parameters: { findBy: 'id', userId: V, ...extra }, label: 'User ID', valid: USER_ID, invalid: notId },
	{ operation, parameters: { findBy: V, email: 'ada@example.com', userId: USER_ID, ...extra }, label: 'Find User By', valid: 'email', invalid: fc.constantFrom<unknown>('name', 'ID', '', 3) },
];

const cases: Case[] = [
	...selectorCases('get'),
	...selectorCases('delete'),
	...selectorCases('update', { updateFields: { name: 'Ada' } }),
	...selectorCases('addToGroup', { groupId: GROUP_ID }),
	...selectorCases('removeFromGroup', { groupId: GROUP_ID }),
	{ operation: 'addToGroup', parameters: { findBy: 'id', userId: USER_ID, groupId: V }, label: 'Group Name or ID', valid: GROUP_ID, invalid: notId },
	{ operation: 'removeFromGroup', parameters: { findBy: 'id', userId: USER_ID, groupId: V }, label: 'Group Name or ID', valid: GROUP_ID, invalid: notId },
	{ operation: 'update', parameters: { findBy: 'id', userId: USER_ID, updateFields: { email: V } }, label: 'Update Fields > Email', valid: 'new@example.com', invalid: fc.constantFrom(...INVALID_EMAILS) },
	{ operation: 'update', parameters: { findBy: 'id', userId: USER_ID, updateFields: { name: V } }, label: 'Update Fields > Name', valid: 'Ada', invalid: fc.constantFrom<unknown>('[object Object]', { first: 'Ada' }, ['Ada'], true) },
	{ operation: 'update', parameters: { findBy: 'id', userId: USER_ID, updateFields: { warp_notifications: V } }, label: 'Update Fields > Warp Notifications', valid: true, invalid: notBoolean },
	{ operation: 'update', parameters: { findBy: 'id', userId: USER_ID, updateFields: { onboarding_editor_progress: V } }, label: 'Update Fields > Onboarding Editor Progress', valid: 50, invalid: notNumber },
	{ operation: 'update', parameters: { findBy: 'id', userId: USER_ID, updateFields: { account_overrides: V } }, label: 'Update Fields > Account Overrides', valid: '{"a":1}', invalid: fc.constantFrom<unknown>('{a:1}', '[1]', '"text"', 12) },
	{ operation: 'getAll', parameters: { returnAll: false, limit: V }, label: 'Limit', valid: 10, invalid: notLimit },
	{ operation: 'getAll', parameters: { returnAll: true, filters: { role: V } }, label: 'Filters > Role', valid: 'member', invalid: fc.constantFrom<unknown>('[object Object]', { role: 'member' }, ['member'], true) },
	{ operation: 'getAll', resource: 'group', parameters: { returnAll: false, limit: V }, label: 'Limit', valid: 10, invalid: notLimit },
];

describe('Luzmo lifecycle: an invalid value in any one field names the field and item, and sends nothing', () => {
	let sandbox: LuzmoSandbox;
	beforeAll(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterAll(async () => await sandbox.stop());

	it.each(cases.map((c) => [`${c.resource ?? 'user'} ${c.operation}: ${c.label}`, c] as const))('%s', async (_title, c) => {
		await fc.assert(
			fc.asyncProperty(c.invalid, async (bad) => {
				sandbox.requests.splice(0);
				const result = await runLuzmo(sandbox, { resource: c.resource ?? 'user', operation: c.operation, ...c.parameters }, [{ v: c.valid as never }, { v: bad as never }]);
				expect(result.error?.message).toMatch(new RegExp(`^Invalid "${c.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" in item 1: `));
				expect(result.error?.description).toContain('No request was sent');
				expect(sandbox.requests).toHaveLength(0);
			}),
			{ numRuns: 6 },
		);
	});

	it('the valid value of each case is accepted (the property above is not vacuous)', async () => {
		for (const c of cases) {
			sandbox.requests.splice(0);
			const result = await runLuzmo(sandbox, { resource: c.resource ?? 'user', operation: c.operation, ...c.parameters }, [{ v: c.valid as never }], { continueOnFail: true });
			const error = String(result.items?.[0]?.json.error ?? '');
			expect({ label: c.label, operation: c.operation, invalid: error.startsWith('Invalid') }).toEqual({ label: c.label, operation: c.operation, invalid: false });
			expect(sandbox.requests.length).toBeGreaterThan(0);
		}
	});
});
