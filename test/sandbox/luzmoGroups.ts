import { randomUUID } from 'node:crypto';

import { isObject, luzmoError, page } from './luzmo';
import type { SandboxResponse } from './toolkit';

/**
 * Luzmo's groups as the caller sees them, after https://developer.luzmo.com/api/searchGroup,
 * associateGroup and dissociateGroup:
 * - `get` shows only the groups the caller belongs to, `{ count, rows }`; with
 *   `include: [{ model: "User" }]` each group carries `users`, each with a `groupRole`
 *   `{ flagMember, flagOwn }`;
 * - `associate` on the group with `resource: { role: "Users", id }` and `properties` flags answers
 *   `{ code: 200 }`; only a group the caller owns can take members;
 * - `dissociate` with the same resource.
 * [INF] What the documents do not say, the sandbox picks: a second `associate` of a member sets
 * the flags again and answers 200 (no second membership); a `dissociate` of a non-member, or any
 * call on a group or user not found, answers 404 in Luzmo's error shape; a role other than "Users"
 * answers 400.
 */
export interface LuzmoGroupRecord {
	group: Record<string, unknown> & { id: string };
	/** Whether the caller's user is in the group (Luzmo shows only such groups). */
	visible: boolean;
	/** Whether the caller owns the group (only owners add or remove members). */
	owned: boolean;
	members: Map<string, { flagMember: boolean; flagOwn: boolean }>;
}

export class LuzmoGroups {
	readonly records: LuzmoGroupRecord[] = [];

	/** Memberships an associate created, by "groupId/userId": more than one would be a double effect. */
	readonly joined = new Map<string, number>();

	/** Memberships a dissociate ended, by "groupId/userId". */
	readonly left = new Map<string, number>();

	constructor(private readonly liveUser: (id: unknown) => (Record<string, unknown> & { id: string }) | undefined) {}

	/** A group of the caller's organization, owned by the caller unless told otherwise. */
	seed(name: string, options: { owned?: boolean; visible?: boolean } = {}): LuzmoGroupRecord['group'] {
		const now = new Date().toISOString();
		const group = { id: randomUUID(), name: { en: name }, public: false, open: false, created_at: now, updated_at: now, deleted_at: null };
		this.records.push({ group, visible: options.visible ?? true, owned: options.owned ?? true, members: new Map() });
		return group;
	}

	/** Puts a user in a group directly, as if done in Luzmo's interface. */
	addMember(groupId: string, userId: string, flags = { flagMember: true, flagOwn: false }): void {
		this.find(groupId)!.members.set(userId, flags);
	}

	memberIds(groupId: string): string[] {
		return [...(this.find(groupId)?.members.keys() ?? [])];
	}

	/** A deleted user leaves every group. */
	forgetUser(userId: string): void {
		for (const record of this.records) record.members.delete(userId);
	}

	handle(body: Record<string, unknown>): SandboxResponse {
		if (body.action === 'get') return this.get(body.find);
		if (body.action === 'associate' || body.action === 'dissociate') return this.link(body);
		return luzmoError(400, 'Bad Request', `Action "${String(body.action)}" is not supported on group.`);
	}

	private find(id: unknown): LuzmoGroupRecord | undefined {
		return this.records.find((record) => record.group.id === id);
	}

	private get(find: unknown): SandboxResponse {
		const { where, include } = isObject(find) ? find : {};
		const conditions = isObject(where) ? Object.entries(where) : [];
		const withUsers = Array.isArray(include) && include.some((entry) => isObject(entry) && entry.model === 'User');
		const matches = this.records
			.filter((record) => record.visible && conditions.every(([key, value]) => record.group[key] === value))
			.map((record) => {
				if (!withUsers) return { ...record.group };
				const users = [...record.members]
					.map(([userId, flags]) => {
						const user = this.liveUser(userId);
						return user && { ...user, groupRole: { ...flags, user_id: userId, group_id: record.group.id } };
					})
					.filter(Boolean);
				return { ...record.group, users };
			});
		return { status: 200, body: page(matches, find) };
	}

	private link(body: Record<string, unknown>): SandboxResponse {
		const record = this.find(body.id);
		if (!record || !record.visible) return luzmoError(404, 'Not Found', `Group ${String(body.id)} could not be found.`);
		const resource = isObject(body.resource) ? body.resource : {};
		if (resource.role !== 'Users') return luzmoError(400, 'Bad Request', `Association role "${String(resource.role)}" is not valid for group.`);
		if (!record.owned) return luzmoError(403, 'Forbidden', 'Only group owners can associate or dissociate group members.');
		const user = this.liveUser(resource.id);
		if (!user) return luzmoError(404, 'Not Found', `User ${String(resource.id)} could not be found.`);
		const key = `${record.group.id}/${user.id}`;
		if (body.action === 'dissociate') {
			if (!record.members.delete(user.id)) return luzmoError(404, 'Not Found', 'The user is not associated with this group.');
			this.left.set(key, (this.left.get(key) ?? 0) + 1);
			return { status: 200, body: { code: 200 } };
		}
		const properties = isObject(body.properties) ? body.properties : {};
		const flags = { flagMember: properties.flagMember === true, flagOwn: properties.flagOwn === true };
		if (!record.members.has(user.id)) this.joined.set(key, (this.joined.get(key) ?? 0) + 1);
		record.members.set(user.id, flags);
		return { status: 200, body: { code: 200 } };
	}
}
