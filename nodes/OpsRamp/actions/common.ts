/**
 * What the OpsRamp operations after Create User share: the Tenant ID field, "Find User By", the
 * lookup of the chosen user, and a send that checks OpsRamp's state before repeating a change
 * whose answer was lost.
 * - Get User: GET /api/v2/tenants/{tenantId}/users/{userId}
 *   https://docs.opsramp.com/api/tenancy-access-controls/tenants-orgid-users-userid/
 * - Search Users: GET /api/v2/tenants/{tenantId}/users/search?queryString=mailId:<email>
 *   https://docs.opsramp.com/api/tenancy-access-controls/tenants-tenantid-users-search/
 */
import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { requestOptionsProperty } from '../../shared/fields';
import type { UserSelector } from '../../shared/lifecycle';
import { isNotFound, readUserSelector, userSelectorProperties, userSelectorSchema } from '../../shared/lifecycle';
import { sameEmail } from '../../shared/provision';
import type { ApiSession } from '../../shared/transport';
import { isOutcomeUncertain } from '../../shared/transport';
import type { OpsRampUser } from '../transport';
import { getUser, searchUsers } from '../transport';
import { tenantIdSchema } from './user/create.schema';

export const VENDOR = 'OpsRamp';

export function tenantIdProperty(what: string): INodeProperties {
	return {
		displayName: 'Tenant ID',
		name: 'tenantId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. client_16',
		description: `The clientId or mspId of the tenant ${what}: a client ID such as client_16 or a partner ID such as msp_15`,
	};
}

/** Concurrency and Timeout, with what OpsRamp's limits mean for the operation. */
export function optionsProperty(limitNote: string): INodeProperties {
	return requestOptionsProperty({
		name: VENDOR,
		concurrencyNote: `${limitNote} OpsRamp announces what is left in X-RateLimit headers; a 429 waits until X-RateLimit-Reset.`,
	});
}

export const WRITE_LIMIT = 'OpsRamp allows 50 POST, PUT and DELETE requests per minute per tenant, and 500 plain GETs.';
export const PAGED_LIMIT = 'OpsRamp allows 50 paginated GET requests (one per page) per minute per tenant.';

/** Tenant ID and Find User By, first fields of every operation on one existing user. */
export const selectedUserProperties: INodeProperties[] = [
	tenantIdProperty('the user belongs to'),
	...userSelectorProperties({
		name: VENDOR,
		idPlaceholder: 'e.g. USR0000002145',
		idDescription: "The user's OpsRamp ID, such as USR0000002145 (the ID that Create, Get and Get Many output)",
		emailNote: 'Found with the Search Users API; an email containing "+" cannot be searched there, use the ID',
	}),
];

export const selectedUserSchema = userSelectorSchema.and(z.object({ tenantId: tenantIdSchema }));
export type SelectedUser = UserSelector & { tenantId: string };

export function readSelectedUser(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	return { tenantId: ctx.getNodeParameter('tenantId', itemIndex, undefined), ...readUserSelector(ctx, itemIndex) };
}

/**
 * Whether a user record is a terminated user. Terminating masks the user's details (maskType) and
 * the docs do not show what Get User answers afterwards [INF]: a 404, or a record with a status
 * other than active and inactive. Either way the user is gone.
 */
export function isTerminated(user: OpsRampUser): boolean {
	const status = typeof user.status === 'string' ? user.status.trim().toLowerCase() : '';
	return status === 'terminated' || status === 'deleted';
}

/** Search Users' status values: active, and inactive for a deactivated user. */
export function isInactive(user: OpsRampUser): boolean {
	return typeof user.status === 'string' && user.status.trim().toLowerCase() === 'inactive';
}

export function isActive(user: OpsRampUser): boolean {
	return typeof user.status === 'string' && user.status.trim().toLowerCase() === 'active';
}

/** The full user by ID, or undefined when OpsRamp has no such (live) user. */
export async function userById(session: ApiSession, tenantId: string, userId: string, itemIndex: number): Promise<OpsRampUser | undefined> {
	// Errors are node errors built by the transport: all but a 404 leave unchanged.
	let failure: unknown;
	try {
		const user = await getUser(session, tenantId, userId, itemIndex);
		return user && typeof user === 'object' && !isTerminated(user) ? user : undefined;
	} catch (error) {
		failure = error;
	}
	if (isNotFound(failure)) return undefined;
	throw failure;
}

/**
 * The user the selector names, in full: by ID one Get User; by email a Search Users on mailId
 * (matched exactly, case-insensitively, here: the search matches loosely), then Get User.
 */
export async function findSelectedUser(session: ApiSession, node: INode, input: SelectedUser, itemIndex: number): Promise<OpsRampUser | undefined> {
	if (input.findBy === 'id') return await userById(session, input.tenantId, input.userId, itemIndex);
	const email = input.email.trim();
	if (email.includes('+')) {
		throw new NodeOperationError(node, `Cannot search OpsRamp for the email "${email}": it contains "+" (item ${itemIndex})`, {
			itemIndex,
			description: 'OpsRamp\'s user search reads "+" as a separator between search fields. Set Find User By to ID instead. Nothing was sent for this item.',
		});
	}
	const found = await searchUsers(session, input.tenantId, `mailId:${email}`, (user) => sameEmail(user.email, email), itemIndex);
	return found ? await userById(session, input.tenantId, found.id, itemIndex) : undefined;
}

/**
 * Sends a change OpsRamp does not document as safe to repeat (a POST, or a DELETE with a body)
 * at most once per confirmed "not done yet": when its answer is lost (timeout, reset, 5xx), the
 * state is read with `isDone` before it is sent again, so a change that did land is not repeated.
 */
export async function sendChecked(send: () => Promise<unknown>, isDone: () => Promise<boolean>, maxResends = 2): Promise<void> {
	for (let attempt = 0; ; attempt++) {
		let failure: unknown;
		try {
			await send();
			return;
		} catch (error) {
			failure = error;
		}
		if (!isOutcomeUncertain(failure) || attempt >= maxResends) throw failure;
		if (await isDone()) return;
	}
}
