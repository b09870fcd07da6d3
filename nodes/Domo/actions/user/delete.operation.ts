/**
 * Delete a user: DELETE https://api.domo.com/v1/users/{id} ("Permanently deletes a user from your
 * Domo instance"), the ID found by email through the user directory when the user gives an email.
 * Safe to re-run: a user already gone (no user with that email, or 404 for the ID) is a success
 * with `alreadyAbsent: true`.
 * https://developer.domo.com/docs/users-api-reference/users-2 (Delete a user)
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import { deletedOutput, readUserSelector, removeIdempotently } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { domoDirectory } from '../../directory';
import { userPath } from '../../transport';
import { domoRequestOptions, domoUserSelector, domoUserSelectorSchema } from '../common';

export const inputSchema = domoUserSelectorSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	{
		displayName:
			'Domo deletes the user permanently. Domo may refuse to delete a user who still owns content (e.g. DataSets or DataFlows): reassign it first.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	...domoUserSelector(),
	domoRequestOptions(),
];


const labels = fieldLabels(properties);

export function deleteUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = domoDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, readUserSelector(ctx, i), labels, ctx.getNode(), i),
		execute: async (selector, i) =>
			await directory.inTurn(selector, async () => {
				// By ID the DELETE itself tells: 404 means already gone. By email, the directory does.
				const found = selector.findBy === 'email' ? await directory.findByEmail(selector.email, i) : undefined;
				const id = selector.findBy === 'id' ? selector.userId : found?.id;
				if (id === undefined) return deletedOutput(selector, { alreadyAbsent: true });
				// Idempotent: a repeat after a lost answer finds the user gone (404) and counts as done.
				const outcome = await removeIdempotently(
					async () => await session.request({ method: 'DELETE', path: userPath(id), idempotent: true }, i),
				);
				if (found) directory.forget(found);
				return deletedOutput(selector, { ...outcome, id: selector.findBy === 'id' ? Number(id) : id });
			}),
	};
}

export const operation = defineOperation(
	{ name: 'Delete', action: 'Delete a user', description: 'Delete a user from your Domo instance, permanently' },
	properties,
	deleteUser,
);
