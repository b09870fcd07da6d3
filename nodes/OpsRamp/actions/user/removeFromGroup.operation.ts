/**
 * Remove user from a user group: DELETE {host}/api/v2/tenants/{tenantId}/userGroups/{userGroupId}/users,
 * body [{ "id": "<userId>" }].
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-tenantid-usergroups-usergroupid-users/
 * Safe to re-run: a user not in the group, or not there at all, gives removed: false with
 * alreadyAbsent: true and no request (with If Not Found set to Error, a failed item); a group
 * that does not exist is always an error.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { describeSelector, ifNotFoundField, ifNotFoundProperty, noSuchUser, nothingToRemove, readIfNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { opsRampDirectories } from '../../directory';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, WRITE_LIMIT } from '../common';
import { changeMembership, groupExists, groupIdProperty, groupIdSchema, groupNotFound, isMember, membershipOutput } from './membership';

export const inputSchema = selectedUserSchema.and(z.object({ groupId: groupIdSchema, ...ifNotFoundField }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	groupIdProperty,
	ifNotFoundProperty({ thing: 'user or their membership', field: 'removed' }),
	optionsProperty(`Each item is a lookup and at most one DELETE. ${WRITE_LIMIT}`),
];


const labels = fieldLabels(properties);

export function removeUserFromGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) =>
			validateItem(
				inputSchema,
				{ ...readSelectedUser(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined), ...readIfNotFound(ctx, i) },
				labels,
				ctx.getNode(),
				i,
			),
		execute: async (input, i) => {
			const directory = directories.in(input.tenantId);
			const absent = (missing: string, output: IDataObject) =>
				nothingToRemove(ctx, { vendorName: 'OpsRamp', ifNotFound: input.ifNotFound, itemIndex: i, missing }, output);
			return await directory.withUser(input, i, async (user) => {
				if (!user) {
					const who = input.findBy === 'id' ? { id: input.userId } : { email: input.email };
					return absent(noSuchUser('OpsRamp', input), Object.assign(who, { groupId: input.groupId, removed: false, alreadyAbsent: true }));
				}
				if (!isMember(user, input.groupId)) {
					// Not a member: nothing to do, unless the group itself does not exist (a wrong ID is an error).
					if (!(await groupExists(session, input.tenantId, input.groupId, i))) throw groupNotFound(ctx, input.groupId, i);
					const missing = `The OpsRamp user with ${describeSelector(input)} is not a member of user group ${input.groupId}`;
					return absent(missing, membershipOutput(user, input.groupId, { removed: false, alreadyAbsent: true }));
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
