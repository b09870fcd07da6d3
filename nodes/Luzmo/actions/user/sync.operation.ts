/**
 * Sync: make your organization's users match a roster (the input items, one per person). The users
 * are read once (`action: "get"`, 100 a page); absent people are created, changed ones updated,
 * users not in the roster kept or deleted (`action: "delete"`: a Luzmo user has no status to
 * deactivate), and group memberships associated or dissociated. See docs/behaviour.md#sync.
 */
import type { INodeProperties } from 'n8n-workflow';

import { defineBatchOperation } from '../../../shared/router';
import { syncProperties } from '../../../shared/sync/options';
import { runSync } from '../../../shared/sync/run';
import { luzmoSync } from '../../sync';
import { createUser, properties as createProperties } from './create.operation';

export const properties: INodeProperties[] = [
	...createProperties.filter((property) => property.name !== 'options'),
	...syncProperties({
		name: 'Luzmo',
		concurrencyNote: 'Luzmo allows 10 requests per second per API token, with bursts up to 200; a 429 answer is retried with backoff.',
		removals: [{ name: 'Delete', value: 'delete', description: 'Delete them (a Luzmo user has no status to deactivate)' }],
		groups: { idExample: '123e4567-e89b-12d3-a456-426614174000' },
		roleExample: 'designer',
	}),
];

export const operation = defineBatchOperation(
	{ name: 'Sync', action: 'Sync users with a roster', description: 'Create, update and delete users so your organization matches a roster, with a preview' },
	properties,
	async (ctx, session, options) => await runSync(ctx, luzmoSync(ctx, session), createUser(ctx, session, options).parse, options),
);
