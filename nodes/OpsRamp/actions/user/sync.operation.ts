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
		const tenantId = String(ctx.getNodeParameter('tenantId', 0, '')).trim();
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
