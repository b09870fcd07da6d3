/**
 * The user's writable fields as the node shows them, shared by Create User (Additional Fields)
 * and Update User (Update Fields): OpsRamp's Update User takes the same user schema as Create
 * User (https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users-userid/).
 * Names are the document's field names, so a property's name is its key in the request body.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import type { inputSchema, userFieldsSchema } from './create.schema';
import { NOTIFY_TYPES } from './create.schema';

export type FieldName = keyof z.input<typeof inputSchema>;

// Dropdowns loaded from the API carry n8n's standard description; what they mean is in their hint.
export const text = (displayName: string, name: FieldName, description: string, placeholder: string): INodeProperties & { name: FieldName } => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description,
});

export const optionalFields: Array<INodeProperties & { name: FieldName }> = [
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


/** What Create User requires, optional in an update: given, they replace the current value. */
export const identityFields: Array<INodeProperties & { name: FieldName }> = [
	text('Email', 'email', 'Email of the user. Alert and report notifications are sent to this address.', 'e.g. name@email.com'),
	text('First Name', 'firstName', 'User first name', 'e.g. Scarlet'),
	text('Last Name', 'lastName', 'User last name', 'e.g. John'),
	text('Login Name', 'loginName', 'User login name', 'e.g. Scarlet.John'),
];

/** Fields sent as they were validated, under the same name. */
const PLAIN_FIELDS = [
	'loginName',
	'firstName',
	'lastName',
	'email',
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

type UserFields = Partial<z.output<typeof userFieldsSchema>>;

/**
 * The body fields of the user fields that are set, under the document's names: roles and user
 * groups as lists of { name }. Fields left out are not sent.
 */
export function userFieldsBody(input: UserFields): IDataObject {
	const body: IDataObject = {};
	for (const key of PLAIN_FIELDS) {
		const value = input[key];
		if (value !== undefined) body[key] = value as IDataObject[keyof IDataObject];
	}
	if (input.roles?.length) body.roles = input.roles.map((name) => ({ name }));
	if (input.userGroups?.length) body.userGroups = input.userGroups.map((name) => ({ name }));
	return body;
}
