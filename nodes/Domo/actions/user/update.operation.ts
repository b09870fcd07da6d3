/**
 * Update a user: PUT https://api.domo.com/v1/users/{id} with a JSON body.
 * Domo's document: "Any parameter left out of the request will cause the specific user's attribute
 * to remain unchanged", with the known limitation "Currently all user fields are required". So
 * the node reads the user first (GET /v1/users/{id}) and sends the whole record with only the
 * fields the user added changed: read-modify-write.
 * https://developer.domo.com/docs/users-api-reference/users-2 (Update a user)
 * https://www.domo.com/docs/portal/6d07be3b66fad-update-a-user
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { mergeChanges, readUpdateFields, readUserSelector, someUpdate, updateFieldsProperty, userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import { optionalEmail, optionalOneOf, optionalText } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { domoDirectory } from '../../directory';
import type { DomoUser } from '../../transport';
import { userPath } from '../../transport';
import { domoRequestOptions, domoUserSelector, domoUserSelectorSchema } from '../common';
import { optionalFields, optionalFieldSchemas, ROLES, roleOptions, userBody } from './userFields';

const updateFieldSchemas = z.object({
	name: optionalText,
	email: optionalEmail,
	role: optionalOneOf([...ROLES]),
	...optionalFieldSchemas,
});

export const inputSchema = domoUserSelectorSchema.and(z.object({ updateFields: someUpdate(updateFieldSchemas) }));
type Input = z.output<typeof inputSchema>;
type UpdateFieldName = keyof z.output<typeof updateFieldSchemas>;

const updateFields: Array<INodeProperties & { name: UpdateFieldName }> = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Leonhard Euler',
		description: "User's full name",
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'e.g. name@email.com',
		description: "User's new primary email used in profile",
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		options: roleOptions,
		default: 'Participant',
		description: 'The system role of the user',
	},
	...optionalFields,
];

const selector = domoUserSelector();
const updateFieldsCollection = updateFieldsProperty(updateFields);

export const properties: INodeProperties[] = [...selector, updateFieldsCollection, domoRequestOptions()];


// Find User By's Email and Update Fields > Email share the flat key "email": the selector is
// labelled last so that it keeps it, and the collection's child is "updateFields.email".
const labels = fieldLabels([updateFieldsCollection, ...selector]);

export function updateUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = domoDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readUserSelector(ctx, i), updateFields: readUpdateFields(ctx, i) }, labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await directory.withUser(input, i, async (found) => {
				// Read fresh by ID even when found by email: the PUT writes the whole record back.
				const current = found && (await directory.findById(String(found.id), i, { fresh: true }));
				if (!current) throw userNotFound(ctx, 'Domo', input, i);
				// Domo never returns timezone and locale, so they are sent only when the user added them.
				const merged = mergeChanges<DomoUser>(current, input.updateFields);
				const answer = await session.request<unknown>({ method: 'PUT', path: userPath(current.id), body: userBody(merged), idempotent: true }, i);
				// The document promises a 200 and no body; a user object, when Domo sends one, is the truth.
				const updated = answer && typeof answer === 'object' && !Array.isArray(answer) && 'id' in answer ? (answer as DomoUser) : merged;
				return directory.remember(updated);
			}),
	};
}

export const operation = defineOperation(
	{ name: 'Update', action: 'Update a user', description: "Change a user's profile fields or role" },
	properties,
	updateUser,
);
