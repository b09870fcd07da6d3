/**
 * Delete user: POST {host}/0.1.0/user with { action: "delete", id }, after a `get` that finds the
 * user (by ID or email) in the caller's organization. A user Luzmo does not show is already gone:
 * success with `alreadyAbsent: true`, nothing sent, so an offboarding flow can run again.
 * https://developer.luzmo.com/api/deleteUser
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import type { UserSelector } from '../../../shared/lifecycle';
import { deletedOutput, readUserSelector, removeIdempotently } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { luzmoDirectory } from '../../directory';
import { USER_PATH } from '../../transport';
import { luzmoRequestOptions, luzmoUserSelector, luzmoUserSelectorSchema } from '../common';

export const inputSchema = luzmoUserSelectorSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...luzmoUserSelector(), luzmoRequestOptions()];


const labels = fieldLabels(properties);

export function deleteUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = luzmoDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, readUserSelector(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i): Promise<IDataObject> => {
			const selector = input as UserSelector;
			return await directory.withUser(selector, i, async (user) => {
				if (!user) return deletedOutput(selector, { alreadyAbsent: true });
				// A delete repeated after a lost answer finds the user gone (404): the first one did it.
				// The user was there a moment ago, so this run removed them either way.
				await removeIdempotently(
					async () => await session.request({ method: 'POST', path: USER_PATH, body: { action: 'delete', id: user.id }, idempotent: true }, i),
				);
				directory.forget(user);
				return deletedOutput(selector, { alreadyAbsent: false, id: user.id });
			});
		},
	};
}

export const operation = defineOperation(
	{ name: 'Delete', action: 'Delete a user', description: 'Delete a user; one already gone counts as done' },
	properties,
	deleteUser,
);
