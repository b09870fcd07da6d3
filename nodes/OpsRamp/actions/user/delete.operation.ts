/**
 * Delete (terminate) user: POST {host}/api/v2/tenants/{tenantId}/users/{userId}/TERMINATE,
 * body { terminateReason, maskType: "PARTIAL" | "FULL" }.
 * https://develop.opsramp.com/v2/api/tenancy-access-controls/tenantid-users-userid-action
 * OpsRamp documents no DELETE for a user; terminating is the end of a user (its key and secret
 * are invalidated too, says the user guide). HPE's own client deletes users this way.
 * Safe to re-run: a user already gone (by email: none found; by ID: 404 or terminated) is a
 * success with alreadyAbsent: true, and so is a 404 answered to the TERMINATE itself.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { additionalFieldsProperty } from '../../../shared/fields';
import { deletedOutput, removeIdempotently } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import { oneOf, optionalText } from '../../../shared/schema';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { opsRampDirectories } from '../../directory';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, WRITE_LIMIT } from '../common';
import { sendUserAction } from './status';

export const MASK_TYPES = ['FULL', 'PARTIAL'] as const;

export const inputSchema = selectedUserSchema.and(
	z.object({
		maskType: oneOf([...MASK_TYPES]),
		terminateReason: optionalText,
	}),
);
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	{
		displayName: 'Mask Type',
		name: 'maskType',
		type: 'options',
		options: [
			{ name: 'Full', value: 'FULL', description: "Mask all of the terminated user's details" },
			{ name: 'Partial', value: 'PARTIAL', description: "Mask part of the terminated user's details" },
		],
		default: 'FULL',
		description: "How OpsRamp masks the terminated user's details (maskType). FULL is what HPE's own client sends.",
	},
	additionalFieldsProperty([
		{
			displayName: 'Terminate Reason',
			name: 'terminateReason',
			type: 'string',
			default: '',
			placeholder: 'e.g. Left the company',
			description: 'Reason for termination, kept by OpsRamp',
		},
	]),
	optionsProperty(`Each delete is a lookup and one POST. ${WRITE_LIMIT}`),
];


const labels = fieldLabels(properties);

export function deleteUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) =>
			validateItem(
				inputSchema,
				{
					...readSelectedUser(ctx, i),
					maskType: ctx.getNodeParameter('maskType', i, 'FULL'),
					terminateReason: (ctx.getNodeParameter('additionalFields', i, {}) as { terminateReason?: unknown }).terminateReason,
				},
				labels,
				ctx.getNode(),
				i,
			),
		execute: async (input, i) => {
			const directory = directories.in(input.tenantId);
			return await directory.withUser(input, i, async (user) => {
				if (!user) return deletedOutput(input, { alreadyAbsent: true });
				const body = { ...(input.terminateReason ? { terminateReason: input.terminateReason } : {}), maskType: input.maskType };
				const { alreadyAbsent } = await removeIdempotently(
					async () =>
						await sendUserAction(session, directory, { tenantId: input.tenantId, userId: user.id, action: 'TERMINATE', body }, (now) => !now, i),
				);
				directory.forget(user);
				return deletedOutput(input, { alreadyAbsent, id: user.id });
			});
		},
	};
}

export const operation = defineOperation(
	{ name: 'Delete', action: 'Delete a user', description: 'Terminate a user (OpsRamp has no other way to delete one)' },
	properties,
	deleteUser,
);
