import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import { inputSchema, properties } from '../../nodes/OpsRamp/actions/user/create.operation';
import { runNode } from '../harness/workflow';
import { OpsRampSandbox } from '../sandbox/opsramp';
import { credentials, fromItems, hire } from './fixtures';

describe('OpsRamp: input checked before anything is sent', () => {
	let sandbox: OpsRampSandbox;
	beforeAll(async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
	});
	afterAll(async () => await sandbox.stop());
	beforeEach(() => sandbox.requests.splice(0));

	// Each case reads the value under test from the item by expression: item 0 is valid, item 1 is not.
	const V = '={{ $json.v }}';
	const cases: Array<{ name: string; parameters: IDataObject; good: IDataObject[string]; bad: IDataObject[string]; message: string }> = [
		{ name: 'an invalid email', parameters: { email: V }, good: 'a@b.co', bad: 'scarlet(at)gmail.com', message: 'Invalid "Email" in item 1: must be a valid email address' },
		{ name: 'a missing login name', parameters: { loginName: V }, good: 'ok', bad: '  ', message: 'Invalid "Login Name" in item 1: is required' },
		{
			name: 'a tenant ID with a slash',
			parameters: { tenantId: V },
			good: 'client_16',
			bad: 'client_16/../msp_15',
			message: 'Invalid "Tenant ID" in item 1: must be a client ID such as client_16 or a partner ID such as msp_15',
		},
		{ name: 'a short password', parameters: { additionalFields: { password: V } }, good: 'Ab1!xyz', bad: 'Ab1!', message: 'Invalid "Additional Fields > Password" in item 1: must have at least 7 characters' },
		{ name: 'a password without a digit', parameters: { additionalFields: { password: V } }, good: 'Abcdef1!', bad: 'Abcdefg!', message: 'Invalid "Additional Fields > Password" in item 1: must contain a number (0-9)' },
		{
			name: 'a password without a special character',
			parameters: { additionalFields: { password: V } },
			good: 'Abcdef1$',
			bad: 'Abcdefg1',
			message: 'Invalid "Additional Fields > Password" in item 1: must contain a special character such as # ! $ *',
		},
		{
			name: 'a password without an uppercase letter',
			parameters: { additionalFields: { password: V } },
			good: 'Abcdef1*',
			bad: 'abcdef1$',
			message: 'Invalid "Additional Fields > Password" in item 1: must contain an uppercase letter (A-Z)',
		},
		{
			name: 'a password without a lowercase letter',
			parameters: { additionalFields: { password: V } },
			good: 'ABCDEf1*',
			bad: 'ABCDEF1*',
			message: 'Invalid "Additional Fields > Password" in item 1: must contain a lowercase letter (a-z)',
		},
		{
			name: 'an invalid alternate email',
			parameters: { additionalFields: { altEmail: V } },
			good: 'alt@b.co',
			bad: 'nope',
			message: 'Invalid "Additional Fields > Alternate Email" in item 1: must be a valid email address',
		},
		{
			name: 'a notification user who is also an API user',
			parameters: { additionalFields: { userAccessTypes: V } },
			good: ['NOTIFICATION_USER'],
			bad: ['NOTIFICATION_USER', 'API_USER'],
			message: 'Invalid "Additional Fields > User Access Types" in item 1: a notification user cannot also be an API or portal user',
		},
		{
			name: 'a notification user who is also a portal user (comma-separated text)',
			parameters: { additionalFields: { userAccessTypes: V } },
			good: 'PORTAL_USER,API_USER',
			bad: 'PORTAL_USER, NOTIFICATION_USER',
			message: 'Invalid "Additional Fields > User Access Types" in item 1: a notification user cannot also be an API or portal user',
		},
		{
			name: 'an unknown access type',
			parameters: { additionalFields: { userAccessTypes: V } },
			good: ['API_USER'],
			bad: ['API_USER', 'ADMIN_USER'],
			message: 'Invalid "Additional Fields > User Access Types (entry 2)" in item 1: must be one of: NOTIFICATION_USER, API_USER, PORTAL_USER',
		},
		{
			name: 'specific user groups with User Group Type ALL',
			parameters: { additionalFields: { userGroupType: 'ALL', userGroups: V } },
			good: [],
			bad: ['Implementation Team'],
			message:
				'Invalid "Additional Fields > User Group Names or IDs" in item 1: must be empty when User Group Type is ALL: specific user groups are given without a User Group Type',
		},
		{
			name: 'specific user groups with User Group Type NONE',
			parameters: { additionalFields: { userGroupType: V, userGroups: ['Implementation Team'] } },
			good: '',
			bad: 'NONE',
			message:
				'Invalid "Additional Fields > User Group Names or IDs" in item 1: must be empty when User Group Type is NONE: specific user groups are given without a User Group Type',
		},
		{
			name: 'an account type outside the enumeration',
			parameters: { additionalFields: { userAccountType: V } },
			good: 'BUSINESS',
			bad: 'ADMIN',
			message: 'Invalid "Additional Fields > User Account Type" in item 1: must be one of: REGULAR, BUSINESS',
		},
		{
			name: 'a notification without a method',
			parameters: {
				additionalFields: {
					userNotifications: {
						notification: [
							{ notifyType: 'Account Information', notifyMethod: 'Email', notifyInputType: 'Primary Email', notifyRecurringReport: false },
							{ notifyType: 'Alert Notification', notifyMethod: V, notifyInputType: '', notifyRecurringReport: false },
						],
					},
				},
			},
			good: 'No Notify',
			bad: ' ',
			message: 'Invalid "Additional Fields > User Notifications > Notify Method (entry 2)" in item 1: is required',
		},
	];

	it.each(cases)('refuses $name, naming the field and the item, and sends nothing', async ({ parameters, good, bad, message }) => {
		const result = await runNode({
			node: 'opsramp',
			parameters: fromItems(parameters),
			items: [{ ...hire(0), v: good }, { ...hire(1), v: bad }],
			credentials: credentials(sandbox),
		});

		expect(result.error?.message).toBe(message);
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(sandbox.requests).toHaveLength(0);
	});

	it.each(cases)('accepts the valid value of "$name" (the check is not refusing everything)', async ({ parameters, good }) => {
		const result = await runNode({
			node: 'opsramp',
			parameters: fromItems(parameters),
			items: [{ ...hire(0), v: good }],
			credentials: credentials(sandbox),
			continueOnFail: true,
		});

		expect(result.items![0].json.error ?? '').not.toMatch(/^Invalid "/);
	});

	it('never repeats a refused password in the error', async () => {
		const result = await runNode({
			node: 'opsramp',
			parameters: fromItems({ additionalFields: { password: 'weakpassword' } }),
			items: [hire(0)],
			credentials: credentials(sandbox),
		});

		expect(result.error?.message).toContain('Password');
		expect(JSON.stringify({ message: result.error?.message, description: result.error?.description })).not.toContain('weakpassword');
	});

	it('lists every problem of the item in the description', async () => {
		const result = await runNode({
			node: 'opsramp',
			parameters: fromItems({ additionalFields: { altEmail: 'x', userAccountType: '={{ "ADMIN" }}' } }),
			items: [{ ...hire(0), email: 'y' }],
			credentials: credentials(sandbox),
		});

		expect(result.error?.description).toBe(
			'This item has 3 problems: "Email": must be a valid email address; "Additional Fields > Alternate Email": must be a valid email address; "Additional Fields > User Account Type": must be one of: REGULAR, BUSINESS. No request was sent for it.',
		);
	});

	it('accepts the document\'s own example password, ChangeMe@1234 ("@" counts as a special character)', () => {
		const parsed = inputSchema.safeParse({ ...hire(0), tenantId: 'client_16', password: 'ChangeMe@1234' });
		expect(parsed.success).toBe(true);
	});
});

