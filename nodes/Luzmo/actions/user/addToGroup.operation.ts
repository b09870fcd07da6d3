/**
 * Add user to group: POST {host}/0.1.0/group with
 * { action: "associate", id: <group ID>, resource: { role: "Users", id: <user ID> },
 *   properties: { flagMember: true, flagOwn: false } }, answered { "code": 200 }.
 * Only a group owner may add members. Before it, one `get` finds the user and one reads the
 * group's members: a user who is already a member is left as they are (`alreadyMember: true`).
 * https://developer.luzmo.com/api/associateGroup
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { sendOnce } from '../../../shared/directory';
import type { UserSelector } from '../../../shared/lifecycle';
import { readUserSelector, userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { luzmoDirectory } from '../../directory';
import { GROUP_PATH } from '../../transport';
import { luzmoRequestOptions, luzmoUserSelector, luzmoUserSelectorSchema } from '../common';
import { groupIdSchema, groupNotFound, groupProperty, membershipBody, readMembership } from '../groups';

export const inputSchema = luzmoUserSelectorSchema.and(z.object({ groupId: groupIdSchema }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...luzmoUserSelector(), groupProperty('add the user to'), luzmoRequestOptions()];


const labels = fieldLabels(properties);

export function addUserToGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = luzmoDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readUserSelector(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined) }, labels, ctx.getNode(), i),
		execute: async (input, i): Promise<IDataObject> => {
			const selector = input as UserSelector;
			const { groupId } = input;
			return await directory.withUser(selector, i, async (user) => {
				if (!user) throw userNotFound(ctx, 'Luzmo', selector, i);
				const output = (alreadyMember: boolean): IDataObject => ({ added: true, alreadyMember, userId: user.id, email: user.email, groupId });

				const membership = await readMembership(session, groupId, user.id, i);
				if (!membership.groupFound) throw groupNotFound(ctx, groupId, i);
				if (membership.member) return output(true);

				const body = { ...membershipBody('associate', groupId, user.id), properties: { flagMember: true, flagOwn: false } };
				// [INF] Luzmo does not document what a second associate does, so it is never sent
				// blindly: after a lost answer the members are read again first.
				await sendOnce(
					async () => await session.request({ method: 'POST', path: GROUP_PATH, body, idempotent: false }, i),
					async () => ((await readMembership(session, groupId, user.id, i)).member ? true : undefined),
				);
				return output(false);
			});
		},
	};
}

export const operation = defineOperation(
	{ name: 'Add to Group', action: 'Add a user to a group', description: 'Make a user a member of a group' },
	properties,
	addUserToGroup,
);
