/**
 * Sync: make a tenant's users match a roster (the input items, one per person; every row names the
 * same Tenant ID). The users are read once (Search Users, 100 a page); absent people are created,
 * changed ones updated, users not in the roster kept, deactivated (DEACTIVATE) or terminated
 * (TERMINATE, OpsRamp's delete), and user group memberships added or removed. See docs/behaviour.md#sync.
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { defineBatchOperation } from '../../../shared/router';
import { syncProperties } from '../../../shared/sync/options';
import { runSync } from '../../../shared/sync/run';
import { opsRampSync } from '../../sync';
import { WRITE_LIMIT } from '../common';
import { createUser, properties as createProperties } from './create.operation';
import { tenantIdSchema } from './create.schema';

export const properties: INodeProperties[] = [
	...createProperties.filter((property) => property.name !== 'options'),
	...syncProperties({
		name: 'OpsRamp',
		concurrencyNote: WRITE_LIMIT,
		removals: [
			{ name: 'Deactivate', value: 'deactivate', description: 'Deactivate them (DEACTIVATE); they keep their record' },
			{ name: 'Delete (Terminate)', value: 'delete', description: 'Terminate them (TERMINATE): OpsRamp has no other delete' },
		],
		groups: { idExample: 'USRGRP-13cfc012-bb01-bbe3-6ed9-c46a192d0567' },
		roleExample: 'Administrator',
	}),
];

export const operation = defineBatchOperation(
	{ name: 'Sync', action: 'Sync users with a roster', description: 'Create, update and remove users so a tenant matches a roster, with a preview' },
	properties,
	async (ctx, session, options) => {
		// A sync covers the tenant its first row names: checked before any request, as a row's fields are.
		const tenant = tenantIdSchema.safeParse(ctx.getNodeParameter('tenantId', 0, ''));
		if (!tenant.success) {
			throw new NodeOperationError(ctx.getNode(), `Invalid "Tenant ID" in item 0: ${tenant.error.issues[0].message}`, {
				itemIndex: 0,
				description: 'A sync covers the tenant of its first row. No request was sent.',
			});
		}
		const tenantId = tenant.data;
		const create = createUser(ctx, session, options);
		const parse = (i: number) => {
			const input = create.parse(i);
			if (input.tenantId !== tenantId) {
				throw new NodeOperationError(ctx.getNode(), `Invalid "Tenant ID" in item ${i}: a sync covers one tenant, "${tenantId}" (item 0)`, { itemIndex: i, description: 'Run one Sync per tenant.' });
			}
			return input;
		};
		return await runSync(ctx, opsRampSync(ctx, session, tenantId), parse, options);
	},
);
