/**
 * Bad input for Garmat's operations after Create (Create's own property run is in test/bad-input/):
 * a batch of one to three items, every value given by expression, one value in one item invalid.
 * The rule: that item is refused with an error naming exactly that field and that item, nothing
 * is sent for it, and (under Continue On Fail) the other items are done; without Continue On
 * Fail nothing at all is sent.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { INVALID_EMAILS } from '../bad-input/fields';
import { runNode } from '../harness/workflow';
import type { GarmatUserRecord } from '../sandbox/garmat';
import { GarmatSandbox } from '../sandbox/garmat';
import { credentials } from './fixtures';

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 120);
const RUNS_PER_FIELD = Math.max(4, Math.ceil(RUNS / 20));

interface Field {
	key: string;
	label: string;
	clean: (user: GarmatUserRecord, item: number) => fc.Arbitrary<unknown>;
	invalid: fc.Arbitrary<unknown>;
}

interface Spec {
	title: string;
	parameters: INodeParameters;
	fields: Field[];
	/** Requests that act for one item: each clean item sends exactly one. */
	acts?: { method: string; path: RegExp };
}

const notText = fc.oneof(fc.boolean(), fc.constant({ a: 1 }), fc.constant([1, 2]), fc.constant('[object Object]'));
const blank = fc.constantFrom('', '   ', null);
const invalidEmail = fc.oneof(fc.constantFrom(...INVALID_EMAILS), blank, fc.integer(), fc.constant({ email: 'a@b.co' }));

const expr = (key: string) => `={{ $json.${key} }}`;

const findBy = (value: 'email' | 'id'): Field => ({
	key: 'findBy',
	label: 'Find User By',
	clean: () => fc.constant(value),
	invalid: fc.constantFrom('name', 'EMAIL', 'uuid', 42),
});
const selector: Record<'email' | 'id', Field> = {
	email: { key: 'email', label: 'Email', clean: (user) => fc.constantFrom(user.email, ` ${user.email.toUpperCase()} `), invalid: invalidEmail },
	id: { key: 'userId', label: 'User ID', clean: (user) => fc.constant(user.id), invalid: fc.oneof(blank, fc.constant({ id: 1 }), fc.constant(['x']), fc.constant('[object Object]')) },
};
/**
 * With Find User By given by expression n8n cannot tell which of its two required fields is shown
 * and flags the node unless both are set: both are given, each item carrying a clean value for
 * the one its branch does not read.
 */
const selectorParameters = (): INodeParameters => ({ findBy: expr('findBy'), email: expr('email'), userId: expr('userId') });

const updateFields: Field[] = [
	{ key: 'name', label: 'Update Fields > Name', clean: (_u, i) => fc.constant(`Renamed ${i}`), invalid: notText },
	{ key: 'newEmail', label: 'Update Fields > Email', clean: (_u, i) => fc.constant(`renamed${i}@example.com`), invalid: fc.constantFrom(...INVALID_EMAILS) },
	{ key: 'role', label: 'Update Fields > Role', clean: () => fc.constantFrom('customer_admin', 'customer_read_only'), invalid: fc.constantFrom('owner', 'Customer Admin', 'admin', '1') },
	{ key: 'status', label: 'Update Fields > Status', clean: () => fc.constantFrom('active', 'deactivated'), invalid: fc.constantFrom('inactive', 'suspended', 'ACTIVE', '0') },
];

const puts = { method: 'PUT', path: /^\/api\/users\/[^/]+$/ };
const specs: Spec[] = (['email', 'id'] as const).flatMap((by): Spec[] => [
	{ title: `Get by ${by}`, parameters: { operation: 'get', ...selectorParameters() }, fields: [findBy(by), selector[by]] },
	{ title: `Deactivate by ${by}`, parameters: { operation: 'deactivate', ...selectorParameters() }, fields: [findBy(by), selector[by]], acts: puts },
	{
		title: `Resend Invitation by ${by}`,
		parameters: { operation: 'resendInvitation', ...selectorParameters() },
		fields: [findBy(by), selector[by]],
		acts: { method: 'POST', path: /\/resend_invitation$/ },
	},
	{
		title: `Update by ${by}`,
		parameters: {
			operation: 'update',
			...selectorParameters(),
			updateFields: { name: expr('name'), email: expr('newEmail'), role: expr('role'), status: expr('status') },
		},
		fields: [findBy(by), selector[by], ...updateFields],
		acts: puts,
	},
]);
specs.push({
	title: 'Get Many',
	parameters: { operation: 'getAll', returnAll: false, limit: expr('limit'), filters: { filter: expr('filter'), sort: expr('sort') } },
	fields: [
		{ key: 'limit', label: 'Limit', clean: () => fc.integer({ min: 1, max: 5 }), invalid: fc.oneof(fc.constantFrom(0, -1, 2.5, 'many', '1.5'), fc.constant({ n: 1 })) },
		{ key: 'filter', label: 'Filters > Filter', clean: () => fc.constantFrom('', 'example', 'customer'), invalid: fc.oneof(fc.boolean(), fc.constant({ a: 1 }), fc.constant('[object Object]')) },
		{ key: 'sort', label: 'Filters > Sort', clean: () => fc.constantFrom('', 'name', '-email'), invalid: fc.oneof(fc.boolean(), fc.constant([1]), fc.constant('[object Object]')) },
	],
});

describe.each(specs)('Garmat $title: one invalid value', (spec) => {
	it.each(spec.fields.map((field) => [field.label, field] as const))('in "%s": refused naming that field and item, nothing sent for it', async (_label, field) => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 3 }).chain((count) => fc.record({ count: fc.constant(count), target: fc.nat(count - 1), continueOnFail: fc.boolean(), invalid: field.invalid, seed: fc.nat() })), async ({ count, target, continueOnFail, invalid, seed }) => {
				const sandbox = new GarmatSandbox();
				await sandbox.start();
				try {
					const users = Array.from({ length: count }, (_, i) => sandbox.seedUser({ email: `user${i}@example.com`, name: `User ${i}` }));
					const items = users.map((user, i) => {
						const item: IDataObject = { email: user.email, userId: user.id };
						for (const f of spec.fields) item[f.key] = fc.sample(f.clean(user, i), { seed: seed + i, numRuns: 1 })[0] as IDataObject[string];
						return item;
					});
					items[target][field.key] = invalid as IDataObject[string];
					const result = await runNode({ node: 'garmat', parameters: { resource: 'user', ...spec.parameters }, items, credentials: credentials(sandbox), continueOnFail });
					const expected = new RegExp(`^Invalid "${field.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" in item ${target}: \\S`);
					if (!continueOnFail) {
						expect(result.error?.message).toMatch(expected);
						expect(result.error?.context?.itemIndex).toBe(target);
						expect(sandbox.requests).toHaveLength(0);
						return;
					}
					expect(result.error).toBeUndefined();
					const out = result.items!;
					const errors = out.filter((item) => item.json.error !== undefined);
					expect(errors.map((item) => item.pairedItem)).toEqual([{ item: target }]);
					expect(String(errors[0].json.error)).toMatch(expected);
					if (spec.acts) expect(sandbox.requests.filter((r) => r.method === spec.acts!.method && spec.acts!.path.test(r.path))).toHaveLength(count - 1);
				} finally {
					await sandbox.stop();
				}
			}),
			{ numRuns: RUNS_PER_FIELD, ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }) },
		);
	}, 120_000);
});
