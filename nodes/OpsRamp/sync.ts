/**
 * OpsRamp for Create or Update and Sync, in one tenant: the roster is Create user's fields; a
 * person is compared on the fields Search Users returns (login name, first and last name, email;
 * the others are sent on create only, so a summary never looks like a change); the update is
 * Update user (only the changed fields); the removals are Deactivate (DEACTIVATE) and Delete
 * (TERMINATE: OpsRamp has no other delete); groups are user groups by uniqueId. The login name is
 * the second natural key: one that belongs to another email is reported, never merged.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod';

import { removeIdempotently } from '../shared/lifecycle';
import { collectPages } from '../shared/pager';
import { sameEmailValue } from '../shared/sync/plan';
import type { SyncVendor } from '../shared/sync/vendor';
import type { ApiSession } from '../shared/transport';
import { isInactive } from './actions/common';
import type { inputSchema } from './actions/user/create.schema';
import { userFieldsBody } from './actions/user/fields';
import { changeMembership, groupIdSchema } from './actions/user/membership';
import { withoutSecret } from './actions/user/secret';
import { sendUserAction } from './actions/user/status';
import { opsRampDirectories } from './directory';
import type { OpsRampUser } from './transport';
import { findByLoginName, getUser, PAGE_SIZE, tenantPath, userPath } from './transport';

type Input = z.output<typeof inputSchema>;

const COMPARED = ['loginName', 'firstName', 'lastName', 'email'] as const;
const sameText = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

export function opsRampSync(ctx: IExecuteFunctions, session: ApiSession, tenantId: string): SyncVendor<OpsRampUser, Input> {
	const directory = opsRampDirectories(session).in(tenantId);
	const action = async (user: OpsRampUser, name: 'DEACTIVATE' | 'TERMINATE', itemIndex: number) => {
		const done = (now: OpsRampUser | undefined) => !now || (name === 'DEACTIVATE' && isInactive(now));
		await removeIdempotently(async () => await sendUserAction(session, directory, { tenantId, userId: user.id, action: name, body: name === 'TERMINATE' ? { maskType: 'FULL' } : {} }, done, itemIndex));
	};
	return {
		name: 'OpsRamp',
		node: ctx.getNode(),
		directory,
		emailOf: (input) => input.email,
		wanted: (input) => Object.fromEntries(COMPARED.map((field) => [field, input[field]])),
		fields: COMPARED.map((field) => ({ field, current: (user) => user[field], equal: field === 'email' ? sameEmailValue : field === 'loginName' ? sameText : undefined })),
		// The password is the user's, not the credential's: masked in any error text too.
		create: async (input, itemIndex) =>
			await withoutSecret(input.password, async () =>
				await session.request<OpsRampUser>({ method: 'POST', path: `${tenantPath(tenantId)}/users`, body: userFieldsBody(input), idempotent: false }, itemIndex),
			),
		update: async (user, _input, changes, itemIndex) => {
			const body = userFieldsBody(Object.fromEntries(Object.entries(changes).map(([field, { to }]) => [field, to])));
			// Setting the same fields twice leaves the user as setting them once: safe to resend.
			const answer = await session.request<OpsRampUser | string | undefined>({ method: 'POST', path: userPath(tenantId, user.id), body, idempotent: true }, itemIndex);
			return answer && typeof answer === 'object' && answer.id ? answer : await getUser(session, tenantId, user.id, itemIndex);
		},
		remove: {
			deactivate: async (user, itemIndex) => await action(user, 'DEACTIVATE', itemIndex),
			delete: async (user, itemIndex) => await action(user, 'TERMINATE', itemIndex),
		},
		findByOtherKey: async (input, itemIndex) => await findByLoginName(session, ctx.getNode(), input, itemIndex),
		otherKey: { name: 'Login Name', ofInput: (input) => input.loginName, ofUser: (user) => (typeof user.loginName === 'string' ? user.loginName : undefined) },
		roleOf: (user) => (Array.isArray(user.roles) ? (user.roles as IDataObject[]).map((role) => role.name) : user.role),
		isDeactivated: isInactive,
		groups: {
			memberIds: async (groupId, itemIndex) => {
				const members = await collectPages<IDataObject>(
					{ returnAll: true, limit: 0, maxPageSize: PAGE_SIZE, key: (member) => (member as IDataObject).id },
					async ({ index, size }) => {
						const answer = await session.request<{ results?: IDataObject[]; nextPage?: boolean } | undefined>(
							{ method: 'GET', path: `${tenantPath(tenantId)}/userGroups/${encodeURIComponent(groupId)}/users`, qs: { pageNo: index + 1, pageSize: size }, idempotent: true },
							itemIndex,
						);
						return { items: Array.isArray(answer?.results) ? answer.results : [], last: !answer?.nextPage };
					},
				);
				return new Set(members.map((member) => String(member.id)));
			},
			add: async (groupId, user, itemIndex) => await changeMembership(ctx, session, directory, { tenantId, groupId, user, add: true }, itemIndex),
			remove: async (groupId, user, itemIndex) => await changeMembership(ctx, session, directory, { tenantId, groupId, user, add: false }, itemIndex),
			invalidId: (groupId) => (groupIdSchema.safeParse(groupId).success ? undefined : 'must be a user group ID such as USRGRP-13cfc012-bb01-bbe3-6ed9-c46a192d0567'),
		},
	};
}
