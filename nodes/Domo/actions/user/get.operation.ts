/**
 * Get a user: GET https://api.domo.com/v1/users/{id}, or by email through the user directory
 * (GET /v1/users?limit=500&offset=..., read once per execution: Domo has no email search).
 * https://developer.domo.com/docs/users-api-reference/users-2 (Retrieve a user, List users)
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import { readUserSelector, userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { domoDirectory } from '../../directory';
import { domoRequestOptions, domoUserSelector, domoUserSelectorSchema } from '../common';

export const inputSchema = domoUserSelectorSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...domoUserSelector(), domoRequestOptions()];


const labels = fieldLabels(properties);

export function getUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = domoDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, readUserSelector(ctx, i), labels, ctx.getNode(), i),
		execute: async (selector, i) => {
			// A deleted user (Domo keeps a subset of the record, `deleted: true`) is not found.
			const user = await directory.find(selector, i);
			if (!user) throw userNotFound(ctx, 'Domo', selector, i);
			return user;
		},
	};
}

export const operation = defineOperation(
	{ name: 'Get', action: 'Get a user', description: 'Get a user by email or ID' },
	properties,
	getUser,
);
