/**
 * What Garmat's user operations share: the documented roles and statuses, the "Find User By"
 * fields in Garmat's words, the Options collection, and the one call that changes a user.
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { requestOptionsProperty } from '../../../shared/fields';
import { absentOn404 } from '../../../shared/directory';
import { mergeChanges, userSelectorProperties } from '../../../shared/lifecycle';
import type { ApiSession } from '../../../shared/transport';
import type { GarmatUser } from '../../transport';
import { userPath } from '../../transport';

/** The User object's roles and statuses (api-docs, group Users). */
export const ROLES = ['customer_read_only', 'customer_admin'] as const;
export const STATUSES = ['active', 'deactivated'] as const;

export const ROLE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Customer Admin', value: 'customer_admin' },
	{ name: 'Customer Read Only', value: 'customer_read_only' },
];

export const STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Active', value: 'active' },
	{ name: 'Deactivated', value: 'deactivated' },
];

export const selectorProperties = (): INodeProperties[] =>
	userSelectorProperties({
		name: 'Garmat',
		idPlaceholder: 'e.g. f260f115-f2e6-4dde-bcab-98b10fdb8cf6',
		idDescription: 'The user\'s ID (a UUID), as Create and Get Many output it',
		emailNote: 'Garmat has no email search: the account\'s users are read once per execution (100 a request)',
	});

export const optionsProperty = (): INodeProperties =>
	requestOptionsProperty({
		name: 'Garmat',
		concurrencyNote: 'Garmat does not publish its limit; 429 and "API limit reached" answers are retried with backoff.',
	});

/** The fields of the User object a change sends; `id` and `account_id` are not changed here. */
const WRITABLE = ['name', 'email', 'role', 'status'] as const;

/**
 * Update user (api-docs operation "Update user", GarmatApiWeb.UserController.update), sent as
 * PUT /api/users/{id}. The page documents the operation but its request could not be read, so
 * the node reads the user first and sends every writable field, the changed ones merged in: the
 * same result whether Garmat replaces the record or merges what it is sent. Sending the same
 * record twice changes nothing more, so the request is retried safely after a lost answer.
 * Returns undefined when Garmat answers 404 (the user is gone).
 */
export async function changeUser(session: ApiSession, current: GarmatUser, changes: IDataObject, itemIndex: number): Promise<GarmatUser | undefined> {
	const merged = mergeChanges(current, changes);
	const body: IDataObject = {};
	for (const field of WRITABLE) if (merged[field] !== undefined && merged[field] !== null) body[field] = merged[field];
	const answer = await absentOn404(async () => ({
		user: await session.request<GarmatUser | undefined>({ method: 'PUT', path: userPath(current.id), body, idempotent: true }, itemIndex),
	}));
	if (!answer) return undefined;
	// Garmat's answer is the user; should it answer without one (204), the merged record is it.
	const { user } = answer;
	return user && typeof user === 'object' && typeof user.id === 'string' ? user : merged;
}
