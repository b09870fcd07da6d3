/**
 * Deactivate user: Garmat's users have the status `deactivated` (api-docs, User object); the node
 * sets it with Update user, PUT {base}/api/users/{id} (see changeUser in common.ts). Safe to
 * re-run: a user already deactivated is left alone, and a user who is not there is a success
 * with `alreadyAbsent: true`, so an offboarding flow never stops halfway.
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-update
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import type { UserSelector } from '../../../shared/lifecycle';
import { readUserSelector, userSelectorSchema } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import type { GarmatUser } from '../../transport';
import { changeUser, optionsProperty, selectorProperties } from './common';
import { garmatDirectory } from '../../directory';

export const inputSchema = userSelectorSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...selectorProperties(), optionsProperty()];


const labels = fieldLabels(properties);

/** No such user: nothing to deactivate, which is what the flow wanted. */
function absent(selector: UserSelector): IDataObject {
	const output: IDataObject = { deactivated: true, alreadyAbsent: true, alreadyDeactivated: false };
	if (selector.findBy === 'email') output.email = selector.email;
	else output.id = selector.userId;
	return output;
}

const outcome = (user: GarmatUser, alreadyDeactivated: boolean): IDataObject =>
	Object.assign({}, user, { deactivated: true, alreadyAbsent: false, alreadyDeactivated });

export function deactivateUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = garmatDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, readUserSelector(ctx, i), labels, ctx.getNode(), i),
		execute: async (selector, i) =>
			await directory.withUser(selector, i, async (current) => {
				if (!current) return absent(selector);
				if (current.status === 'deactivated') return outcome(current, true);
				const updated = await changeUser(session, current, { status: 'deactivated' }, i);
				if (!updated) return absent(selector);
				directory.remember(updated);
				return outcome(updated, false);
			}),
	};
}

export const operation = defineOperation(
	{ name: 'Deactivate', action: 'Deactivate a user', description: 'Set a user\'s status to deactivated' },
	properties,
	deactivateUser,
);
