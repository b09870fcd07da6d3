/**
 * A user's membership of a group, as Luzmo keeps it: an association between the group and the
 * user, made and removed on the group (https://developer.luzmo.com/api/associateGroup,
 * .../dissociateGroup), read by including the group's users in a `get`
 * (https://developer.luzmo.com/api/searchGroup, whose example answers `users` with a `groupRole`
 * of `flagMember` / `flagOwn`).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../../shared/transport';
import { GROUP_PATH, luzmoGet } from '../transport';
import { luzmoId } from './common';

/**
 * The association role naming users, on the group side. [INF] Luzmo's reference gives `role` as
 * an enum without listing it; its own SDK tests and third-party scripts use the plural resource
 * names ("Collections", "Users", "Groups", "Organizations").
 */
export const USERS_ROLE = 'Users';

/** The Group field: a dropdown of the tenant's groups, or an ID by expression. */
export function groupProperty(action: string): INodeProperties {
	return {
		displayName: 'Group Name or ID',
		name: 'groupId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getGroups' },
		required: true,
		default: '',
		description: `The group to ${action}. Luzmo lists the groups your API key is a member or owner of. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

export const groupIdSchema = luzmoId;

export interface Membership {
	/** Whether Luzmo showed the group at all (it shows only groups the API key belongs to). */
	groupFound: boolean;
	member: boolean;
}

/** Whether the user is a member of the group: one `get` of the group with its users included. */
export async function readMembership(session: ApiSession, groupId: string, userId: string, itemIndex: number): Promise<Membership> {
	const { rows } = await luzmoGet(session, GROUP_PATH, { where: { id: groupId }, include: [{ model: 'User' }], limit: 1 }, itemIndex);
	const group = rows.find((row) => row.id === groupId);
	if (!group) return { groupFound: false, member: false };
	const users = Array.isArray(group.users) ? (group.users as IDataObject[]) : [];
	const user = users.find((entry) => entry?.id === userId);
	const role = user?.groupRole as IDataObject | undefined;
	return { groupFound: true, member: Boolean(user) && role?.flagMember !== false };
}

/** The association as Luzmo's associate and dissociate take it, on the group. */
export function membershipBody(action: 'associate' | 'dissociate', groupId: string, userId: string): IDataObject {
	return { action, id: groupId, resource: { role: USERS_ROLE, id: userId } };
}

export function groupNotFound(ctx: IExecuteFunctions, groupId: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `No Luzmo group with ID "${groupId}" (item ${itemIndex})`, {
		itemIndex,
		description:
			'Luzmo shows only groups the API key\'s user is a member or owner of, and only a group owner can add members. Check the ID (Group > Get Many lists the groups). Nothing was changed in Luzmo.',
	});
}

/** A group's name for people: Luzmo's names are multilingual (`{ "en": "MyGroup" }`). */
export function groupLabel(group: IDataObject): string {
	const name = group.name;
	if (typeof name === 'string' && name.trim()) return name.trim();
	if (name && typeof name === 'object') {
		const texts = name as Record<string, unknown>;
		const text = [texts.en, ...Object.values(texts)].find((value) => typeof value === 'string' && value.trim());
		if (typeof text === 'string') return text.trim();
	}
	return String(group.id);
}
