/**
 * Get user: Garmat documents no get-by-ID call, so the user is found in
 * GET {base}/api/users?limit=100&page=n (operation "List users"), by ID or by email.
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-index
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { z } from 'zod';

import { readUserSelector, userNotFound, userSelectorSchema } from '../../../shared/lifecycle';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { optionsProperty, selectorProperties } from './common';
import { GarmatDirectory } from './directory';

export const inputSchema = userSelectorSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...selectorProperties(), optionsProperty()];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, properties);

const labels = fieldLabels(properties);

export function getUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = new GarmatDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, readUserSelector(ctx, i), labels, ctx.getNode(), i),
		execute: async (selector, i) => {
			const user = await directory.find(selector, i);
			if (!user) throw userNotFound(ctx, 'Garmat', selector, i);
			return user;
		},
	};
}
