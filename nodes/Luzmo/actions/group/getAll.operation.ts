/**
 * Get many groups: POST {host}/0.1.0/group with
 * { action: "get", find: { limit, offset, order: [["created_at", "asc"], ["id", "asc"]] } },
 * page after page until `count` is reached. Luzmo shows only the groups the API key's user is a
 * member or owner of.
 * https://developer.luzmo.com/api/searchGroup
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readPagingFields, returnAllProperties, returnAllSchema } from '../../../shared/pager';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { GROUP_PATH } from '../../transport';
import { listLuzmo, luzmoRequestOptions } from '../common';

export const inputSchema = z.object(returnAllSchema);
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...returnAllProperties(), luzmoRequestOptions()];


const labels = fieldLabels(properties);

export function getManyGroups(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) => validateItem(inputSchema, readPagingFields(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i): Promise<IDataObject[]> => await listLuzmo(session, GROUP_PATH, { returnAll: input.returnAll, limit: input.limit }, i),
	};
}

export const operation = defineOperation(
	{ name: 'Get Many', action: 'Get many groups', description: 'List the groups your API key can see' },
	properties,
	getManyGroups,
);
