/**
 * Create user: POST {host}/api/v2/tenants/{tenantId}/users
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users/ (seed 002_dec1bde803387a9b)
 * Fields the page lists that only the server sets (id, authType, status, orgId, profileImage,
 * createdTime, organizationName, updatedTime) are outputs, not inputs.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import { additionalFieldsProperty, commonOptionsProperty, readFields } from '../../../shared/fields';
import type { CommonOptions } from '../../../shared/fields';
import { provisionUser, withProvisioningStatus } from '../../../shared/provision';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { OpsRampUser } from '../../transport';
import { findByLoginName, tenantPath } from '../../transport';
import { opsRampDirectories } from '../../directory';
import { inputSchema } from './create.schema';
import type { FieldName } from './fields';
import { optionalFields, userFieldsBody } from './fields';
import { withoutSecret } from './secret';

export { inputSchema };
type Input = z.output<typeof inputSchema>;

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


const labels = fieldLabels(properties);

/** The request body, with the documented field names; optional fields only when given. */
export function toBody(input: Input): IDataObject {
	return userFieldsBody(input);
}

export function createUser(ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, readFields(ctx, i, requiredFields.map((field) => field.name)), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const { tenantId } = input;
			// The password is the user's, not the credential's: mask it in any error text too.
			const { user, status } = await withoutSecret(input.password, async () =>
				await provisionUser<OpsRampUser>({
					node: ctx.getNode(),
					vendorName: 'OpsRamp',
					directory: directories.in(tenantId),
					email: input.email,
					ifUserExists: options.ifUserExists,
					itemIndex: i,
					findByOtherKey: async () => await findByLoginName(session, ctx.getNode(), input, i),
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

export const operation = defineOperation(
	{ name: 'Create', action: 'Create user', description: 'Create a user in a tenant' },
	properties,
	createUser,
);
