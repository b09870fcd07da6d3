import type { IDataObject } from 'n8n-workflow';

import type { ApiSession, VendorApi } from '../shared/transport';

/** Garmat spray booth customers API: https://production-api.garmatsprayboothcustomers.com/api-docs */
export const garmatApi: VendorApi = {
	name: 'Garmat',
	credentialType: 'garmatApi',
	baseUrl: (credentials) => String(credentials.baseUrl ?? ''),
	secretFields: ['apiKey', 'sessionToken'],
	// Errors come as { "error": "<reason>" } for 400 and 401.
	readErrorMessage: (body) => {
		const reason = (body as { error?: unknown } | undefined)?.error;
		return typeof reason === 'string' && reason ? reason : undefined;
	},
	// Rate limiting is a 429, or a 422 whose reason is "API limit reached".
	isRateLimited: (status, body) =>
		status === 422 && /api limit reached/i.test(String((body as { error?: unknown } | undefined)?.error ?? body ?? '')),
	hints: {
		401: 'Check the API key (and the authentication type) in the Garmat credential.',
	},
};

export interface GarmatUser extends IDataObject {
	id: string;
	email: string;
}

interface UserPage {
	data?: GarmatUser[];
	page?: number;
	pages?: number;
}

const PAGE_SIZE = 100;

/**
 * Every user of the account. Garmat has no email filter, so a lookup needs them all: the node
 * reads them once per execution (see ExecutionDirectory) instead of once per item.
 */
export async function readGarmatDirectory(session: ApiSession, itemIndex: number): Promise<GarmatUser[]> {
	const users: GarmatUser[] = [];
	for (let page = 1; ; page++) {
		const answer = await session.request<UserPage>({ method: 'GET', path: '/api/users', qs: { limit: PAGE_SIZE, page }, idempotent: true }, itemIndex);
		const data = Array.isArray(answer?.data) ? answer.data : [];
		users.push(...data);
		const pages = Number(answer?.pages ?? 0);
		if (data.length === 0 || page >= pages) return users;
	}
}
