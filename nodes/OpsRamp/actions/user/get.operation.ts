/**
 * Get user: GET {host}/api/v2/tenants/{tenantId}/users/{userId}
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users-userid/
 * By email: Search Users (GET .../users/search?queryString=mailId:<email>) finds the ID first.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import { userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { opsRampDirectories } from '../../directory';
import { optionsProperty, readSelectedUser, selectedUserProperties, selectedUserSchema, VENDOR } from '../common';

export const inputSchema = selectedUserSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [
	...selectedUserProperties,
	optionsProperty('Get by ID is one plain GET (500 per minute per tenant); by email it is a search first (50 per minute).'),
];


const labels = fieldLabels(properties);

export function getUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directories = opsRampDirectories(session);
	return {
		parse: (i) => validateItem(inputSchema, readSelectedUser(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i) => {
			const user = await directories.in(input.tenantId).find(input, i);
			if (!user) throw userNotFound(ctx, VENDOR, input, i);
			return Object.assign({}, user) as IDataObject;
		},
	};
}

export const operation = defineOperation(
	{ name: 'Get', action: 'Get a user', description: 'Get a user by email or ID' },
	properties,
	getUser,
);
