import type { IDataObject } from 'n8n-workflow';

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
		429: 'Domo allows about 3,000 requests per minute per instance; lower the Concurrency option.',
	},
};

export interface DomoUser extends IDataObject {
	id: number;
	email: string;
}

/** Domo's largest page of GET /v1/users. */
export const DIRECTORY_PAGE_SIZE = 500;

/**
 * Every live user of the instance. Domo has no email filter: finding a user means paging through
 * the whole directory, which the node does once per execution (see ExecutionDirectory).
 */
export async function readDomoDirectory(session: ApiSession, itemIndex: number): Promise<DomoUser[]> {
	const users: DomoUser[] = [];
	const seenIds = new Set<unknown>();
	for (let offset = 0; ; offset += DIRECTORY_PAGE_SIZE) {
		const answer = await session.request<unknown>(
			{ method: 'GET', path: '/v1/users', qs: { limit: DIRECTORY_PAGE_SIZE, offset }, idempotent: true },
			itemIndex,
		);
		const page = Array.isArray(answer) ? (answer as DomoUser[]) : [];
		let fresh = 0;
		for (const user of page) {
			if (!seenIds.has(user?.id)) fresh += 1;
			seenIds.add(user?.id);
			// Deleted users keep a record with `deleted: true`; they are not live users.
			if (typeof user?.email === 'string' && user.deleted !== true) users.push(user);
		}
		// A short page is the last one; a page of users already seen means the offset is ignored.
		if (page.length < DIRECTORY_PAGE_SIZE || fresh === 0) return users;
	}
}
