import type { IDataObject } from 'n8n-workflow';

import { collectPages } from '../shared/pager';
import type { ApiSession, VendorApi } from '../shared/transport';

/** Domo platform API: https://developer.domo.com/docs/users-api-reference/users-2 */
export const domoApi: VendorApi = {
	name: 'Domo',
	credentialType: 'domoApi',
	baseUrl: (credentials) => String(credentials.apiHost || 'https://api.domo.com'),
	secretFields: ['clientSecret', 'accessToken'],
	// The API answers { status, statusReason, message }; its OAuth layer { error, error_description }.
	readErrorMessage: (body) => {
		if (!body || typeof body !== 'object') return undefined;
		const { message, error_description: description, error, statusReason } = body as Record<string, unknown>;
		const found = [message, description, error, statusReason].find((value) => typeof value === 'string' && value.trim());
		return found as string | undefined;
	},
	hints: {
		401: 'Check the Client ID and Client Secret in the Domo credential.',
		403: 'The API client needs the "user" scope, and its owner the right to manage users in Domo.',
		404: 'Check the ID: Get Many lists users and groups with their IDs.',
		429: 'Domo allows about 3,000 requests per minute per instance; lower the Concurrency option.',
	},
};

export interface DomoUser extends IDataObject {
	id: number;
	email: string;
}

/** Domo's largest page of GET /v1/users. */
export const DIRECTORY_PAGE_SIZE = 500;

/** Where a user lives: GET, PUT and DELETE /v1/users/{id}. */
export const userPath = (id: string | number) => `/v1/users/${encodeURIComponent(String(id))}`;

/** Where a membership lives: PUT and DELETE /v1/groups/{groupId}/users/{userId}. */
export const membershipPath = (groupId: string, userId: string | number) =>
	`/v1/groups/${encodeURIComponent(groupId)}/users/${encodeURIComponent(String(userId))}`;

/** Domo's largest page of the group lists (GET /v1/groups, GET /v1/groups/{id}/users). */
export const GROUP_PAGE_SIZE = 500;

/**
 * Whether a user is in a group: GET /v1/groups/{groupId}/users answers the members' IDs, 500 a
 * page at most; pages are read until the user is found or the list ends.
 */
export async function isGroupMember(session: ApiSession, groupId: string, userId: string | number, itemIndex: number): Promise<boolean> {
	const target = String(userId);
	const ids = await collectPages<unknown>(
		{ returnAll: true, limit: 0, maxPageSize: GROUP_PAGE_SIZE, key: String, until: (id) => String(id) === target },
		async ({ offset, size }) => {
			const answer = await session.request<unknown>(
				{ method: 'GET', path: `/v1/groups/${encodeURIComponent(groupId)}/users`, qs: { limit: size, offset }, idempotent: true },
				itemIndex,
			);
			return { items: Array.isArray(answer) ? answer : [] };
		},
	);
	return ids.some((id) => String(id) === target);
}

export interface DomoGroup extends IDataObject {
	id: number;
	name: string;
}
