/**
 * Update user: PUT {base}/api/users/{id} (operation "Update user"). The user is found in the list
 * first (by ID or email), the fields added under Update Fields are merged into it, and the whole
 * writable record is sent, so only those fields change (see changeUser in common.ts).
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-update
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readUpdateFields, readUserSelector, someUpdate, updateFieldsProperty, userNotFound, userSelectorSchema } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import { optionalEmail, optionalOneOf, optionalText } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { changeUser, optionsProperty, ROLE_OPTIONS, ROLES, selectorProperties, STATUS_OPTIONS, STATUSES } from './common';
import { garmatDirectory } from '../../directory';

const updateFieldsSchema = z.object({
	name: optionalText,
	email: optionalEmail,
	role: optionalOneOf([...ROLES]),
	status: optionalOneOf([...STATUSES]),
});

export const inputSchema = userSelectorSchema.and(z.object({ updateFields: someUpdate(updateFieldsSchema) }));
type Input = z.output<typeof inputSchema>;

/** The User object's fields, named and typed as Create user documents them. */
const updateFields: Array<INodeProperties & { name: keyof z.output<typeof updateFieldsSchema> }> = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Test User', description: 'Name of the user' },
	{ displayName: 'Email', name: 'email', type: 'string', default: '', placeholder: 'e.g. name@email.com', description: 'Email address of the user' },
	{ displayName: 'Role', name: 'role', type: 'options', options: ROLE_OPTIONS, default: 'customer_read_only', description: 'Role of the user' },
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: STATUS_OPTIONS,
		default: 'active',
		description: 'Status of the user. Deactivated users keep their record; the Deactivate operation does only this.',
	},
];

export const properties: INodeProperties[] = [...selectorProperties(), updateFieldsProperty(updateFields), optionsProperty()];


const labels = fieldLabels(properties);

export function updateUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = garmatDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readUserSelector(ctx, i), updateFields: readUpdateFields(ctx, i) }, labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await directory.withUser(input, i, async (current) => {
				const updated = current && (await changeUser(session, current, input.updateFields as IDataObject, i));
				if (!updated) throw userNotFound(ctx, 'Garmat', input, i);
				directory.remember(updated);
				return updated;
			}),
	};
}

export const operation = defineOperation(
	{ name: 'Update', action: 'Update a user', description: 'Change a user\'s name, email, role or status' },
	properties,
	updateUser,
);
