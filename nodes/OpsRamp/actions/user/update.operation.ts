/**
 * Update user: POST {host}/api/v2/tenants/{tenantId}/users/{userId}, body the user schema of
 * Create User, answering 200.
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users-userid/
 * Only the fields the user added are sent. The page does not say whether a field left out is
 * kept; HPE's own client for OpsRamp (HPE/terraform-provider-opsramp, internal/client/user.go and
 * user_models.go) sends every field `omitempty` and leaves user groups out of its updates while
 * reading them back from the answer, i.e. OpsRamp keeps what a partial update leaves out. So no
 * read-modify-write: sending back a read record would also turn roles a user has through a user
 * group into roles of their own. The answer may be empty (HPE's client then reads the user).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readUpdateFields, someUpdate, updateFieldsProperty, userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { opsRampDirectories } from '../../directory';
import type { OpsRampUser } from '../../transport';
import { getUser, userPath } from '../../transport';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, VENDOR, WRITE_LIMIT } from '../common';
import { userFieldsSchema } from './create.schema';
import { identityFields, optionalFields, userFieldsBody } from './fields';
import { withoutSecret } from './secret';

export const inputSchema = selectedUserSchema.and(z.object({ updateFields: someUpdate(userFieldsSchema) }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	updateFieldsProperty([...identityFields, ...optionalFields]),
	optionsProperty(`Each update is a lookup and one POST. ${WRITE_LIMIT}`),
];


const labels = fieldLabels(properties);

export function updateUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) => validateItem(inputSchema, { ...readSelectedUser(ctx, i), updateFields: readUpdateFields(ctx, i) }, labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const changes = input.updateFields as z.output<typeof userFieldsSchema>;
			const directory = directories.in(input.tenantId);
			const updated = await withoutSecret(changes.password, async () =>
				await directory.withUser(input, i, async (user) => {
					if (!user) throw userNotFound(ctx, VENDOR, input, i);
					// Setting the same fields twice leaves the user as setting them once: safe to resend.
					const answer = await session.request<OpsRampUser | string | undefined>(
						{ method: 'POST', path: userPath(input.tenantId, user.id), body: userFieldsBody(changes), idempotent: true },
						i,
					);
					return directory.remember(answer && typeof answer === 'object' && answer.id ? answer : await getUser(session, input.tenantId, user.id, i));
				}),
			);
			const output: IDataObject = Object.assign({}, updated);
			delete output.password;
			return output;
		},
	};
}

export const operation = defineOperation(
	{ name: 'Update', action: 'Update a user', description: 'Change the fields of a user' },
	properties,
	updateUser,
);
