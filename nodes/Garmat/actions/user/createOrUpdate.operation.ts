/**
 * Create or update a user: the email is looked up (the account's user list, read once per
 * execution); an absent user is created with POST {base}/api/users, a present one gets only the
 * fields that differ with PUT {base}/api/users/{id}, and nothing is sent when nothing differs.
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-create
 * https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-usercontroller-update
 */
import type { INodeProperties } from 'n8n-workflow';

import { defineOperation } from '../../../shared/router';
import { upsertItems, upsertProperties } from '../../../shared/sync/vendor';
import { garmatSync } from '../../sync';
import { createUser, properties as createProperties } from './create.operation';
import { optionsProperty } from './common';

export const properties: INodeProperties[] = upsertProperties(createProperties, optionsProperty());

export const operation = defineOperation(
	{ name: 'Create or Update', action: 'Create or update a user', description: 'Create a user, or update only the fields that differ when the email exists' },
	properties,
	(ctx, session, options) => {
		const vendor = garmatSync(ctx, session);
		return upsertItems(createUser(ctx, session, options).parse, () => vendor);
	},
);
