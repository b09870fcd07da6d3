/**
 * Create or update a user: the email is looked up (the instance's user list, read once per
 * execution: Domo has no email search); an absent user is created with POST /v1/users, a present
 * one gets only the fields that differ with PUT /v1/users/{id} (read-modify-write, as Update), and
 * nothing is sent when nothing differs.
 * https://www.domo.com/docs/portal/6fc40f66c26e2-create-a-user
 * https://developer.domo.com/docs/users-api-reference/users-2 (Update a user)
 */
import type { INodeProperties } from 'n8n-workflow';

import { defineOperation } from '../../../shared/router';
import { upsertItems, upsertProperties } from '../../../shared/sync/vendor';
import { domoSync } from '../../sync';
import { domoRequestOptions } from '../common';
import { createUser, properties as createProperties } from './create.operation';

export const properties: INodeProperties[] = upsertProperties(createProperties, domoRequestOptions());

export const operation = defineOperation(
	{ name: 'Create or Update', action: 'Create or update a user', description: 'Create a user, or update only the fields that differ when the email exists' },
	properties,
	(ctx, session, options) => {
		const vendor = domoSync(ctx, session);
		return upsertItems(createUser(ctx, session, options).parse, () => vendor);
	},
);
