import type { IDataObject } from 'n8n-workflow';

import type { ApiSession, VendorApi } from '../shared/transport';

/** Garmat spray booth customers API: https://api-docs.garmatsprayboothcustomers.com */
export const garmatApi: VendorApi = {
	name: 'Garmat',
	credentialType: 'garmatApi',
	endpoint: (credentials) => ({ url: credentials.baseUrl, field: 'Base URL', example: 'https://production-api.garmatsprayboothcustomers.com' }),
	secretFields: ['apiKey', 'sessionToken'],
	// Errors come as { "error": "<reason>" } (400, 401, 403, 404).
	readErrorMessage: (body) => {
		const reason = (body as { error?: unknown } | undefined)?.error;
		return typeof reason === 'string' && reason ? reason : undefined;
	},
	// Rate limiting is a 429, or a 422 whose reason is "API limit reached".
	isRateLimited: (status, body) =>
		status === 422 && /api limit reached/i.test(String((body as { error?: unknown } | undefined)?.error ?? body ?? '')),
	hints: {
		401: 'Check the API key (and the authentication type) in the Garmat credential.',
		403: 'The API key may not do this: Garmat lets only admins re-send invitations and manage other users.',
		404: 'Garmat has no such user: check the ID or email (Get Many lists the users with their IDs).',
	},
	// A missing user answers { "error": "Not found" }; an unknown route answers a page, or
	// Phoenix's { "errors": { "detail": "Not Found" } } [INF].
	isRecordNotFound: (body) => typeof (body as { error?: unknown } | undefined)?.error === 'string',
};

export interface GarmatUser extends IDataObject {
	id: string;
	email: string;
}

/** GET /api/users answers one page as { data, page, limit, pages, total }. */
export interface UserPage {
	data?: GarmatUser[];
	page?: number;
	limit?: number;
	pages?: number;
	total?: number;
}

/** Users per list request: the most the node asks for (Garmat documents no maximum). */
export const PAGE_SIZE = 100;

/** One page of GET /api/users, 1-based, with the documented filter and sort passed as given. */
export async function readUserPage(
	session: ApiSession,
	query: { page: number; limit: number; filter?: string; sort?: string },
	itemIndex: number,
): Promise<{ users: GarmatUser[]; last: boolean; total?: number }> {
	const qs: IDataObject = { limit: query.limit, page: query.page };
	if (query.filter !== undefined) qs.filter = query.filter;
	if (query.sort !== undefined) qs.sort = query.sort;
	const answer = await session.request<UserPage>({ method: 'GET', path: '/api/users', qs, idempotent: true }, itemIndex);
	const users = Array.isArray(answer?.data) ? answer.data : [];
	const total = typeof answer?.total === 'number' ? answer.total : undefined;
	return { users, last: users.length === 0 || query.page >= Number(answer?.pages ?? 0), total };
}

/** The user path of Update user and Re-send user invitation; the ID is a UUID, encoded anyway. */
export const userPath = (id: string, tail = '') => `/api/users/${encodeURIComponent(id)}${tail}`;
