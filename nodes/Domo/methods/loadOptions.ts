/**
 * The Group dropdown of Add to Group and Remove from Group, loaded from the instance:
 * GET https://api.domo.com/v1/groups?limit=500&offset=..., the same list as Group > Get Many.
 * https://developer.domo.com/docs/groups-api-reference/groups-2 (List groups)
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { ApiSession } from '../../shared/transport';
import { listGroups } from '../actions/common';
import { domoApi } from '../transport';

/** Enough for any dropdown; a larger instance gives the group ID by expression. */
const MAX_GROUPS = 10_000;

export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const session = await ApiSession.open(this, domoApi);
	const groups = await listGroups(session, { returnAll: false, limit: MAX_GROUPS }, 0);
	return groups
		.filter((group) => group && group.id !== undefined && group.id !== null)
		.map((group) => {
			const name = typeof group.name === 'string' && group.name.trim() ? group.name.trim() : `Group ${String(group.id)}`;
			const members = typeof group.memberCount === 'number' ? `${group.memberCount} members` : undefined;
			return { name, value: String(group.id), ...(members ? { description: `${members}, ID ${String(group.id)}` } : { description: `ID ${String(group.id)}` }) };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}
