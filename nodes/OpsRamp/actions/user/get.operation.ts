/**
 * Get user: GET {host}/api/v2/tenants/{tenantId}/users/{userId}
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users-userid/
 * By email: Search Users (GET .../users/search?queryString=mailId:<email>) finds the ID first.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { z } from 'zod';

import { userNotFound } from '../../../shared/lifecycle';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { findSelectedUser, optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, VENDOR } from '../common';

export const inputSchema = selectedUserSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	optionsProperty('Get by ID is one plain GET (500 per minute per tenant); by email it is a search first (50 per minute).'),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, properties);

const labels = fieldLabels(properties);

export function getUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	return {
		parse: (i) => validateItem(inputSchema, readSelectedUser(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const user = await findSelectedUser(session, ctx.getNode(), input, i);
			if (!user) throw userNotFound(ctx, VENDOR, input, i);
			return Object.assign({}, user) as IDataObject;
		},
	};
}
