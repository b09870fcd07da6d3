/**
 * Remove a user from a group: DELETE https://api.domo.com/v1/groups/{groupId}/users/{userId}.
 * Safe to re-run: the members are read first (GET /v1/groups/{groupId}/users), and a user who is
 * not in the group, or no longer exists, is a success with `alreadyAbsent: true`.
 * https://developer.domo.com/docs/groups-api-reference/groups-2 (Remove a user from a group)
 * https://developer.domo.com/docs/group/quickstart-3
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readUserSelector, removeIdempotently } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { domoDirectory } from '../../directory';
import { isGroupMember, membershipPath } from '../../transport';
import { domoRequestOptions, domoUserSelector, domoUserSelectorSchema, groupIdProperty, groupIdSchema, membershipOutput } from '../common';

export const inputSchema = domoUserSelectorSchema.and(z.object({ groupId: groupIdSchema }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...domoUserSelector(), groupIdProperty('remove the user from'), domoRequestOptions()];


const labels = fieldLabels(properties);

export function removeUserFromGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = domoDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readUserSelector(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined) }, labels, ctx.getNode(), i),
		execute: async (input, i) =>
			await directory.inTurn(input, async () => {
				// By ID the member list answers alone; by email, a user who is gone is in no group.
				const userId = input.findBy === 'id' ? input.userId : (await directory.findByEmail(input.email, i))?.id;
				if (userId === undefined || !(await isGroupMember(session, input.groupId, userId, i))) {
					return membershipOutput(input, input.groupId, userId, { removed: true, alreadyAbsent: true });
				}
				// Idempotent: a repeat after a lost answer removes nothing more; a 404 means already gone.
				const outcome = await removeIdempotently(
					async () => await session.request({ method: 'DELETE', path: membershipPath(input.groupId, userId), idempotent: true }, i),
				);
				return membershipOutput(input, input.groupId, userId, { removed: true, ...outcome });
			}),
	};
}

export const operation = defineOperation(
	{ name: 'Remove From Group', action: 'Remove a user from a group', description: 'Remove a user from a Domo group' },
	properties,
	removeUserFromGroup,
);
