/**
 * List users: GET {base}/api/users?filter=&sort=&limit=&page=, answered as
 * { data, page, limit, pages, total }. The node pages (1-based) until the limit or the last page.
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-index
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { collectPages, readPagingFields, returnAllProperties, returnAllSchema } from '../../../shared/pager';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import { optionalText } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { GarmatUser } from '../../transport';
import { PAGE_SIZE, readUserPage } from '../../transport';
import { optionsProperty } from './common';

export const inputSchema = z.object({
	...returnAllSchema,
	filters: z.preprocess((value) => value ?? {}, z.object({ filter: optionalText, sort: optionalText })),
});
type Input = z.output<typeof inputSchema>;

const filterFields: INodeProperties[] = [
	{
		displayName: 'Filter',
		name: 'filter',
		type: 'string',
		default: '',
		description: 'Sent to Garmat as the `filter` query parameter, as written. Garmat does not document its syntax.',
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'string',
		default: '',
		placeholder: 'e.g. name',
		description: 'Sent to Garmat as the `sort` query parameter, as written. Garmat does not document its syntax.',
	},
];

export const properties: INodeProperties[] = [
	...returnAllProperties(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: filterFields,
	},
	optionsProperty(),
];


const labels = fieldLabels(properties);

export function getManyUsers(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readPagingFields(ctx, i), filters: ctx.getNodeParameter('filters', i, {}) }, labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await collectPages<GarmatUser>(
				{ returnAll: input.returnAll, limit: input.limit ?? 50, maxPageSize: PAGE_SIZE, key: (user) => (user as GarmatUser).id },
				async ({ index, size }) => {
					const page = await readUserPage(session, { page: index + 1, limit: size, ...input.filters }, i);
					return { items: page.users, last: page.last };
				},
			),
	};
}

export const operation = defineOperation(
	{ name: 'Get Many', action: 'Get many users', description: 'List the users of your account' },
	properties,
	getManyUsers,
);
