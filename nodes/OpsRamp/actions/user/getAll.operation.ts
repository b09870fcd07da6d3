/**
 * Get many users: Search Users, GET {host}/api/v2/tenants/{tenantId}/users/search
 *   ?queryString=<key>:<value>+<key>:<value>&pageNo=<1..>&pageSize=<n>
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-tenantid-users-search/
 * Answers minimal user details under `results`, with `nextPage`; Get User gives the full record.
 * The query variables used here are the page's: mailId, loginName, firstName, lastName, status.
 * Paginated GETs are limited to 50 per minute per tenant: each page is one request.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { collectPages, readPagingFields, returnAllProperties, returnAllSchema } from '../../../shared/pager';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import { oneOf, optionalEmail, optionalText } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { OpsRampUser, SearchPage } from '../../transport';
import { tenantPath } from '../../transport';
import { optionsProperty, PAGED_LIMIT, tenantIdProperty } from '../common';
import { tenantIdSchema } from './create.schema';

/** OpsRamp's default page size, the largest the page names. */
export const PAGE_SIZE = 100;

/** Filter parameter -> the Search Users query variable it becomes. */
const QUERY_VARIABLES = { email: 'mailId', loginName: 'loginName', firstName: 'firstName', lastName: 'lastName', status: 'status' } as const;
type FilterName = keyof typeof QUERY_VARIABLES;

// "+" separates query terms even when URL-encoded: a value containing one cannot be searched.
const searchable = (schema: z.ZodTypeAny) =>
	schema.refine((value) => value === undefined || !String(value).includes('+'), 'cannot contain "+": OpsRamp\'s search reads it as a separator');

export const inputSchema = z.object({
	tenantId: tenantIdSchema,
	...returnAllSchema,
	filters: z
		.object({
			email: searchable(optionalEmail),
			loginName: searchable(optionalText),
			firstName: searchable(optionalText),
			lastName: searchable(optionalText),
			status: z.preprocess((value) => (value === '' ? undefined : value), oneOf(['active', 'inactive']).optional()),
		})
		.optional(),
});
type Input = z.output<typeof inputSchema>;

const filterText = (displayName: string, name: FilterName, description: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description,
});

export const properties: INodeProperties[] = [
	tenantIdProperty('to list the users of'),
	...returnAllProperties(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			filterText('Email', 'email', 'Users whose email matches, as OpsRamp\'s search matches it (the mailId query variable)', 'e.g. name@email.com'),
			filterText('First Name', 'firstName', 'Users whose first name matches', 'e.g. Scarlet'),
			filterText('Last Name', 'lastName', 'Users whose last name matches', 'e.g. John'),
			filterText('Login Name', 'loginName', 'Users whose login name matches', 'e.g. ScarletJohn'),
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Active', value: 'active' },
					{ name: 'Inactive', value: 'inactive', description: 'Deactivated users' },
				],
				default: 'active',
				description: 'Only active or only inactive (deactivated) users',
			},
		],
	},
	optionsProperty(PAGED_LIMIT),
];


const labels = fieldLabels(properties);

/** The Search Users queryString: `key:value` terms joined by "+", or undefined for no filter. */
export function queryString(filters: Input['filters']): string | undefined {
	const terms = (Object.keys(QUERY_VARIABLES) as FilterName[])
		.filter((name) => filters?.[name] !== undefined)
		.map((name) => `${QUERY_VARIABLES[name]}:${String(filters![name]).trim()}`);
	return terms.length ? terms.join('+') : undefined;
}

export function getManyUsers(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) =>
			validateItem(
				inputSchema,
				{ tenantId: ctx.getNodeParameter('tenantId', i, undefined), ...readPagingFields(ctx, i), filters: ctx.getNodeParameter('filters', i, {}) },
				labels,
				ctx.getNode(),
				i,
			),
		execute: async (input, i) => {
			const query = queryString(input.filters);
			return await collectPages<IDataObject>(
				{ returnAll: input.returnAll, limit: input.limit ?? 50, maxPageSize: PAGE_SIZE, key: (user) => (user as OpsRampUser).id },
				async ({ index, size }) => {
					const page = await session.request<SearchPage | undefined>(
						{
							method: 'GET',
							path: `${tenantPath(input.tenantId)}/users/search`,
							qs: { ...(query ? { queryString: query } : {}), pageNo: index + 1, pageSize: size },
							idempotent: true,
						},
						i,
					);
					return { items: Array.isArray(page?.results) ? page.results : [], last: !page?.nextPage };
				},
			);
		},
	};
}

export const operation = defineOperation(
	{ name: 'Get Many', action: 'Get many users', description: 'List or search the users of a tenant' },
	properties,
	getManyUsers,
);
