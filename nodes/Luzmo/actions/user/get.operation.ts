/**
 * Get user: POST {host}/0.1.0/user with { action: "get", find: { where: { id } | { email }, limit: 1 } },
 * answered { count, rows }; only users of the caller's organization are visible.
 * https://developer.luzmo.com/api/searchUser
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { z } from 'zod';

import type { UserSelector } from '../../../shared/lifecycle';
import { readUserSelector, userNotFound } from '../../../shared/lifecycle';
import { defineOperation } from '../../../shared/router';
import type { ItemOperation } from '../../../shared/runner';
import type { ApiSession } from '../../../shared/transport';
import { fieldLabels, validateItem } from '../../../shared/validation';
import { luzmoDirectory } from '../../directory';
import { luzmoRequestOptions, luzmoUserSelector, luzmoUserSelectorSchema } from '../common';

export const inputSchema = luzmoUserSelectorSchema;
type Input = z.output<typeof inputSchema>;

export const properties: INodeProperties[] = [...luzmoUserSelector(), luzmoRequestOptions()];


const labels = fieldLabels(properties);

export function getUser(ctx: IExecuteFunctions, session: ApiSession): ItemOperation<Input> {
	const directory = luzmoDirectory(session);
	return {
		parse: (i) => validateItem(inputSchema, readUserSelector(ctx, i), labels, ctx.getNode(), i),
		execute: async (input, i): Promise<IDataObject> => {
			const user = await directory.find(input as UserSelector, i);
			if (!user) throw userNotFound(ctx, 'Luzmo', input as UserSelector, i);
			return user;
		},
	};
}

export const operation = defineOperation(
	{ name: 'Get', action: 'Get a user', description: 'Get a user by email or ID' },
	properties,
	getUser,
);
