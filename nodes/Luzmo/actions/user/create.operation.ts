/**
 * Create user: POST {host}/0.1.0/user with { action: "create", properties: { email, ... } }
 * (key, token and version are added to the body by the credential)
 * https://developer.luzmo.com/api/createUser
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { additionalFieldsProperty, commonOptionsProperty, readFields } from '../../../shared/fields';
import type { CommonOptions } from '../../../shared/fields';
import { provisionUser, withProvisioningStatus } from '../../../shared/provision';
import { emailAddress } from '../../../shared/schema';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { luzmoDirectory } from '../../directory';
import type { LuzmoUser } from '../../transport';
import { USER_PATH } from '../../transport';
import { userPropertyFields, userPropertySchemas } from './properties';

/** The documented `properties` of a new user, keyed by their API names. */
export const inputSchema = z.object({
	email: emailAddress,
	...userPropertySchemas,
});
type Input = z.output<typeof inputSchema>;
type FieldName = keyof Input;

const requiredFields: Array<INodeProperties & { name: FieldName }> = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. john.doe@example.com',
		description: 'Email address of the new user; they log in with it',
	},
];

export const properties: INodeProperties[] = [
	...requiredFields,
	additionalFieldsProperty(userPropertyFields),
	commonOptionsProperty({
		name: 'Luzmo',
		lookupNote:
			'The check is one search by email in your organization. Luzmo shows no users of other organizations, so an email taken there still fails on create',
		concurrencyNote: 'Luzmo allows 10 requests per second per API token, with bursts up to 200; a 429 answer is retried with backoff.',
	}),
];


const labels = fieldLabels(properties);

/** The request body: `properties` with the documented names, only the fields that were given. */
export function toBody(input: Input): IDataObject {
	const given = Object.entries(input).filter(([, value]) => value !== undefined);
	return { action: 'create', properties: Object.fromEntries(given) as IDataObject };
}

export function createUser(ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions): ItemOperation<Input> {
	const directory = luzmoDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, readFields(ctx, i, requiredFields.map((field) => field.name)), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const { user, status } = await provisionUser<LuzmoUser>({
				node: ctx.getNode(),
				vendorName: 'Luzmo',
				directory,
				email: input.email,
				ifUserExists: options.ifUserExists,
				itemIndex: i,
				create: async () => await session.request<LuzmoUser>({ method: 'POST', path: USER_PATH, body: toBody(input), idempotent: false }, i),
			});
			return withProvisioningStatus(user, status);
		},
	};
}

export const operation = defineOperation(
	{ name: 'Create', action: 'Create a user', description: 'Create a user in your organization' },
	properties,
	createUser,
);
