/**
 * Activate user: POST {host}/api/v2/tenants/{tenantId}/users/{userId}/ACTIVATE
 * https://develop.opsramp.com/v2/api/tenancy-access-controls/tenantid-users-userid-action
 * Undoes Deactivate. A user already active gets no request (alreadyActive: true); a user not
 * there is a per-item error, since there is nobody to activate.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import { userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { opsRampDirectories } from '../../directory';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, VENDOR, WRITE_LIMIT } from '../common';
import { changeStatus } from './status';

export const inputSchema = selectedUserSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...selectedUserProperties, optionsProperty(`Each activation is a lookup and at most one POST. ${WRITE_LIMIT}`)];


const labels = fieldLabels(properties);

export function activateUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) => validateItem(inputSchema, readSelectedUser(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const output = await changeStatus(session, directories.in(input.tenantId), input, { to: 'active', body: {} }, i);
			if (!output) throw userNotFound(ctx, VENDOR, input, i);
			return output;
		},
	};
}

export const operation = defineOperation(
	{ name: 'Activate', action: 'Activate a user', description: 'Activate a deactivated user again' },
	properties,
	activateUser,
);
