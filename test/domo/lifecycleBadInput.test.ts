/**
 * Bad input on the operations after Create User (the rule of test/bad-input, per operation): in a
 * batch of clean items, one invalid value in any one field, given by expression, is refused with
 * an error naming that field and that item; without Continue On Fail nothing at all is sent, with
 * it the other items are done.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { DomoGroupRecord, DomoUserRecord } from '../sandbox/domo';
import { DomoSandbox } from '../sandbox/domo';
import { runDomo } from './run';

const RUNS = Number(process.env.DOMO_BAD_INPUT_RUNS ?? 6);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

interface Field {
	label: string;
	/** Values no reading of the field accepts. */
	invalid: fc.Arbitrary<unknown>;
}

interface Case {
	operation: string;
	resource?: string;
	parameters: INodeParameters;
	/** A clean item for this sandbox; `n` differs per item. */
	clean(users: DomoUserRecord[], group: DomoGroupRecord, n: number): IDataObject;
	fields: Record<string, Field>;
}

const notWholeNumber = fc.oneof(
	fc.constantFrom('abc', '12a', '-3', '1.5', ' ', '[object Object]', '../groups'),
	fc.constantFrom(-1, 1.5, true, [1]),
	fc.string({ minLength: 1, maxLength: 12 }).filter((text) => !/^\s*\d*\s*$/.test(text)),
);
const notEmail = fc.oneof(fc.constantFrom('not an email', 'a@', '@b.c', 42, true), fc.string({ maxLength: 10 }).filter((text) => !text.includes('@') && text.trim() !== ''));
const notFindBy = fc.constantFrom('name', 'ID', 'Email', 42, true);
const notLimit = fc.oneof(fc.constantFrom(0, -1, 1.5, 'ten', true), fc.integer({ max: 0 }));

const selector = { findBy: '={{ $json.findBy }}', userId: '={{ $json.userId }}', email: '={{ $json.email }}' };
const selectorFields = (withEmail: boolean): Record<string, Field> => ({
	findBy: { label: 'Find User By', invalid: notFindBy },
	userId: { label: 'User ID', invalid: notWholeNumber },
	...(withEmail ? { email: { label: 'Email', invalid: notEmail } } : {}),
});
/** Half the clean items find their user by ID, half by email. */
const cleanSelector = (users: DomoUserRecord[], n: number): IDataObject =>
	n % 2 === 0 ? { findBy: 'id', userId: String(users[n % users.length].id) } : { findBy: 'email', email: users[n % users.length].email };

const CASES: Case[] = [
	{ operation: 'get', parameters: selector, clean: (users, _g, n) => cleanSelector(users, n), fields: selectorFields(true) },
	{ operation: 'delete', parameters: selector, clean: (users, _g, n) => cleanSelector(users, n), fields: selectorFields(true) },
	{
		operation: 'update',
		parameters: {
			...selector,
			updateFields: { title: '={{ $json.title }}', alternateEmail: '={{ $json.alternateEmail }}', employeeNumber: '={{ $json.employeeNumber }}', role: '={{ $json.role }}' },
		},
		clean: (users, _g, n) => ({ ...cleanSelector(users, n), title: `Title ${n}`, alternateEmail: `alt${n}@example.com`, employeeNumber: 100 + n, role: 'Privileged' }),
		fields: {
			...selectorFields(true),
			alternateEmail: { label: 'Update Fields > Alternate Email', invalid: notEmail },
			// Blank is "not given" for an optional field, so it is left out here.
			employeeNumber: { label: 'Update Fields > Employee Number', invalid: notWholeNumber.filter((value) => !(typeof value === 'string' && value.trim() === '')) },
			role: { label: 'Update Fields > Role', invalid: fc.constantFrom('Boss', 'admin', 7) },
			title: { label: 'Update Fields > Title', invalid: fc.constantFrom(['x'], true, '[object Object]') },
		},
	},
	{
		operation: 'addToGroup',
		parameters: { ...selector, groupId: '={{ $json.groupId }}' },
		clean: (users, group, n) => ({ ...cleanSelector(users, n), groupId: String(group.id) }),
		fields: { ...selectorFields(true), groupId: { label: 'Group Name or ID', invalid: notWholeNumber } },
	},
	{
		operation: 'removeFromGroup',
		parameters: { ...selector, groupId: '={{ $json.groupId }}' },
		clean: (users, group, n) => ({ ...cleanSelector(users, n), groupId: group.id }),
		fields: { ...selectorFields(true), groupId: { label: 'Group Name or ID', invalid: notWholeNumber } },
	},
	{ operation: 'getAll', parameters: { limit: '={{ $json.limit }}' }, clean: (_u, _g, n) => ({ limit: 1 + n }), fields: { limit: { label: 'Limit', invalid: notLimit } } },
	{ operation: 'getAll', resource: 'group', parameters: { limit: '={{ $json.limit }}' }, clean: (_u, _g, n) => ({ limit: 1 + n }), fields: { limit: { label: 'Limit', invalid: notLimit } } },
];

describe.each(CASES)('Domo $resource $operation: one invalid value is refused naming field and item', (testCase) => {
	let sandbox: DomoSandbox;
	let users: DomoUserRecord[];
	let group: DomoGroupRecord;
	beforeAll(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
		users = Array.from({ length: 6 }, (_, n) => sandbox.seedUser({ email: `person${n}@example.com`, name: `Person ${n}` }));
		group = sandbox.seedGroup('Sales');
	});
	afterAll(async () => await sandbox.stop());

	const names = Object.keys(testCase.fields);
	it.each(names)('%s', async (name) => {
		const field = testCase.fields[name];
		const sample = fc.record({
			count: fc.integer({ min: 1, max: 3 }),
			target: fc.nat(2),
			continueOnFail: fc.boolean(),
			invalid: field.invalid,
			start: fc.nat(5),
		});
		await fc.assert(
			fc.asyncProperty(sample, async ({ count, target: rawTarget, continueOnFail, invalid, start }) => {
				const target = rawTarget % count;
				const items = Array.from({ length: count }, (_, i) => testCase.clean(users, group, start + i));
				// A selector field only counts when Find User By shows it.
				const bad = invalid as IDataObject[string];
				if (name === 'userId') items[target] = { ...items[target], findBy: 'id', userId: bad };
				else if (name === 'email') items[target] = { ...items[target], findBy: 'email', email: bad };
				else items[target] = { ...items[target], [name]: bad };
				const before = sandbox.requests.length;
				const result = await runDomo(sandbox, {
					parameters: { resource: testCase.resource ?? 'user', operation: testCase.operation, ...testCase.parameters },
					items,
					continueOnFail,
				});
				const expected = `Invalid "${field.label}" in item ${target}: `;
				if (!continueOnFail) {
					expect(result.error?.message.startsWith(expected) ? expected : result.error?.message).toBe(expected);
					expect(sandbox.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([]);
					return;
				}
				const out = result.items!;
				const errors = out.filter((item) => item.json.error !== undefined);
				expect(errors.map((item) => [item.pairedItem, String(item.json.error).startsWith(expected)])).toEqual([[{ item: target }, true]]);
				expect(out.filter((item) => (item.pairedItem as { item: number }).item !== target).every((item) => item.json.error === undefined)).toBe(true);
			}),
			{ numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
		);
	}, 120_000);
});
