/**
 * Re-send user invitation: POST {base}/api/users/{id}/resend_invitation, answered 204; 403 for a
 * key that may not, 404 for an unknown user. By email, the user is found in the list first.
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-resend_invitation
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import { absentOn404 } from '../../../shared/directory';
import { readUserSelector, userNotFound, userSelectorSchema } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { isOutcomeUncertain } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { userPath } from '../../transport';
import { optionsProperty, selectorProperties } from './common';
import { garmatDirectory } from '../../directory';

export const inputSchema = userSelectorSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...selectorProperties(), optionsProperty()];


const labels = fieldLabels(properties);

const UNCERTAIN_NOTE = 'The invitation may have been sent; the node did not send it again, so this item emails the user at most once.';

export function resendInvitation(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = garmatDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, readUserSelector(ctx, i), labels, ctx.getNode(), i),
		execute: async (selector, i) => {
			// By ID the call itself says whether the user exists (404); by email the list does.
			const user = selector.findBy === 'email' ? await directory.findByEmail(selector.email, i) : undefined;
			if (selector.findBy === 'email' && !user) throw userNotFound(ctx, 'Garmat', selector, i);
			const id = user?.id ?? (selector.findBy === 'id' ? selector.userId : '');
			// Each call emails the user a new link: never repeated blindly after a lost answer.
			// Errors are node errors built by the transport; they leave unchanged, outside the catch.
			// By ID the call itself tells: 404 means there is no such user.
			let sent: boolean | undefined;
			let failure: unknown;
			try {
				sent = await absentOn404(async () => {
					await session.request({ method: 'POST', path: userPath(id, '/resend_invitation'), idempotent: false }, i);
					return true;
				});
			} catch (error) {
				failure = error;
			}
			if (!sent && failure === undefined) throw userNotFound(ctx, 'Garmat', selector, i);
			if (failure !== undefined) {
				if (isOutcomeUncertain(failure)) {
					const uncertain = failure as { description?: string | null };
					uncertain.description = [uncertain.description, UNCERTAIN_NOTE].filter(Boolean).join(' ');
				}
				throw failure;
			}
			const output: IDataObject = { invitationSent: true, id };
			if (user?.email !== undefined) output.email = user.email;
			return output;
		},
	};
}

export const operation = defineOperation(
	{ name: 'Resend Invitation', action: 'Resend invitation to a user', description: 'Email the user a new link to set their password' },
	properties,
	resendInvitation,
);
