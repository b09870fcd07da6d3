/**
 * Get many users: POST {host}/0.1.0/user with
 * { action: "get", find: { where?, limit, offset, order: [["created_at", "asc"], ["id", "asc"]] } },
 * page after page until `count` is reached; only users of the caller's organization are visible.
 * https://developer.luzmo.com/api/searchUser
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readPagingFields, returnAllProperties, returnAllSchema } from '../../../shared/pager';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import { optionalText } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { LuzmoUser } from '../../transport';
import { USER_PATH } from '../../transport';
import { listLuzmo, luzmoRequestOptions } from '../common';

/** Filters are exact matches on user properties, sent as `find.where`. */
const filtersSchema = z.object({ role: optionalText, suborganization: optionalText }).strict();

export const inputSchema = z.object({
	...returnAllSchema,
	filters: z.preprocess((value) => value ?? {}, filtersSchema),
});
type Input = z.output<typeof inputSchema>;

const filterFields: Array<INodeProperties & { name: keyof z.output<typeof filtersSchema> }> = [
	{
		displayName: 'Role',
		name: 'role',
		type: 'string',
		default: '',
		placeholder: 'e.g. member',
		description: 'Only users with exactly this role in the organization',
	},
	{
		displayName: 'Suborganization',
		name: 'suborganization',
		type: 'string',
		default: '',
		placeholder: 'e.g. SubOrgName',
		description: 'Only users of exactly this suborganization',
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
	luzmoRequestOptions(),
];


const labels = fieldLabels(properties);

export function getManyUsers(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readPagingFields(ctx, i), filters: ctx.getNodeParameter('filters', i, {}) }, labels, ctx.getNode(), i),
		execute: async (input, i): Promise<IDataObject[]> => {
			const where = Object.fromEntries(Object.entries(input.filters).filter(([, value]) => value !== undefined)) as IDataObject;
			return await listLuzmo<LuzmoUser>(session, USER_PATH, { returnAll: input.returnAll, limit: input.limit, where }, i);
		},
	};
}

export const operation = defineOperation(
	{ name: 'Get Many', action: 'Get many users', description: 'List the users of your organization' },
	properties,
	getManyUsers,
);
