/**
 * Sync: make the account's users match a roster (the input items, one per person). The users are
 * read once (GET {base}/api/users, 100 a page); absent people are created (POST /api/users),
 * changed ones updated (PUT /api/users/{id}), and users not in the roster kept or deactivated
 * (status "deactivated": Garmat documents no delete). See docs/behaviour.md#sync.
 */
import type { INodeProperties } from 'n8n-workflow';

import { defineBatchOperation } from '../../../shared/router';
import { syncProperties } from '../../../shared/sync/options';
import { runSync } from '../../../shared/sync/run';
import { garmatSync } from '../../sync';
import { createUser, properties as createProperties } from './create.operation';

export const properties: INodeProperties[] = [
	...createProperties.filter((property) => property.name !== 'options'),
	...syncProperties({
		name: 'Garmat',
		concurrencyNote: 'Garmat does not publish its limit; 429 and "API limit reached" answers are retried with backoff.',
		removals: [{ name: 'Deactivate', value: 'deactivate', description: 'Set their status to deactivated (Garmat has no delete)' }],
		roleExample: 'customer_read_only',
	}),
];

export const operation = defineBatchOperation(
	{ name: 'Sync', action: 'Sync users with a roster', description: 'Create, update and deactivate users so the account matches a roster, with a preview' },
	properties,
	async (ctx, session, options) => await runSync(ctx, garmatSync(ctx, session), createUser(ctx, session, options).parse, options),
);
