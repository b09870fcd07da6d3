/**
 * Create or update a user: the email is looked up (one search in your organization, both letter
 * cases, then the user list once); an absent user is created (`action: "create"`), a present one
 * gets only the properties that differ (`action: "update"`), and nothing is sent when nothing differs.
 * https://developer.luzmo.com/api/createUser
 * https://developer.luzmo.com/api/updateUser
 */
import type { INodeProperties } from 'n8n-workflow';

import { defineOperation } from '../../../shared/router';
import { upsertItems, upsertProperties } from '../../../shared/sync/vendor';
import { luzmoSync } from '../../sync';
import { luzmoRequestOptions } from '../common';
import { createUser, properties as createProperties } from './create.operation';

export const properties: INodeProperties[] = upsertProperties(createProperties, luzmoRequestOptions());

export const operation = defineOperation(
	{ name: 'Create or Update', action: 'Create or update a user', description: 'Create a user, or update only the properties that differ when the email exists' },
	properties,
	(ctx, session, options) => {
		const vendor = luzmoSync(ctx, session);
		return upsertItems(createUser(ctx, session, options).parse, () => vendor);
	},
);
