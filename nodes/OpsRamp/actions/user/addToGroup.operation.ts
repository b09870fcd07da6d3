/**
 * Add user to a user group: POST {host}/api/v2/tenants/{tenantId}/userGroups/{userGroupId}/users,
 * body [{ "id": "<userId>" }].
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-tenantid-usergroups-usergroupid-users/
 * A user already in the group gets no request: success with alreadyMember: true.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { userNotFound } from '../../../shared/lifecycle';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { findSelectedUser, optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, VENDOR, WRITE_LIMIT } from '../common';
import { changeMembership, groupIdProperty, groupIdSchema, isMember, membershipOutput } from './membership';

export const inputSchema = selectedUserSchema.and(z.object({ groupId: groupIdSchema }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	groupIdProperty,
	optionsProperty(`Each item is a lookup and at most one POST. ${WRITE_LIMIT}`),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['addToGroup'] } }, properties);

const labels = fieldLabels(properties);

export function addUserToGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) => validateItem(inputSchema, { ...readSelectedUser(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined) }, labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const user = await findSelectedUser(session, ctx.getNode(), input, i);
			if (!user) throw userNotFound(ctx, VENDOR, input, i);
			if (isMember(user, input.groupId)) return membershipOutput(user, input.groupId, { added: true, alreadyMember: true });
			await changeMembership(ctx, session, { tenantId: input.tenantId, groupId: input.groupId, user, add: true }, i);
			return membershipOutput(user, input.groupId, { added: true, alreadyMember: false });
		},
	};
}
