/**
 * Input of the operations after Create: the schema and the UI describe the same fields; an invalid
 * value in any one field of any one item stops the node naming that field and item before any
 * request (a fast-check property per operation, values given by expression as a flow gives them);
 * and under Continue On Fail a bad item and a missing user become error items in place.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldLabels } from '../../nodes/shared/validation';
import { OpsRampSandbox } from '../sandbox/opsramp';
import { TENANT } from './fixtures';
import { byEmail, GROUP, operation, seedPerson } from './lifecycleKit';

type Operation = { inputSchema: z.ZodTypeAny; properties: INodeProperties[] };
const operations: Record<string, Operation> = {
	get: require('../../nodes/OpsRamp/actions/user/get.operation'),
	getAll: require('../../nodes/OpsRamp/actions/user/getAll.operation'),
	update: require('../../nodes/OpsRamp/actions/user/update.operation'),
	delete: require('../../nodes/OpsRamp/actions/user/delete.operation'),
	deactivate: require('../../nodes/OpsRamp/actions/user/deactivate.operation'),
	activate: require('../../nodes/OpsRamp/actions/user/activate.operation'),
	addToGroup: require('../../nodes/OpsRamp/actions/user/addToGroup.operation'),
	removeFromGroup: require('../../nodes/OpsRamp/actions/user/removeFromGroup.operation'),
	'group getAll': require('../../nodes/OpsRamp/actions/group/getAll.operation'),
};

/** The keys of a schema, through refinements, intersections and the Find User By union. */
function shapeOf(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> {
	if (schema instanceof z.ZodEffects) return shapeOf(schema.innerType());
	if (schema instanceof z.ZodOptional) return shapeOf(schema.unwrap());
	if (schema instanceof z.ZodIntersection) return { ...shapeOf(schema._def.left), ...shapeOf(schema._def.right) };
	if (schema instanceof z.ZodDiscriminatedUnion) return Object.assign({}, ...[...schema.options.values()].map((option) => shapeOf(option as z.ZodTypeAny)));
	if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodTypeAny>;
	throw new Error(`no shape in ${schema.constructor.name}`);
}

const COLLECTIONS_IN_SCHEMA = ['updateFields', 'filters'];

describe.each(Object.entries(operations))('OpsRamp %s: schema and UI agree', (_name, op) => {
	const shape = shapeOf(op.inputSchema);
	const fields = op.properties.filter((p) => p.name !== 'options');
	const flat = fields.flatMap((p) => (p.name === 'additionalFields' ? (p.options as INodeProperties[]) : [p]));

	it('has a UI field for every schema key and a schema key for every UI field', () => {
		expect(flat.map((p) => p.name).sort()).toEqual(Object.keys(shape).sort());
		for (const collection of fields.filter((p) => COLLECTIONS_IN_SCHEMA.includes(p.name))) {
			const children = (collection.options as INodeProperties[]).map((p) => p.name).sort();
			expect(children).toEqual(Object.keys(shapeOf(shape[collection.name])).sort());
		}
	});

	it('requires in the schema every field the UI requires; the others always have a value or are checked as a whole', () => {
		for (const property of flat) {
			const optional = shape[property.name].isOptional();
			if (property.required) expect({ name: property.name, optional }).toEqual({ name: property.name, optional: false });
			else if (!optional) expect({ name: property.name, kind: property.type === 'options' || property.name === 'updateFields' }).toEqual({ name: property.name, kind: true });
		}
	});

	it('has a label for every key, nested ones included, and keeps collections sorted', () => {
		const labels = fieldLabels(op.properties);
		for (const key of Object.keys(shape)) expect(labels.get(key)).toBeTruthy();
		for (const collection of fields.filter((p) => p.type === 'collection')) {
			const names = (collection.options as INodeProperties[]).map((p) => p.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			for (const child of collection.options as INodeProperties[]) expect(labels.get(`${collection.name}.${child.name}`)).toBe(`${collection.displayName} > ${child.displayName}`);
		}
	});
});

/** A field given by expression from each item, its label, and values that must be refused. */
interface Field {
	key: string;
	label: string;
	invalid: unknown[];
}

const tenant: Field = { key: 'tenantId', label: 'Tenant ID', invalid: ['', 'client 16', 'a/b', true, '[object Object]'] };
const email: Field = { key: 'email', label: 'Email', invalid: ['not-an-email', '', 'a@b', 17] };
const findBy: Field = { key: 'findBy', label: 'Find User By', invalid: ['phone', 'ID'] };
const group: Field = { key: 'groupId', label: 'User Group Name or ID', invalid: ['', 'USRGRP/1', 'USRGRP 1'] };
const limit: Field = { key: 'limit', label: 'Limit', invalid: [0, -3, 1.5, 'many'] };

/** Per operation: the parameters (values from `$json`), a valid item, and the fields to spoil. */
const cases: Array<{ name: string; parameters: INodeParameters; item: IDataObject; fields: Field[] }> = [];
// With Find User By an expression, n8n checks both fields it may show: both are given.
const selected = { tenantId: '={{ $json.tenantId }}', findBy: '={{ $json.findBy }}', email: '={{ $json.email }}', userId: '={{ $json.userId }}' };
const selectedItem = { tenantId: TENANT, findBy: 'email', email: 'person1@example.com', userId: 'USR0000002145' };
for (const name of ['get', 'activate']) cases.push({ name, parameters: { operation: name, ...selected }, item: selectedItem, fields: [tenant, email, findBy] });
cases.push({
	name: 'update',
	parameters: {
		operation: 'update',
		...selected,
		updateFields: { designation: '={{ $json.designation }}', altEmail: '={{ $json.altEmail }}', password: '={{ $json.password }}', userAccountType: '={{ $json.userAccountType }}', lastName: '={{ $json.lastName }}' },
	},
	item: { ...selectedItem, designation: 'Architect', altEmail: 'alt@example.com', password: 'Val1d!Pass', userAccountType: 'REGULAR', lastName: 'John' },
	fields: [
		tenant,
		email,
		findBy,
		{ key: 'altEmail', label: 'Update Fields > Alternate Email', invalid: ['nope', 3] },
		{ key: 'password', label: 'Update Fields > Password', invalid: ['short', 'nouppercase1!', 'NoDigits!!'] },
		{ key: 'userAccountType', label: 'Update Fields > User Account Type', invalid: ['ADMIN', 'regular'] },
		{ key: 'lastName', label: 'Update Fields > Last Name', invalid: ['[object Object]', false] },
	],
});
cases.push({
	name: 'delete',
	parameters: { operation: 'delete', ...selected, maskType: '={{ $json.maskType }}', additionalFields: { terminateReason: '={{ $json.reason }}' } },
	item: { ...selectedItem, maskType: 'FULL', reason: 'Left' },
	fields: [tenant, email, findBy, { key: 'maskType', label: 'Mask Type', invalid: ['HALF', 'full', ''] }, { key: 'reason', label: 'Additional Fields > Terminate Reason', invalid: ['[object Object]', true] }],
});
cases.push({
	name: 'deactivate',
	parameters: { operation: 'deactivate', ...selected, additionalFields: { deactivateReason: '={{ $json.reason }}' } },
	item: { ...selectedItem, reason: 'On leave' },
	fields: [tenant, email, findBy, { key: 'reason', label: 'Additional Fields > Deactivate Reason', invalid: ['[object Object]', true] }],
});
for (const name of ['addToGroup', 'removeFromGroup']) {
	cases.push({ name, parameters: { operation: name, ...selected, groupId: '={{ $json.groupId }}' }, item: { ...selectedItem, groupId: GROUP }, fields: [tenant, email, findBy, group] });
}
cases.push({
	name: 'getAll',
	parameters: { operation: 'getAll', tenantId: '={{ $json.tenantId }}', returnAll: false, limit: '={{ $json.limit }}', filters: { loginName: '={{ $json.loginName }}', status: '={{ $json.status }}' } },
	item: { tenantId: TENANT, limit: 5, loginName: 'person', status: 'active' },
	fields: [tenant, limit, { key: 'loginName', label: 'Filters > Login Name', invalid: ['a+b', '[object Object]'] }, { key: 'status', label: 'Filters > Status', invalid: ['gone', 'ACTIVE'] }],
});
cases.push({
	name: 'group getAll',
	parameters: { resource: 'group', operation: 'getAll', tenantId: '={{ $json.tenantId }}', returnAll: false, limit: '={{ $json.limit }}' },
	item: { tenantId: TENANT, limit: 5 },
	fields: [tenant, limit],
});

describe('OpsRamp lifecycle: one invalid value stops the node naming field and item, before any request', () => {
	let sandbox: OpsRampSandbox;
	beforeAll(async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
	});
	afterAll(async () => await sandbox.stop());

	it.each(cases)('$name', async ({ parameters, item, fields }) => {
		const valid = await operation(sandbox, parameters, [item]);
		// The valid item is accepted (it may fail later, at OpsRamp, but not as input).
		expect(String(valid.error?.message ?? '')).not.toMatch(/^Invalid "/);

		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...fields), fc.nat(2), fc.nat(), async (field, badIndex, pick) => {
				sandbox.requests.length = 0;
				const items = [0, 1, 2].map((n) => ({ ...item, ...(n === badIndex ? { [field.key]: field.invalid[pick % field.invalid.length] } : {}) }) as IDataObject);
				const result = await operation(sandbox, parameters, items);
				expect(result.error?.message).toMatch(new RegExp(`^Invalid "${field.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" in item ${badIndex}: `));
				expect(result.error?.context?.itemIndex).toBe(badIndex);
				expect(sandbox.requests).toEqual([]);
			}),
			{ numRuns: 15 },
		);
	});
});

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
