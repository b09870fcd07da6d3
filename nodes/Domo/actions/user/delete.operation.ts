/**
 * Delete a user: DELETE https://api.domo.com/v1/users/{id} ("Permanently deletes a user from your
 * Domo instance"), the ID found by email through the user directory when the user gives an email.
 * Safe to re-run: a user not there (no user with that email, or 404 for the ID) gives
 * `deleted: false` with `alreadyAbsent: true`; with If Not Found set to Error, a failed item.
 * https://developer.domo.com/docs/users-api-reference/users-2 (Delete a user)
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { deletedOutput, ifNotFoundField, ifNotFoundProperty, noSuchUser, nothingToRemove, readIfNotFound, readUserSelector, removeIdempotently } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { domoDirectory } from '../../directory';
import { userPath } from '../../transport';
import { domoRequestOptions, domoUserSelector, domoUserSelectorSchema } from '../common';

export const inputSchema = domoUserSelectorSchema.and(z.object(ifNotFoundField));
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
	ifNotFoundProperty({ thing: 'user', field: 'deleted' }),
	domoRequestOptions(),
];


const labels = fieldLabels(properties);

export function deleteUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = domoDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, { ...readUserSelector(ctx, i), ...readIfNotFound(ctx, i) }, labels, ctx.getNode(), i),
		execute: async (selector, i) =>
			await directory.inTurn(selector, async () => {
				const absent = (output: IDataObject) =>
					nothingToRemove(ctx, { vendorName: 'Domo', ifNotFound: selector.ifNotFound, itemIndex: i, missing: noSuchUser('Domo', selector) }, output);
				// By ID the DELETE itself tells: 404 means not there. By email, the directory does.
				const found = selector.findBy === 'email' ? await directory.findByEmail(selector.email, i) : undefined;
				const id = selector.findBy === 'id' ? selector.userId : found?.id;
				if (id === undefined) return absent(deletedOutput(selector, { alreadyAbsent: true }));
				// Idempotent: a repeat after a lost answer finds the user gone (404): the first one did it.
				const outcome = await removeIdempotently(
					async () => await session.request({ method: 'DELETE', path: userPath(id), idempotent: true }, i),
				);
				if (found) directory.forget(found);
				const output = deletedOutput(selector, { ...outcome, id: selector.findBy === 'id' ? Number(id) : id });
				return outcome.alreadyAbsent ? absent(output) : output;
			}),
	};
}

export const operation = defineOperation(
	{ name: 'Delete', action: 'Delete a user', description: 'Delete a user from your Domo instance, permanently' },
	properties,
	deleteUser,
);