describe('OpsRamp: the UI and the schema describe the same fields', () => {
	const shape = (inputSchema as unknown as { _def: { schema: z.AnyZodObject } })._def.schema.shape as Record<string, z.ZodTypeAny>;
	const topLevel = properties.filter((p) => p.name !== 'additionalFields' && p.name !== 'options');
	const additional = (properties.find((p) => p.name === 'additionalFields')!.options ?? []) as INodeProperties[];

	it('required properties are exactly the schema\'s required keys', () => {
		const requiredKeys = Object.keys(shape).filter((key) => !shape[key].safeParse(undefined).success);
		expect(topLevel.filter((p) => p.required).map((p) => p.name).sort()).toEqual(requiredKeys.sort());
		expect(topLevel.every((p) => p.required)).toBe(true);
	});

	it('every schema key is a field of the node, and every field a schema key', () => {
		expect([...topLevel, ...additional].map((p) => p.name).sort()).toEqual(Object.keys(shape).sort());
	});

	it('offers every request field of the document, and none of the server-set ones', () => {
		const documented = [
			'loginName', 'lastName', 'firstName', 'email', 'changePassword', 'designation', 'address', 'city', 'state', 'zip', 'country', 'altEmail',
			'phoneNumber', 'mobileNumber', 'timeZone', 'userNotifications', 'roles', 'userGroups', 'password', 'userAccountType', 'userGroupType', 'userAccessTypes',
		];
		const serverSet = ['id', 'authType', 'status', 'orgId', 'profileImage', 'createdTime', 'organizationName', 'updatedTime'];
		const names = Object.keys(shape);
		expect(names).toEqual(expect.arrayContaining([...documented, 'tenantId']));
		expect(names.filter((name) => serverSet.includes(name))).toEqual([]);
	});

	it('Additional Fields are sorted and the password field is masked', () => {
		const labels = additional.map((p) => p.displayName);
		expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
		expect(additional.find((p) => p.name === 'password')?.typeOptions?.password).toBe(true);
	});
});
