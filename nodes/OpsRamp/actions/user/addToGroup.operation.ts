/**
 * Add user to a user group: POST {host}/api/v2/tenants/{tenantId}/userGroups/{userGroupId}/users,
 * body [{ "id": "<userId>" }].
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-tenantid-usergroups-usergroupid-users/
 * A user already in the group gets no request: success with alreadyMember: true.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { opsRampDirectories } from '../../directory';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, VENDOR, WRITE_LIMIT } from '../common';
import { changeMembership, groupIdProperty, groupIdSchema, isMember, membershipOutput } from './membership';

export const inputSchema = selectedUserSchema.and(z.object({ groupId: groupIdSchema }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	groupIdProperty,
	optionsProperty(`Each item is a lookup and at most one POST. ${WRITE_LIMIT}`),
];


const labels = fieldLabels(properties);

export function addUserToGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) => validateItem(inputSchema, { ...readSelectedUser(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined) }, labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const directory = directories.in(input.tenantId);
			return await directory.withUser(input, i, async (user) => {
				if (!user) throw userNotFound(ctx, VENDOR, input, i);
				if (isMember(user, input.groupId)) return membershipOutput(user, input.groupId, { added: true, alreadyMember: true });
				await changeMembership(ctx, session, directory, { tenantId: input.tenantId, groupId: input.groupId, user, add: true }, i);
				return membershipOutput(user, input.groupId, { added: true, alreadyMember: false });
			});
		},
	};
}

export const operation = defineOperation(
	{ name: 'Add to Group', action: 'Add a user to a user group', description: 'Add a user to a user group' },
	properties,
	addUserToGroup,
);
