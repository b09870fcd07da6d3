/**
 * Add a user to a group: PUT https://api.domo.com/v1/groups/{groupId}/users/{userId}, 204 No
 * Content. The members are read first (GET /v1/groups/{groupId}/users, the users' IDs) so that a
 * user already in the group is reported as `alreadyMember: true` and nothing is sent.
 * https://developer.domo.com/docs/groups-api-reference/groups-2 (Add a user to a group, List users in a group)
 * https://www.domo.com/docs/portal/95de1a11dfe97-add-a-user-to-a-group
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readUserSelector, userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { domoDirectory } from '../../directory';
import { isGroupMember, membershipPath } from '../../transport';
import { domoRequestOptions, domoUserSelector, domoUserSelectorSchema, groupIdProperty, groupIdSchema, membershipOutput } from '../common';

export const inputSchema = domoUserSelectorSchema.and(z.object({ groupId: groupIdSchema }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...domoUserSelector(), groupIdProperty('add the user to'), domoRequestOptions()];


const labels = fieldLabels(properties);

export function addUserToGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = domoDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readUserSelector(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined) }, labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await directory.withUser(input, i, async (user) => {
				if (!user) throw userNotFound(ctx, 'Domo', input, i);
				if (await isGroupMember(session, input.groupId, user.id, i)) {
					return membershipOutput(input, input.groupId, user.id, { added: false, alreadyMember: true });
				}
				// A PUT of a membership: sending it twice leaves one membership, so it may be repeated.
				await session.request({ method: 'PUT', path: membershipPath(input.groupId, user.id), idempotent: true }, i);
				return membershipOutput(input, input.groupId, user.id, { added: true, alreadyMember: false });
			}),
	};
}

export const operation = defineOperation(
	{ name: 'Add to Group', action: 'Add a user to a group', description: 'Add a user to a Domo group' },
	properties,
	addUserToGroup,
);
