/**
 * What the OpsRamp operations after Create User share: the Tenant ID field, "Find User By" and
 * what a user's status means. Finding the user is the shared directory's (../directory.ts).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { requestOptionsProperty } from '../../shared/fields';
import type { UserSelector } from '../../shared/lifecycle';
import { readUserSelector, userSelectorProperties, userSelectorSchema } from '../../shared/lifecycle';
import type { OpsRampUser } from '../transport';
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
