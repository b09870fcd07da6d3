/**
 * Remove user from group: POST {host}/0.1.0/group with
 * { action: "dissociate", id: <group ID>, resource: { role: "Users", id: <user ID> } }.
 * Before it, the user is found and the group's members read: a user who is not (or no longer) a
 * member, or who no longer exists, is success with `alreadyAbsent: true` and nothing is sent.
 * https://developer.luzmo.com/api/dissociateGroup
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { UserSelector } from '../../../shared/lifecycle';
import { readUserSelector, removeIdempotently } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { luzmoDirectory } from '../../directory';
import { GROUP_PATH } from '../../transport';
import { luzmoRequestOptions, luzmoUserSelector, luzmoUserSelectorSchema } from '../common';
import { groupIdSchema, groupProperty, membershipBody, readMembership } from '../groups';

export const inputSchema = luzmoUserSelectorSchema.and(z.object({ groupId: groupIdSchema }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...luzmoUserSelector(), groupProperty('remove the user from'), luzmoRequestOptions()];


const labels = fieldLabels(properties);

export function removeUserFromGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = luzmoDirectory(session);
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readUserSelector(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined) }, labels, ctx.getNode(), i),
		execute: async (input, i): Promise<IDataObject> => {
			const selector = input as UserSelector;
			const { groupId } = input;
			const output = (alreadyAbsent: boolean, found: IDataObject): IDataObject => {
				const json: IDataObject = { removed: true, alreadyAbsent, groupId };
				if (selector.findBy === 'email') json.email = selector.email;
				else json.userId = selector.userId;
				return Object.assign(json, found);
			};
			return await directory.withUser(selector, i, async (user) => {
				// A user deleted already is in no group any more: an offboarding flow goes on.
				if (!user) return output(true, { userFound: false });
				const membership = await readMembership(session, groupId, user.id, i);
				// A group Luzmo no longer shows holds no membership either; `groupFound` tells it apart.
				if (!membership.member) return output(true, { userId: user.id, groupFound: membership.groupFound });
				// Taking the user out twice leaves them out: repeated after a lost answer, and a
				// repeat answered 404 (the first one did it) counts as done.
				await removeIdempotently(
					async () =>
						await session.request({ method: 'POST', path: GROUP_PATH, body: membershipBody('dissociate', groupId, user.id), idempotent: true }, i),
				);
				return output(false, { userId: user.id });
			});
		},
	};
}

export const operation = defineOperation(
	{ name: 'Remove From Group', action: 'Remove a user from a group', description: 'Take a user out of a group; one not in it counts as done' },
	properties,
	removeUserFromGroup,
);
