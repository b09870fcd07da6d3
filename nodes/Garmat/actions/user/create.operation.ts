/**
 * Create user: POST {base}/api/users
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-create
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { additionalFieldsProperty, commonOptionsProperty, readFields } from '../../../shared/fields';
import type { CommonOptions } from '../../../shared/fields';
import { provisionUser, withProvisioningStatus } from '../../../shared/provision';
import { emailAddress, oneOf, optionalOneOf, optionalText, requiredText } from '../../../shared/schema';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { GarmatUser } from '../../transport';
import { garmatDirectory } from '../../directory';
import { ROLE_OPTIONS, ROLES, STATUS_OPTIONS, STATUSES } from './common';

export { ROLES, STATUSES };

export const inputSchema = z.object({
	name: requiredText,
	email: emailAddress,
	role: oneOf([...ROLES]),
	status: optionalOneOf([...STATUSES]),
	account_id: optionalText,
});
type Input = z.output<typeof inputSchema>;
type FieldName = keyof Input;

const requiredFields: Array<INodeProperties & { name: FieldName }> = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Test User',
		description: 'Name of the user to create',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. name@email.com',
		description: 'Email of the user to create',
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		required: true,
		options: ROLE_OPTIONS,
		default: 'customer_read_only',
		description: 'Role of the user to create',
	},
];

const optionalFields: Array<INodeProperties & { name: FieldName }> = [
	{
		displayName: 'Account ID',
		name: 'account_id',
		type: 'string',
		default: '',
		placeholder: 'e.g. f260f115-f2e6-4dde-bcab-98b10fdb8cf6',
		description:
			'ID of the account to associate the user to. Only valid for Garmat admins: the API documents it as required, but customer API keys must leave it empty (the user joins the key\'s own account).',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: STATUS_OPTIONS,
		default: 'active',
		description: 'Status of the user to create',
	},
];

export const properties: INodeProperties[] = [
	...requiredFields,
	additionalFieldsProperty(optionalFields),
	commonOptionsProperty({
		name: 'Garmat',
		lookupNote:
			'Garmat has no email search: the check reads the account\'s users (100 a request) once per execution and reuses them for later items',
		concurrencyNote: 'Garmat does not publish its limit; 429 and "API limit reached" answers are retried with backoff.',
	}),
];


const labels = fieldLabels(properties);

/** The request body, with the documented field names. */
export function toBody(input: Input): IDataObject {
	const body: IDataObject = { name: input.name, email: input.email, role: input.role };
	if (input.status !== undefined) body.status = input.status;
	if (input.account_id !== undefined) body.account_id = input.account_id;
	return body;
}

export function createUser(ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions): ItemOperation<Input> {
	const directory = garmatDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, readFields(ctx, i, requiredFields.map((field) => field.name)), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const { user, status } = await provisionUser<GarmatUser>({
				node: ctx.getNode(),
				vendorName: 'Garmat',
				directory,
				email: input.email,
				ifUserExists: options.ifUserExists,
				itemIndex: i,
				create: async () => await session.request<GarmatUser>({ method: 'POST', path: '/api/users', body: toBody(input), idempotent: false }, i),
			});
			return withProvisioningStatus(user, status);
		},
	};
}

export const operation = defineOperation(
	{ name: 'Create', action: 'Create user', description: 'Create a user in your account' },
	properties,
	createUser,
);
