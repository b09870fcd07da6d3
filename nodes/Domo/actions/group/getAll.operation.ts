/**
 * Get many groups: GET https://api.domo.com/v1/groups?limit=<n>&offset=<m>, a bare JSON array of
 * group objects ({ id, name, default, active, creatorId, memberCount }), 500 a page at most.
 * https://developer.domo.com/docs/groups-api-reference/groups-2 (List groups)
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readPagingFields, returnAllProperties, returnAllSchema } from '../../../shared/pager';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { domoRequestOptions, listGroups } from '../common';

export const inputSchema = z.object({ ...returnAllSchema });
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...returnAllProperties(), domoRequestOptions()];


const labels = fieldLabels(properties);

export function getGroups(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) => validateItem(inputSchema, readPagingFields(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await listGroups(session, { returnAll: input.returnAll, limit: input.limit ?? 50 }, i),
	};
}

export const operation = defineOperation(
	{ name: 'Get Many', action: 'Get many groups', description: 'List the groups of your Domo instance' },
	properties,
	getGroups,
);
