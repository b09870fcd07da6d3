/**
 * Remove user from a user group: DELETE {host}/api/v2/tenants/{tenantId}/userGroups/{userGroupId}/users,
 * body [{ "id": "<userId>" }].
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-tenantid-usergroups-usergroupid-users/
 * Safe to re-run: a user not in the group, or not there at all, is a success with
 * alreadyAbsent: true and no request; only a group that does not exist is an error.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { opsRampDirectories } from '../../directory';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, WRITE_LIMIT } from '../common';
import { changeMembership, groupExists, groupIdProperty, groupIdSchema, groupNotFound, isMember, membershipOutput } from './membership';

export const inputSchema = selectedUserSchema.and(z.object({ groupId: groupIdSchema }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	groupIdProperty,
	optionsProperty(`Each item is a lookup and at most one DELETE. ${WRITE_LIMIT}`),
];


const labels = fieldLabels(properties);

export function removeUserFromGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) => validateItem(inputSchema, { ...readSelectedUser(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined) }, labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const directory = directories.in(input.tenantId);
			return await directory.withUser(input, i, async (user) => {
				if (!user) {
					const who = input.findBy === 'id' ? { id: input.userId } : { email: input.email };
					return Object.assign(who, { groupId: input.groupId, removed: true, alreadyAbsent: true });
				}
				if (!isMember(user, input.groupId)) {
					// Not a member: done, unless the group itself does not exist (a wrong ID is not "done").
					if (!(await groupExists(session, input.tenantId, input.groupId, i))) throw groupNotFound(ctx, input.groupId, i);
					return membershipOutput(user, input.groupId, { removed: true, alreadyAbsent: true });
				}
				await changeMembership(ctx, session, directory, { tenantId: input.tenantId, groupId: input.groupId, user, add: false }, i);
				return membershipOutput(user, input.groupId, { removed: true, alreadyAbsent: false });
			});
		},
	};
}

export const operation = defineOperation(
	{ name: 'Remove From Group', action: 'Remove a user from a user group', description: 'Remove a user from a user group' },
	properties,
	removeUserFromGroup,
);
