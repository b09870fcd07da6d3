/**
 * Create or update a user in a tenant: the email is looked up (Search Users on mailId, then the
 * tenant's users once), then the login name; an absent user is created with POST .../users, a
 * present one gets only the fields that differ with POST .../users/{userId}, and nothing is sent
 * when nothing differs. Compared: login name, first and last name, email (what Search Users returns).
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users/
 * https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users-userid/
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { defineOperation } from '../../../shared/router';
import { upsertItems, upsertProperties } from '../../../shared/sync/vendor';
import { opsRampSync } from '../../sync';
import { optionsProperty, WRITE_LIMIT } from '../common';
import { createUser, properties as createProperties } from './create.operation';

export const properties: INodeProperties[] = upsertProperties(createProperties, optionsProperty(`Each item is a lookup and at most one POST. ${WRITE_LIMIT}`));

export const operation = defineOperation(
	{ name: 'Create or Update', action: 'Create or update a user', description: 'Create a user, or update only the fields that differ when the email exists' },
	properties,
	(ctx, session, options) => {
		const byTenant = new Map<string, ReturnType<typeof opsRampSync>>();
		const vendorFor = (tenantId: string) => {
			if (!byTenant.has(tenantId)) byTenant.set(tenantId, opsRampSync(ctx, session, tenantId));
			return byTenant.get(tenantId)!;
		};
		return upsertItems(createUser(ctx, session, options).parse, (input) => vendorFor(input.tenantId), (user) => {
			const output: IDataObject = Object.assign({}, user);
			delete output.password;
			return output;
		});
	},
);
