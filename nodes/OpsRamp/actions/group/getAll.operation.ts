/**
 * Get many user groups: Search User Groups, GET {host}/api/v2/tenants/{tenantId}/userGroups?pageNo&pageSize
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-tenantid-usergroups/
 * Answers minimal group details (uniqueId, name, description, email, times) under `results`,
 * with `nextPage`. HPE's client reads a bare list from the same call: both shapes are read.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { collectPages, readPagingFields, returnAllProperties, returnAllSchema } from '../../../shared/pager';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { SearchPage } from '../../transport';
import { tenantPath } from '../../transport';
import { optionsProperty, PAGED_LIMIT, tenantIdProperty } from '../common';
import { tenantIdSchema } from '../user/create.schema';

export const PAGE_SIZE = 100;

export const inputSchema = z.object({ tenantId: tenantIdSchema, ...returnAllSchema });
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [tenantIdProperty('to list the user groups of'), ...returnAllProperties(), optionsProperty(PAGED_LIMIT)];


const labels = fieldLabels(properties);

export function getManyGroups(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) => validateItem(inputSchema, { tenantId: ctx.getNodeParameter('tenantId', i, undefined), ...readPagingFields(ctx, i) }, labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await collectPages<IDataObject>(
				{ returnAll: input.returnAll, limit: input.limit ?? 50, maxPageSize: PAGE_SIZE, key: (group) => (group as IDataObject).uniqueId },
				async ({ index, size }) => {
					const answer = await session.request<SearchPage<IDataObject> | IDataObject[] | undefined>(
						{ method: 'GET', path: `${tenantPath(input.tenantId)}/userGroups`, qs: { pageNo: index + 1, pageSize: size }, idempotent: true },
						i,
					);
					if (Array.isArray(answer)) return { items: answer, last: true };
					return { items: Array.isArray(answer?.results) ? answer.results : [], last: !answer?.nextPage };
				},
			),
	};
}

export const operation = defineOperation(
	{ name: 'Get Many', action: 'Get many user groups', description: 'List the user groups of a tenant' },
	properties,
	getManyGroups,
);
