/**
 * Domo for Create or Update and Sync: the roster is Create a user's fields; a person is compared on
 * the user object's fields Domo returns (timezone and locale are never returned, so they are sent
 * on create only); the update is a PUT of the listed record with the changes; the removal is Delete (Domo's
 * users have no status); groups are Domo groups by ID (PUT / DELETE /v1/groups/{id}/users/{userId}).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

import { absentOn404 } from '../shared/directory';
import { mergeChanges, removeIdempotently } from '../shared/lifecycle';
import { sameEmailValue } from '../shared/sync/plan';
import type { SyncVendor } from '../shared/sync/vendor';
import type { ApiSession } from '../shared/transport';
import type { inputSchema } from './actions/user/create.operation';
import { toBody } from './actions/user/create.operation';
import { userBody } from './actions/user/userFields';
import { domoDirectory } from './directory';
import type { DomoUser } from './transport';
import { membershipPath, readGroupMemberIds, userPath } from './transport';

type Input = z.output<typeof inputSchema>;

/** Compared as Domo stores them; `email` by the identity key. */
const COMPARED = ['name', 'email', 'role', 'title', 'alternateEmail', 'phone', 'location', 'employeeNumber'] as const;

export function domoSync(ctx: IExecuteFunctions, session: ApiSession): SyncVendor<DomoUser, Input> {
	const directory = domoDirectory(session);
	return {
		name: 'Domo',
		node: ctx.getNode(),
		directory,
		emailOf: (input) => input.email,
		wanted: (input) => Object.fromEntries(COMPARED.map((field) => [field, input[field]])),
		fields: COMPARED.map((field) => ({ field, current: (user) => user[field], ...(field === 'email' || field === 'alternateEmail' ? { equal: sameEmailValue } : {}) })),
		create: async (input, itemIndex) =>
			await session.request<DomoUser>({ method: 'POST', path: '/v1/users', qs: { sendInvite: input.sendInvite }, body: toBody(input), idempotent: false }, itemIndex),
		update: async (user, _input, changes, itemIndex) => {
			// Domo asks for every field on a PUT. The record sent back with the changes is the one this
			// run compared, read with the user list (which carries every field) moments before: a read
			// per person would double an update's requests. A user deleted meanwhile answers 404.
			const merged = mergeChanges<DomoUser>(user, Object.fromEntries(Object.entries(changes).map(([field, { to }]) => [field, to as string])));
			const sent = await absentOn404(async () => ({ answer: await session.request<unknown>({ method: 'PUT', path: userPath(user.id), body: userBody(merged), idempotent: true }, itemIndex) }));
			if (sent === undefined) {
				directory.forget(user);
				throw new NodeOperationError(ctx.getNode(), `The Domo user ${String(user.email)} is gone (item ${itemIndex})`, { itemIndex, description: 'Run the flow again to re-create them.' });
			}
			const { answer } = sent;
			return typeof answer === 'object' && answer !== null && !Array.isArray(answer) && 'id' in answer ? (answer as DomoUser) : merged;
		},
		remove: {
			delete: async (user, itemIndex) => {
				await removeIdempotently(async () => await session.request({ method: 'DELETE', path: userPath(user.id), idempotent: true }, itemIndex));
			},
		},
		roleOf: (user) => user.role,
		groups: {
			memberIds: async (groupId, itemIndex) => new Set(await readGroupMemberIds(session, groupId, itemIndex)),
			// A PUT of a membership: sending it twice leaves one membership.
			add: async (groupId, user, itemIndex) => {
				await session.request({ method: 'PUT', path: membershipPath(groupId, user.id), idempotent: true }, itemIndex);
			},
			remove: async (groupId, user, itemIndex) => {
				await removeIdempotently(async () => await session.request({ method: 'DELETE', path: membershipPath(groupId, user.id), idempotent: true }, itemIndex));
			},
			invalidId: (groupId) => (/^\d+$/.test(groupId) ? undefined : 'must be a whole number (a Domo group ID)'),
		},
	};
}
