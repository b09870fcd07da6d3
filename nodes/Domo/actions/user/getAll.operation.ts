/**
 * Get many users: GET https://api.domo.com/v1/users?limit=<n>&offset=<m>, a bare JSON array of at
 * most 500 users a page (default 50). Domo documents no filter on this list.
 * https://developer.domo.com/docs/users-api-reference/users-2 (List users)
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { collectPages, readPagingFields, returnAllProperties, returnAllSchema } from '../../../shared/pager';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { DomoUser } from '../../transport';
import { DIRECTORY_PAGE_SIZE } from '../../transport';
import { domoRequestOptions, readPage } from '../common';

export const inputSchema = z.object({ ...returnAllSchema });
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	{
		displayName: "Domo's user list has no filters. Users deleted from Domo, which it still lists (marked deleted), are left out.",
		name: 'getAllNotice',
		type: 'notice',
		default: '',
	},
	...returnAllProperties(),
	domoRequestOptions(),
];


const labels = fieldLabels(properties);

export function getUsers(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) => validateItem(inputSchema, readPagingFields(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await collectPages<DomoUser>(
				{
					returnAll: input.returnAll,
					limit: input.limit ?? 50,
					maxPageSize: DIRECTORY_PAGE_SIZE,
					key: (user) => (user as DomoUser | undefined)?.id,
					keep: (user) => (user as DomoUser | undefined)?.deleted !== true,
				},
				async ({ offset, size }) => ({ items: await readPage<DomoUser>(session, '/v1/users', { offset, size }, i) }),
			),
	};
}

export const operation = defineOperation(
	{ name: 'Get Many', action: 'Get many users', description: 'List the users of your Domo instance' },
	properties,
	getUsers,
);
