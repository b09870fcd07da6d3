/**
 * Sync's group memberships, as plain data: for each person the roster keeps, the groups to join
 * (named in the row and missing) and to leave (a managed group the row does not name). Only
 * groups the roster names or the Managed Groups option lists are read, each once.
 */
import type { IDataObject } from 'n8n-workflow';

export interface GroupChanges {
	add: string[];
	remove: string[];
}

/** The groups to read: every group a row names, and every managed one. */
export function groupsToRead(rows: Array<string[] | undefined>, managed: string[]): string[] {
	const all = new Set<string>(managed);
	for (const groups of rows) for (const group of groups ?? []) all.add(group);
	return [...all];
}

/**
 * One person's membership changes. `wanted` undefined: the row says nothing about groups, so
 * nothing changes. `userId` undefined: a user about to be created, a member of nothing yet.
 */
export function groupChanges(wanted: string[] | undefined, userId: string | undefined, members: Map<string, Set<string>>, managed: string[]): GroupChanges {
	if (wanted === undefined) return { add: [], remove: [] };
	const isMember = (group: string) => userId !== undefined && (members.get(group)?.has(userId) ?? false);
	return {
		add: wanted.filter((group) => !isMember(group)),
		remove: managed.filter((group) => !wanted.includes(group) && isMember(group)),
	};
}

export const hasGroupChanges = (changes: GroupChanges | undefined): boolean => !!changes && (changes.add.length > 0 || changes.remove.length > 0);

/** `changes.groups` as the output shows it: the group IDs joined and left. */
export function groupChangesJson(changes: GroupChanges): IDataObject {
	return { added: changes.add, removed: changes.remove };
}
