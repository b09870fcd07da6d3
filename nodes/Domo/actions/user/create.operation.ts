/**
 * Create a user: POST https://api.domo.com/v1/users?sendInvite=<true|false>
 * https://www.domo.com/docs/portal/6fc40f66c26e2-create-a-user
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { ExecutionDirectory } from '../../../shared/directory';
import { additionalFieldsProperty, commonOptionsProperty, readFields } from '../../../shared/fields';
import type { CommonOptions } from '../../../shared/fields';
import { provisionUser, withProvisioningStatus } from '../../../shared/provision';
import { emailAddress, oneOf, optionalBoolean, optionalEmail, optionalText, requiredText } from '../../../shared/schema';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { DomoUser } from '../../transport';
import { readDomoDirectory } from '../../transport';

export const ROLES = ['Admin', 'Privileged', 'Participant'] as const;

/**
 * Text sent as given, blank included: Domo's own example sends an empty timezone and locale,
 * which leaves the instance's default in place.
 */
const textKeptBlank = z.preprocess(
	(value) => (value === null ? undefined : value),
	z.string({ invalid_type_error: 'must be text' }).trim().optional(),
);

/**
 * The document types employeeNumber as a string in one table and an integer in the body; its
 * example sends a number, so a number goes on the wire. Numeric text (from a sheet) is accepted.
 */
const employeeNumber = z.preprocess(
	(value) => {
		if (value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
		return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
	},
	z
		.number({ invalid_type_error: 'must be a whole number' })
		.int('must be a whole number')
		.nonnegative('must be a whole number')
		.max(Number.MAX_SAFE_INTEGER, 'is too large')
		.optional(),
);

export const inputSchema = z.object({
	name: requiredText,
	email: emailAddress,
	role: oneOf([...ROLES]),
	// Always sent: Domo's Node SDK defaults it to true, its Python SDK to false.
	sendInvite: optionalBoolean.transform((value) => value ?? false),
	title: optionalText,
	alternateEmail: optionalEmail,
	phone: optionalText,
	location: optionalText,
	timezone: textKeptBlank,
	locale: textKeptBlank,
	employeeNumber,
});
type Input = z.output<typeof inputSchema>;
type FieldName = keyof Input;

const topLevelFields: Array<INodeProperties & { name: FieldName }> = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Leonhard Euler',
		description: "User's full name",
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. name@email.com',
		description: "User's primary email used in profile",
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		required: true,
		options: [
			{ name: 'Admin', value: 'Admin' },
			{ name: 'Participant', value: 'Participant' },
			{ name: 'Privileged', value: 'Privileged' },
		],
		default: 'Participant',
		description: 'The role of the user created',
	},
	{
		displayName: 'Send Invite',
		name: 'sendInvite',
		type: 'boolean',
		default: false,
		description:
			"Whether to send an email invite to the created user. Domo's own SDKs disagree on the default (the Node SDK invites, the Python SDK does not), so the node always sends this value.",
	},
];

const optionalFields: Array<INodeProperties & { name: FieldName }> = [
	{
		displayName: 'Alternate Email',
		name: 'alternateEmail',
		type: 'string',
		default: '',
		placeholder: 'e.g. name@email.com',
		description: "User's secondary email in profile",
	},
	{
		displayName: 'Employee Number',
		name: 'employeeNumber',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 0,
		placeholder: 'e.g. 23432',
		description: 'Employee number within company. Sent as a whole number, as in Domo\'s example; numeric text such as "23432" is accepted.',
	},
	{
		displayName: 'Locale',
		name: 'locale',
		type: 'string',
		default: '',
		placeholder: 'e.g. en-US',
		description:
			"Locale used to display to user the system settings throughout Domo application. Left empty, it is sent empty, as in Domo's example, and the instance default applies.",
	},
	{
		displayName: 'Location',
		name: 'location',
		type: 'string',
		default: '',
		placeholder: 'e.g. American Fork',
		description: 'Free text that can be used to define office location (e.g. City, State, Country)',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. 888-361-1078',
		description: 'Primary phone number of user',
	},
	{
		displayName: 'Timezone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'e.g. America/Denver',
		description:
			"Time zone used to display to user the system times throughout Domo application. Left empty, it is sent empty, as in Domo's example, and the instance default applies.",
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Software Engineer',
		description: "User's job title",
	},
];

export const properties: INodeProperties[] = [
	...topLevelFields,
	additionalFieldsProperty(optionalFields),
	commonOptionsProperty({
		name: 'Domo',
		lookupNote:
			'Domo has no email search: the check reads the whole user directory (500 users a request) once per execution and reuses it for later items',
		concurrencyNote: 'Domo allows about 3,000 requests per minute per instance; 429 answers are retried after the Retry-After wait.',
	}),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, properties);

const labels = fieldLabels(properties);

/** Body fields in the order of Domo's example; sendInvite goes in the query. */
const BODY_FIELDS = ['title', 'email', 'alternateEmail', 'role', 'phone', 'name', 'location', 'timezone', 'locale', 'employeeNumber'] as const;

/** The request body, with the documented field names; fields left out are not sent. */
export function toBody(input: Input): IDataObject {
	const body: IDataObject = {};
	for (const field of BODY_FIELDS) {
		if (input[field] !== undefined) body[field] = input[field];
	}
	return body;
}

export function createUser(ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions): ItemOperation<Input> {
	const directory = new ExecutionDirectory<DomoUser>(async (i) => await readDomoDirectory(session, i));
	return {
		parse: (i) =>
			validateItem(inputSchema, readFields(ctx, i, topLevelFields.map((field) => field.name)), labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await directory.oneAtATime(input.email, async () => {
				let createSent = false;
				const { user, status } = await provisionUser<DomoUser>({
					email: input.email,
					ifUserExists: options.ifUserExists,
					// A lookup after a create means its answer was lost: the directory read before it is stale.
					findByEmail: async (email) => await directory.find(email, i, { reload: createSent }),
					create: async () => {
						createSent = true;
						return await session.request<DomoUser>(
							{ method: 'POST', path: '/v1/users', qs: { sendInvite: input.sendInvite }, body: toBody(input), idempotent: false },
							i,
						);
					},
				});
				if (status === 'created') directory.remember(user);
				return withProvisioningStatus(user, status);
			}),
	};
}
