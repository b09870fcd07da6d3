/**
 * Create user: POST {host}/api/v2/tenants/{tenantId}/users
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users/ (seed 002_dec1bde803387a9b)
 * Fields the page lists that only the server sets (id, authType, status, orgId, profileImage,
 * createdTime, organizationName, updatedTime) are outputs, not inputs.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { z } from 'zod';

import { additionalFieldsProperty, commonOptionsProperty, readFields } from '../../../shared/fields';
import type { CommonOptions } from '../../../shared/fields';
import { provisionUser, withProvisioningStatus } from '../../../shared/provision';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { OpsRampUser } from '../../transport';
import { findOpsRampUser, tenantPath } from '../../transport';
import { inputSchema, NOTIFY_TYPES } from './create.schema';
import { withoutSecret } from './secret';

export { inputSchema };
type Input = z.output<typeof inputSchema>;
type FieldName = keyof z.input<typeof inputSchema>;

// Dropdowns loaded from the API carry n8n's standard description; what they mean is in their hint.
const requiredFields: Array<INodeProperties & { name: FieldName }> = [
	{
		displayName: 'Tenant ID',
		name: 'tenantId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. client_16',
		description: 'The clientId or mspId of the tenant to create the user in: a client ID such as client_16 or a partner ID such as msp_15',
	},
	{
		displayName: 'Login Name',
		name: 'loginName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ScarletJohn',
		description: 'User login name',
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Scarlet',
		description: 'User first name',
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. John',
		description: 'User last name',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. name@email.com',
		description: 'Email of the user. Alert and report notifications are sent to this address.',
	},
];

const text = (displayName: string, name: FieldName, description: string, placeholder: string): INodeProperties & { name: FieldName } => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description,
});

const optionalFields: Array<INodeProperties & { name: FieldName }> = [
	text('Address', 'address', 'User address', 'e.g. 300 BOYLSTON AVE E'),
	text('Alternate Email', 'altEmail', 'Alternate email of the user', 'e.g. name@email.com'),
	{
		displayName: 'Change Password',
		name: 'changePassword',
		type: 'boolean',
		default: false,
		description: 'Whether the user must change the password at the next login (the changePassword flag of the document)',
	},
	text('City', 'city', 'City name', 'e.g. SEATTLE'),
	{
		displayName: 'Country Name or ID',
		name: 'country',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCountries' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Country name, from the Get Countries API',
	},
	text('Designation', 'designation', 'User designation', 'e.g. Architect'),
	text('Mobile Number', 'mobileNumber', 'User mobile number', 'e.g. 623-731-1540'),
	{
		displayName: 'Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'At least 7 characters with at least one number (0-9), one special character (# ! $ *), one lowercase (a-z) and one uppercase (A-Z) letter. Never shown in errors or outputs.',
	},
	text('Phone Number', 'phoneNumber', 'User phone number', 'e.g. 206-232-4543'),
	{
		displayName: 'Role Names or IDs',
		name: 'roles',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getRoles', loadOptionsDependsOn: ['tenantId'] },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Roles (permission sets on devices and device groups) to assign, by name, from the Search Roles API of the tenant',
	},
	text('State', 'state', 'State name', 'e.g. WA'),
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'fixedCollection',
		placeholder: 'Add Time Zone',
		default: {},
		description: 'Time zone of the user, from the Get Timezones API',
		options: [
			{
				displayName: 'Time Zone',
				name: 'value',
				values: [
					{
						displayName: 'Code',
						name: 'code',
						type: 'string',
						default: '',
						placeholder: 'e.g. EST',
						description: 'Time zone code, as the Get Timezones API lists it',
					},
					{
						displayName: 'Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getTimezones' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						hint: 'Time zone name such as America/New_York',
					},
				],
			},
		],
	},
	{
		displayName: 'User Access Types',
		name: 'userAccessTypes',
		type: 'multiOptions',
		options: [
			{ name: 'API User', value: 'API_USER' },
			{ name: 'Notification User', value: 'NOTIFICATION_USER' },
			{ name: 'Portal User', value: 'PORTAL_USER' },
		],
		default: [],
		description: 'How the user may access OpsRamp. A notification user cannot also be an API or portal user.',
	},
	{
		displayName: 'User Account Type',
		name: 'userAccountType',
		type: 'options',
		options: [
			{ name: 'Business', value: 'BUSINESS' },
			{ name: 'Regular', value: 'REGULAR' },
		],
		default: 'REGULAR',
		description: 'Regular or business user. API access is limited to regular users.',
	},
	{
		displayName: 'User Group Names or IDs',
		name: 'userGroups',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getUserGroups', loadOptionsDependsOn: ['tenantId'] },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Specific user groups to add the user to, by name, from the Search User Groups API; only without a User Group Type',
	},
	{
		displayName: 'User Group Type',
		name: 'userGroupType',
		type: 'options',
		options: [
			{ name: 'All', value: 'ALL', description: 'Member of every user group' },
			{ name: 'None', value: 'NONE', description: 'An individual user, in no user group' },
		],
		default: 'NONE',
		description: 'Member of all user groups or of none. For specific groups, leave this out and fill User Groups.',
	},
	{
		displayName: 'User Notifications',
		name: 'userNotifications',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Notification',
		default: {},
		description: 'How the user receives account information, alert and report notifications',
		options: [
			{
				displayName: 'Notification',
				name: 'notification',
				values: [
					{
						displayName: 'Notify Type',
						name: 'notifyType',
						type: 'options',
						options: NOTIFY_TYPES.map((value) => ({ name: value, value })),
						default: 'Account Information',
						description: 'Which notifications this entry is about',
					},
					{
						displayName: 'Notify Method',
						name: 'notifyMethod',
						type: 'string',
						default: 'Email',
						placeholder: 'e.g. Email',
						description: 'How they are sent, e.g. Email, or No Notify for none',
					},
					{
						displayName: 'Notify Input Type',
						name: 'notifyInputType',
						type: 'string',
						default: '',
						placeholder: 'e.g. Primary Email',
						description: 'Which address they go to, e.g. Primary Email; leave empty when the method is No Notify',
					},
					{
						displayName: 'Notify Recurring Report',
						name: 'notifyRecurringReport',
						type: 'boolean',
						default: false,
						description: 'Whether recurring reports are sent too',
					},
				],
			},
		],
	},
	text('Zip', 'zip', 'Zip code', 'e.g. 98102'),
];

export const properties: INodeProperties[] = [
	...requiredFields,
	additionalFieldsProperty(optionalFields),
	commonOptionsProperty({
		name: 'OpsRamp',
		lookupNote: 'The check uses the Search Users API of the tenant, by email (mailId) and by login name',
		concurrencyNote:
			'OpsRamp allows 50 create requests per minute per tenant and announces what is left in X-RateLimit headers; a 429 waits until X-RateLimit-Reset.',
	}),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, properties);

const labels = fieldLabels(properties);

/** The request body, with the documented field names; optional fields only when given. */
export function toBody(input: Input): IDataObject {
	const body: IDataObject = {
		loginName: input.loginName,
		firstName: input.firstName,
		lastName: input.lastName,
		email: input.email,
	};
	const optional = [
		'password',
		'changePassword',
		'designation',
		'address',
		'city',
		'state',
		'zip',
		'country',
		'altEmail',
		'phoneNumber',
		'mobileNumber',
		'timeZone',
		'userNotifications',
		'userGroupType',
		'userAccountType',
		'userAccessTypes',
	] as const;
	for (const key of optional) {
		const value = input[key];
		if (value !== undefined) body[key] = value as IDataObject[keyof IDataObject];
	}
	if (input.roles?.length) body.roles = input.roles.map((name) => ({ name }));
	if (input.userGroups?.length) body.userGroups = input.userGroups.map((name) => ({ name }));
	return body;
}

export function createUser(ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions): ItemOperation<Input> {
	return {
		parse: (i) =>
			validateItem(inputSchema, readFields(ctx, i, requiredFields.map((field) => field.name)), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const { tenantId } = input;
			// The password is the user's, not the credential's: mask it in any error text too.
			const { user, status } = await withoutSecret(input.password, async () =>
				await provisionUser<OpsRampUser>({
					email: input.email,
					ifUserExists: options.ifUserExists,
					findByEmail: async () => await findOpsRampUser(session, ctx.getNode(), input, i),
					create: async () =>
						await session.request<OpsRampUser>(
							{ method: 'POST', path: `${tenantPath(tenantId)}/users`, body: toBody(input), idempotent: false },
							i,
						),
				}),
			);
			// OpsRamp does not return the password; should it ever, it does not reach the output.
			const output: IDataObject = { ...user };
			delete output.password;
			return withProvisioningStatus(output, status);
		},
	};
}
