/**
 * Sync: make the instance's users match a roster (the input items, one per person). The users are
 * read once (GET /v1/users, 500 a page); absent people are created (POST /v1/users), changed ones
 * updated (PUT /v1/users/{id}), users not in the roster kept or deleted (DELETE /v1/users/{id}:
 * Domo's users have no status to deactivate), and group memberships added or removed
 * (PUT / DELETE /v1/groups/{id}/users/{userId}). See docs/behaviour.md#sync.
 */
import type { INodeProperties } from 'n8n-workflow';

import { defineBatchOperation } from '../../../shared/router';
import { syncProperties } from '../../../shared/sync/options';
import { runSync } from '../../../shared/sync/run';
import { domoSync } from '../../sync';
import { createUser, properties as createProperties } from './create.operation';

export const properties: INodeProperties[] = [
	...createProperties.filter((property) => property.name !== 'options'),
	...syncProperties({
		name: 'Domo',
		concurrencyNote: 'Domo allows about 3,000 requests per minute per instance; 429 answers are retried after the Retry-After wait.',
		removals: [{ name: 'Delete', value: 'delete', description: 'Delete them permanently (Domo users have no status to deactivate)' }],
		groups: { idExample: '1324037627' },
		roleExample: 'Participant',
	}),
];

export const operation = defineBatchOperation(
	{ name: 'Sync', action: 'Sync users with a roster', description: 'Create, update and delete users so the instance matches a roster, with a preview' },
	properties,
	async (ctx, session, options) => await runSync(ctx, domoSync(ctx, session), createUser(ctx, session, options).parse, options),
);
