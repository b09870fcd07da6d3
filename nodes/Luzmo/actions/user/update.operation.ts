/**
 * Update user: POST {host}/0.1.0/user with { action: "update", id, properties: { ...only the fields
 * added } }. Luzmo overwrites the properties given and keeps the others, so nothing needs to be
 * read back first; the user is looked up only to refuse, clearly, one that does not exist.
 * https://developer.luzmo.com/api/updateUser
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { UserSelector } from '../../../shared/lifecycle';
import { mergeChanges, readUpdateFields, readUserSelector, someUpdate, updateFieldsProperty, userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import { optionalEmail } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { luzmoDirectory } from '../../directory';
import type { LuzmoUser } from '../../transport';
import { USER_PATH } from '../../transport';
import { luzmoRequestOptions, luzmoUserSelector, luzmoUserSelectorSchema } from '../common';
import { userPropertyFields, userPropertySchemas } from './properties';

/** Update User documents the Create properties plus `email`; it documents no password. */
export const updateFieldsSchema = z.object({ email: optionalEmail, ...userPropertySchemas });

export const inputSchema = luzmoUserSelectorSchema.and(z.object({ updateFields: someUpdate(updateFieldsSchema) }));
type Input = z.output<typeof inputSchema>;

const updateFields: Array<INodeProperties & { name: keyof z.output<typeof updateFieldsSchema> }> = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'e.g. john.doe@example.com',
		description: 'New email address of the user; they log in with it',
	},
	...userPropertyFields.map((field) => {
		// Lists replace the user's list as a whole, as Luzmo overwrites each property it is given.
		if (field.type !== 'fixedCollection') return field;
		return { ...field, description: `${field.description}. Replaces the user's current list.` };
	}),
];

export const properties: INodeProperties[] = [...luzmoUserSelector(), updateFieldsProperty(updateFields), luzmoRequestOptions()];


const labels = fieldLabels(properties);

/** The request body: only the properties the user added. */
export function toBody(id: string, changes: IDataObject): IDataObject {
	const given = Object.entries(changes).filter(([, value]) => value !== undefined);
	return { action: 'update', id, properties: Object.fromEntries(given) as IDataObject };
}

export function updateUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = luzmoDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readUserSelector(ctx, i), updateFields: readUpdateFields(ctx, i) }, labels, ctx.getNode(), i),
		execute: async (input, i): Promise<IDataObject> => {
			const selector = input as UserSelector;
			return await directory.withUser(selector, i, async (user) => {
				if (!user) throw userNotFound(ctx, 'Luzmo', selector, i);
				const body = toBody(user.id, input.updateFields as IDataObject);
				// Sending the same properties twice leaves the user as sending them once.
				const answer = await session.request<LuzmoUser | undefined>({ method: 'POST', path: USER_PATH, body, idempotent: true }, i);
				// Luzmo answers the updated user; should it answer less, show the user with the changes.
				return directory.remember(answer && typeof answer === 'object' && answer.id ? answer : mergeChanges(user, body.properties as IDataObject));
			});
		},
	};
}

export const operation = defineOperation(
	{ name: 'Update', action: 'Update a user', description: 'Change only the properties you add' },
	properties,
	updateUser,
);
