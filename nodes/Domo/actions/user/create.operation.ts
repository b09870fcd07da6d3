/**
 * Create a user: POST https://api.domo.com/v1/users?sendInvite=<true|false>
 * https://www.domo.com/docs/portal/6fc40f66c26e2-create-a-user
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { additionalFieldsProperty, commonOptionsProperty, readFields } from '../../../shared/fields';
import type { CommonOptions } from '../../../shared/fields';
import { provisionUser, withProvisioningStatus } from '../../../shared/provision';
import { emailAddress, oneOf, optionalBoolean, requiredText } from '../../../shared/schema';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { DomoUser } from '../../transport';
import { domoDirectory } from '../../directory';
import { optionalFields, optionalFieldSchemas, ROLES, roleOptions, userBody } from './userFields';

export { ROLES };

export const inputSchema = z.object({
	name: requiredText,
	email: emailAddress,
	role: oneOf([...ROLES]),
	// Always sent: Domo's Node SDK defaults it to true, its Python SDK to false.
	sendInvite: optionalBoolean.transform((value) => value ?? false),
	...optionalFieldSchemas,
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
		options: roleOptions,
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


const labels = fieldLabels(properties);

/** The request body, with the documented field names; fields left out are not sent. */
export function toBody(input: Input): IDataObject {
	return userBody(input);
}

export function createUser(ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions): ItemOperation<Input> {
	const directory = domoDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, readFields(ctx, i, topLevelFields.map((field) => field.name)), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const { user, status } = await provisionUser<DomoUser>({
				node: ctx.getNode(),
				vendorName: 'Domo',
				directory,
				email: input.email,
				ifUserExists: options.ifUserExists,
				itemIndex: i,
				create: async () =>
					await session.request<DomoUser>(
						{ method: 'POST', path: '/v1/users', qs: { sendInvite: input.sendInvite }, body: toBody(input), idempotent: false },
						i,
					),
			});
			return withProvisioningStatus(user, status);
		},
	};
}

export const operation = defineOperation(
	{ name: 'Create', action: 'Create user', description: 'Create a user in your Domo instance' },
	properties,
	createUser,
);
