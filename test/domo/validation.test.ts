import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { z } from 'zod';

import { inputSchema, properties } from '../../nodes/Domo/actions/user/create.operation';
import { fieldLabels } from '../../nodes/shared/validation';
import { DomoSandbox } from '../sandbox/domo';
import { mappedParameters, person, runDomo } from './run';

const ALL_OPTIONAL = {
	additionalFields: {
		alternateEmail: '={{ $json.alternate }}',
		employeeNumber: '={{ $json.employee }}',
	},
	sendInvite: '={{ $json.invite ?? false }}',
};

interface BadInput {
	what: string;
	parameters?: INodeParameters;
	/** Item 0 is always valid; item 1 carries the problem. */
	bad: IDataObject;
	message: string;
}

const cases: BadInput[] = [
	{ what: 'a missing name', bad: person(1, { name: '  ' }), message: 'Invalid "Name" in item 1: is required' },
	{ what: 'an invalid email', bad: person(1, { email: 'not-an-email' }), message: 'Invalid "Email" in item 1: must be a valid email address' },
	{ what: 'a missing email', bad: person(1, { email: '' }), message: 'Invalid "Email" in item 1: is required' },
	{ what: 'a role Domo does not have', bad: person(1, { role: 'Owner' }), message: 'Invalid "Role" in item 1: must be one of: Admin, Privileged, Participant' },
	{ what: 'a role in the wrong case', bad: person(1, { role: 'admin' }), message: 'Invalid "Role" in item 1: must be one of: Admin, Privileged, Participant' },
	{
		what: 'an invalid alternate email',
		parameters: ALL_OPTIONAL,
		bad: person(1, { alternate: 'x@' }),
		message: 'Invalid "Additional Fields > Alternate Email" in item 1: must be a valid email address',
	},
	{
		what: 'a non-numeric employee number',
		parameters: ALL_OPTIONAL,
		bad: person(1, { employee: 'E-123' }),
		message: 'Invalid "Additional Fields > Employee Number" in item 1: must be a whole number',
	},
	{
		what: 'a fractional employee number',
		parameters: ALL_OPTIONAL,
		bad: person(1, { employee: 12.5 }),
		message: 'Invalid "Additional Fields > Employee Number" in item 1: must be a whole number',
	},
	{
		// Domo keeps employee numbers as whole numbers: "023432" would lose its zero (issue 19).
		what: 'an employee number with a leading zero',
		parameters: ALL_OPTIONAL,
		bad: person(1, { employee: '023432' }),
		message:
			'Invalid "Additional Fields > Employee Number" in item 1: starts with 0, which Domo would drop: it keeps employee numbers as whole numbers (023432 would become 23432). Enter it without the leading zero',
	},
	{
		what: 'a Send Invite that is not a boolean',
		parameters: ALL_OPTIONAL,
		bad: person(1, { invite: 'yes' }),
		message: 'Invalid "Send Invite" in item 1: must be true or false',
	},
];

describe('Domo: bad input fails before any request (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it.each(cases)('$what names the field and the item, and nothing is sent', async ({ parameters, bad, message }) => {
		const result = await runDomo(sandbox, {
			parameters: mappedParameters(parameters),
			items: [person(0, { employee: '7', invite: true }), bad],
		});
		expect(result.items).toBeUndefined();
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain('No request was sent');
		// Every item is validated before the first request: not even a token was asked for.
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.createdByEmail.size).toBe(0);
	});

	it('an employee number is sent as the number it is, never shortened: 23432, "23432" and " 0 " go as given, "023432" is refused', async () => {
		const result = await runDomo(sandbox, {
			parameters: mappedParameters(ALL_OPTIONAL),
			items: [person(0, { employee: 23432 }), person(1, { employee: '23432' }), person(2, { employee: ' 0 ' }), person(3, { employee: '023432' })],
			continueOnFail: true,
		});
		expect(sandbox.creates().map((r) => [r.body.email, r.body.employeeNumber])).toEqual([
			['user0@example.com', 23432],
			['user1@example.com', 23432],
			['user2@example.com', 0],
		]);
		expect(String(result.items![3].json.error)).toMatch(/^Invalid "Additional Fields > Employee Number" in item 3: starts with 0, which Domo would drop/);
	});

	it('with Continue On Fail, a bad item becomes an error item and the others are created', async () => {
		const result = await runDomo(sandbox, {
			parameters: mappedParameters(),
			items: [person(0), person(1, { email: 'nope' }), person(2)],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items![1].json.error).toBe('Invalid "Email" in item 1: must be a valid email address');
		expect(result.items!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect([...sandbox.createdByEmail.keys()]).toEqual(['user0@example.com', 'user2@example.com']);
		expect(sandbox.creates().map((r) => r.body.email)).not.toContain('nope');
	});
});

describe('Domo: the UI and the schema describe the same fields', () => {
	const shape = inputSchema.shape as Record<string, z.ZodTypeAny>;
	const requiredInSchema = Object.keys(shape).filter((key) => !shape[key].safeParse(undefined).success);

	it('required properties are exactly the schema keys that cannot be left out', () => {
		const requiredInUi = properties.filter((p) => p.required).map((p) => p.name);
		expect(requiredInUi.sort()).toEqual(requiredInSchema.sort());
		expect(requiredInSchema.sort()).toEqual(['email', 'name', 'role']);
	});

	it('every schema key has a field in the UI, and every field of the document is in the schema', () => {
		const labels = fieldLabels(properties);
		for (const key of Object.keys(shape)) expect(labels.has(key)).toBe(true);
		const documented = ['name', 'email', 'role', 'sendInvite', 'title', 'alternateEmail', 'phone', 'location', 'timezone', 'locale', 'employeeNumber'];
		expect(Object.keys(shape).sort()).toEqual(documented.sort());
	});

	it('offers the documented roles as a dropdown', () => {
		const role = properties.find((p) => p.name === 'role');
		expect(role?.type).toBe('options');
		expect((role?.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['Admin', 'Participant', 'Privileged']);
	});
});
