/**
 * Deactivate user: POST {host}/api/v2/tenants/{tenantId}/users/{userId}/DEACTIVATE,
 * body { deactivateReason }.
 * https://develop.opsramp.com/v2/api/tenancy-access-controls/tenantid-users-userid-action
 * A deactivated user has status "inactive" (the status query variable of Search Users) and can
 * be activated again (Activate). Safe to re-run: a user already inactive gets no request
 * (alreadyInactive: true), a user not there is a success with alreadyAbsent: true.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { additionalFieldsProperty } from '../../../shared/fields';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import { optionalText } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { opsRampDirectories } from '../../directory';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, WRITE_LIMIT } from '../common';
import { changeStatus } from './status';

export const inputSchema = selectedUserSchema.and(z.object({ deactivateReason: optionalText }));
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	additionalFieldsProperty([
		{
			displayName: 'Deactivate Reason',
			name: 'deactivateReason',
			type: 'string',
			default: '',
			placeholder: 'e.g. On leave',
			description: 'Reason for deactivation, kept by OpsRamp',
		},
	]),
	optionsProperty(`Each deactivation is a lookup and at most one POST. ${WRITE_LIMIT}`),
];


const labels = fieldLabels(properties);

export function deactivateUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) =>
			validateItem(
				inputSchema,
				{ ...readSelectedUser(ctx, i), deactivateReason: (ctx.getNodeParameter('additionalFields', i, {}) as { deactivateReason?: unknown }).deactivateReason },
				labels,
				ctx.getNode(),
				i,
			),
		execute: async (input, i) => {
			const body = input.deactivateReason ? { deactivateReason: input.deactivateReason } : {};
			const output = await changeStatus(session, directories.in(input.tenantId), input, { to: 'inactive', body }, i);
			if (output) return Object.assign(output, { alreadyAbsent: false });
			const absent: IDataObject = input.findBy === 'id' ? { id: input.userId } : { email: input.email };
			return Object.assign(absent, { alreadyAbsent: true });
		},
	};
}

export const operation = defineOperation(
	{ name: 'Deactivate', action: 'Deactivate a user', description: 'Deactivate a user, who can be activated again' },
	properties,
	deactivateUser,
);
