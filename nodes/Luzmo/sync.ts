/**
 * Luzmo for Create or Update and Sync: the roster is Create user's fields; a person is compared on
 * the properties the roster gives (as `get` returns them); the update is Update user (`action:
 * "update"` with only the changed properties); the removal is Delete (a Luzmo user has no status);
 * groups are associations on the group (associate / dissociate), members read once per group.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod';

import { sendOnce } from '../shared/directory';
import { removeIdempotently } from '../shared/lifecycle';
import { sameEmailValue } from '../shared/sync/plan';
import type { SyncVendor } from '../shared/sync/vendor';
import type { ApiSession } from '../shared/transport';
import { luzmoId } from './actions/common';
import { membershipBody, readMembership } from './actions/groups';
import type { inputSchema } from './actions/user/create.operation';
import { toBody } from './actions/user/create.operation';
import { userPropertySchemas } from './actions/user/properties';
import { luzmoDirectory } from './directory';
import type { LuzmoUser } from './transport';
import { GROUP_PATH, luzmoGet, USER_PATH } from './transport';

type Input = z.output<typeof inputSchema>;

const COMPARED = ['email', ...Object.keys(userPropertySchemas)] as Array<keyof Input>;

export function luzmoSync(ctx: IExecuteFunctions, session: ApiSession): SyncVendor<LuzmoUser, Input> {
	const directory = luzmoDirectory(session);
	return {
		name: 'Luzmo',
		node: ctx.getNode(),
		directory,
		emailOf: (input) => input.email,
		wanted: (input) => Object.fromEntries(COMPARED.map((field) => [field, input[field]])),
		fields: COMPARED.map((field) => ({ field, current: (user) => user[field], ...(field === 'email' ? { equal: sameEmailValue } : {}) })),
		create: async (input, itemIndex) => await session.request<LuzmoUser>({ method: 'POST', path: USER_PATH, body: toBody(input), idempotent: false }, itemIndex),
		update: async (user, _input, changes, itemIndex) => {
			const properties = Object.fromEntries(Object.entries(changes).map(([field, { to }]) => [field, to])) as IDataObject;
			// Sending the same properties twice leaves the user as sending them once.
			const answer = await session.request<LuzmoUser | undefined>({ method: 'POST', path: USER_PATH, body: { action: 'update', id: user.id, properties }, idempotent: true }, itemIndex);
			return answer && typeof answer === 'object' && answer.id ? answer : (Object.assign({}, user, properties) as LuzmoUser);
		},
		remove: {
			delete: async (user, itemIndex) => {
				await removeIdempotently(async () => await session.request({ method: 'POST', path: USER_PATH, body: { action: 'delete', id: user.id }, idempotent: true }, itemIndex));
			},
		},
		roleOf: (user) => user.role,
		groups: {
			memberIds: async (groupId, itemIndex) => {
				const { rows } = await luzmoGet(session, GROUP_PATH, { where: { id: groupId }, include: [{ model: 'User' }], limit: 1 }, itemIndex);
				const group = rows.find((row) => row.id === groupId);
				const users = group && Array.isArray(group.users) ? (group.users as IDataObject[]) : [];
				return new Set(users.filter((entry) => (entry?.groupRole as IDataObject | undefined)?.flagMember !== false).map((entry) => String(entry.id)));
			},
			// [INF] Luzmo does not document a second associate: after a lost answer the members are read first.
			add: async (groupId, user, itemIndex) => {
				const body = { ...membershipBody('associate', groupId, user.id), properties: { flagMember: true, flagOwn: false } };
				await sendOnce(
					async () => await session.request({ method: 'POST', path: GROUP_PATH, body, idempotent: false }, itemIndex),
					async () => ((await readMembership(session, groupId, user.id, itemIndex)).member ? true : undefined),
				);
			},
			remove: async (groupId, user, itemIndex) => {
				await removeIdempotently(async () => await session.request({ method: 'POST', path: GROUP_PATH, body: membershipBody('dissociate', groupId, user.id), idempotent: true }, itemIndex));
			},
			invalidId: (groupId) => (luzmoId.safeParse(groupId).success ? undefined : 'must be a Luzmo ID, a UUID'),
		},
	};
}
