/**
 * The Group dropdown: the groups Luzmo shows the API key's user (member or owner), read with
 * `action: "get"` on /0.1.0/group (https://developer.luzmo.com/api/searchGroup), sorted by name.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { ApiSession } from '../../shared/transport';
import { groupLabel } from '../actions/groups';
import { listLuzmo } from '../actions/common';
import { GROUP_PATH, luzmoApi } from '../transport';

/** A dropdown shows at most this many groups; more are entered by ID with an expression. */
const MAX_GROUPS = 1000;

export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const session = await ApiSession.open(this, luzmoApi);
	const groups = await listLuzmo(session, GROUP_PATH, { returnAll: false, limit: MAX_GROUPS }, 0);
	return groups
		.map((group) => ({ name: groupLabel(group), value: String(group.id), description: String(group.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
