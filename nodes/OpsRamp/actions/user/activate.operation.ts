/**
 * Activate user: POST {host}/api/v2/tenants/{tenantId}/users/{userId}/ACTIVATE
 * https://develop.opsramp.com/v2/api/tenancy-access-controls/tenantid-users-userid-action
 * Undoes Deactivate. A user already active gets no request (alreadyActive: true); a user not
 * there is a per-item error, since there is nobody to activate.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { z } from 'zod';

import { userNotFound } from '../../../shared/lifecycle';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, VENDOR, WRITE_LIMIT } from '../common';
import { changeStatus } from './status';

export const inputSchema = selectedUserSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...selectedUserProperties, optionsProperty(`Each activation is a lookup and at most one POST. ${WRITE_LIMIT}`)];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['activate'] } }, properties);

const labels = fieldLabels(properties);

export function activateUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) => validateItem(inputSchema, readSelectedUser(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const output = await changeStatus(ctx, session, input, { to: 'active', body: {} }, i);
			if (!output) throw userNotFound(ctx, VENDOR, input, i);
			return output;
		},
	};
}
