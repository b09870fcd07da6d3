/**
 * Get user: Garmat documents no get-by-ID call, so the user is found in
 * GET {base}/api/users?limit=100&page=n (operation "List users"), by ID or by email.
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-index
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import { readUserSelector, userNotFound, userSelectorSchema } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { optionsProperty, selectorProperties } from './common';
import { garmatDirectory } from '../../directory';

export const inputSchema = userSelectorSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...selectorProperties(), optionsProperty()];


const labels = fieldLabels(properties);

export function getUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = garmatDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, readUserSelector(ctx, i), labels, ctx.getNode(), i),
		execute: async (selector, i) => {
			const user = await directory.find(selector, i);
			if (!user) throw userNotFound(ctx, 'Garmat', selector, i);
			return user;
		},
	};
}

export const operation = defineOperation(
	{ name: 'Get', action: 'Get a user', description: 'Get a user by email or ID' },
	properties,
	getUser,
);
