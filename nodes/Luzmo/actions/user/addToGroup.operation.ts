/**
 * Add user to group: POST {host}/0.1.0/group with
 * { action: "associate", id: <group ID>, resource: { role: "Users", id: <user ID> },
 *   properties: { flagMember: true, flagOwn: false } }, answered { "code": 200 }.
 * Only a group owner may add members. Before it, one `get` finds the user and one reads the
 * group's members: a user who is already a member is left as they are (`alreadyMember: true`).
 * https://developer.luzmo.com/api/associateGroup
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import type { UserSelector } from '../../../shared/lifecycle';
import { readUserSelector, userNotFound } from '../../../shared/lifecycle';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { isOutcomeUncertain } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { GROUP_PATH } from '../../transport';
import { findLuzmoUser, luzmoRequestOptions, luzmoUserSelector, luzmoUserSelectorSchema } from '../common';
import { groupIdSchema, groupNotFound, groupProperty, membershipBody, readMembership } from '../groups';

export const inputSchema = luzmoUserSelectorSchema.and(z.object({ groupId: groupIdSchema }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...luzmoUserSelector(), groupProperty('add the user to'), luzmoRequestOptions()];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['addToGroup'] } }, properties);

const labels = fieldLabels(properties);

/** Associates sent again after a lost answer, each only after the members were read again. */
const MAX_UNCERTAIN_RETRIES = 2;

export function addUserToGroup(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) =>
			validateItem(inputSchema, { ...readUserSelector(ctx, i), groupId: ctx.getNodeParameter('groupId', i, undefined) }, labels, ctx.getNode(), i),
		execute: async (input, i): Promise<IDataObject> => {
			const selector = input as UserSelector;
			const { groupId } = input;
			const user = await findLuzmoUser(session, selector, i);
			if (!user) throw userNotFound(ctx, 'Luzmo', selector, i);
			const output = (alreadyMember: boolean): IDataObject => ({ added: true, alreadyMember, userId: user.id, email: user.email, groupId });

			const membership = await readMembership(session, groupId, user.id, i);
			if (!membership.groupFound) throw groupNotFound(ctx, groupId, i);
			if (membership.member) return output(true);

			const body = { ...membershipBody('associate', groupId, user.id), properties: { flagMember: true, flagOwn: false } };
			for (let attempt = 0; ; attempt++) {
				// [INF] Luzmo does not document what a second associate does, so it is never sent
				// blindly: after a lost answer the members are read again first.
				let failure: unknown;
				try {
					await session.request({ method: 'POST', path: GROUP_PATH, body, idempotent: false }, i);
					return output(false);
				} catch (error) {
					failure = error;
				}
				if (!isOutcomeUncertain(failure) || attempt >= MAX_UNCERTAIN_RETRIES) throw failure;
				if ((await readMembership(session, groupId, user.id, i)).member) return output(false);
			}
		},
	};
}
