import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sameEmail } from '../shared/directory';
import type { Page } from '../shared/pager';
import { collectPages } from '../shared/pager';
import type { ApiSession, VendorApi } from '../shared/transport';

/** The paginated GETs: Search Users, Search Roles, Search User Groups, Get Users of a User Group. */
const PAGED_PATH = /^\/api\/v2\/tenants\/[^/]+\/(users\/search|roles\/search|userGroups|userGroups\/[^/]+\/users)$/;

/**
 * OpsRamp API v2 on the customer's own API host: https://docs.opsramp.com/api/
 * Rate limits are announced in X-RateLimit-Limit / -Remaining / -Reset (UTC epoch seconds) and a
 * 429 carries no Retry-After: the shared transport waits for X-RateLimit-Reset.
 */
export const opsRampApi: VendorApi = {
	name: 'OpsRamp',
	credentialType: 'opsRampApi',
	endpoint: (credentials) => ({ url: credentials.host, field: 'API Host URL', example: 'https://api-xyz.opsramp.com' }),
	secretFields: ['clientId', 'clientSecret', 'accessToken'],
	readErrorMessage: readOpsRampError,
	hints: {
		400: 'OpsRamp refused the values sent; its message above names the problem.',
		401: 'Check the API Host URL, Key, Secret and Token Path in the OpsRamp credential (a custom integration with inbound authentication type OAUTH2).',
		403: 'The integration has no access to this tenant, or lacks the Users permissions: check the Tenant ID and the integration\'s role.',
		404: 'Check the Tenant ID (a client ID such as client_16 or a partner ID such as msp_15) and the API Host URL.',
		429: 'OpsRamp allows, per tenant and minute, 50 requests that change users (POST, PUT, DELETE), 50 paginated GETs (searches) and 500 other GETs.',
	},
	// Each class has its own budget a minute, announced on its own answers: one spent (a directory
	// read's pages) does not hold the others (the writes that follow).
	requestClass: (request) => (request.method !== 'GET' ? 'write' : PAGED_PATH.test(request.path) ? 'paged' : 'get'),
	// A missing tenant, user or group answers { code, message }; an unknown route answers a page,
	// or Spring's { timestamp, status, error, path } [INF], which echoes the path.
	isRecordNotFound: (body) => Boolean(body) && typeof body === 'object' && !('path' in (body as object)),
};

/**
 * Error bodies: the OAuth layer answers { error, error_description } (401, 429, token errors);
 * the v2 API answers { code, message } and sometimes a list of them [INF: no published schema].
 */
export function readOpsRampError(body: unknown): string | undefined {
	const pick = (value: unknown): string | undefined => {
		if (!value || typeof value !== 'object') return undefined;
		const record = value as Record<string, unknown>;
		for (const key of ['error_description', 'message', 'errorMessage', 'error']) {
			const text = record[key];
			if (typeof text === 'string' && text.trim()) return text.trim();
		}
		return undefined;
	};
	if (Array.isArray(body)) {
		const messages = body.map(pick).filter((text): text is string => Boolean(text));
		return messages.length ? messages.join('; ') : undefined;
	}
	const nested = (body as { errors?: unknown } | undefined)?.errors;
	if (Array.isArray(nested)) return readOpsRampError(nested) ?? pick(body);
	return pick(body);
}

export interface OpsRampUser extends IDataObject {
	id: string;
	loginName: string;
	email: string;
}

/** A page of a paginated OpsRamp list: Search Users, Search User Groups, Get Users of a User Group. */
export interface SearchPage<T = OpsRampUser> {
	results?: T[];
	nextPage?: boolean;
	pageNo?: number;
	totalResults?: number;
}

/** Users per Search Users page: the size the node asks for. */
export const PAGE_SIZE = 100;

export function tenantPath(tenantId: string): string {
	return `/api/v2/tenants/${encodeURIComponent(tenantId)}`;
}

export function userPath(tenantId: string, userId: string): string {
	return `${tenantPath(tenantId)}/users/${encodeURIComponent(userId)}`;
}

/** One page of Search Users (GET .../users/search), with a query string or none (every user). */
export async function readSearchPage(
	session: ApiSession,
	tenantId: string,
	queryString: string | undefined,
	page: { index: number; size: number },
	itemIndex: number,
): Promise<Page<OpsRampUser>> {
	const answer = await session.request<SearchPage | undefined>(
		{
			method: 'GET',
			path: `${tenantPath(tenantId)}/users/search`,
			qs: { ...(queryString ? { queryString } : {}), pageNo: page.index + 1, pageSize: page.size },
			idempotent: true,
		},
		itemIndex,
	);
	// The vendor notes name only nextPage, pageNo and pageSize: a total is used only when given.
	const total = typeof answer?.totalResults === 'number' ? answer.totalResults : undefined;
	return { items: Array.isArray(answer?.results) ? answer.results : [], last: !answer?.nextPage, total };
}

/** The full user (the search answers minimal details): Get User, GET .../users/{userId}. */
export async function getUser(session: ApiSession, tenantId: string, userId: string, itemIndex: number): Promise<OpsRampUser> {
	return await session.request<OpsRampUser>({ method: 'GET', path: userPath(tenantId, userId), idempotent: true }, itemIndex);
}

/**
 * The user who holds a login name (unique in OpsRamp), for a create whose email found nobody:
 * Search Users on `loginName:`, compared trimmed and case-insensitively here. A user with this
 * login name but another email is someone else: that is an error, not a match. A login name
 * with "+" cannot be searched ("+" separates query terms): nothing is found then.
 */
export async function findByLoginName(
	session: ApiSession,
	node: INode,
	target: { tenantId: string; email: string; loginName: string },
	itemIndex: number,
): Promise<OpsRampUser | undefined> {
	const { tenantId, email, loginName } = target;
	if (loginName.includes('+')) return undefined;
	const query = `loginName:${loginName.trim()}`;
	const users = await collectPages<OpsRampUser>(
		{ returnAll: true, limit: 0, maxPageSize: PAGE_SIZE, key: (user) => (user as OpsRampUser).id, until: (user) => sameText((user as OpsRampUser).loginName, loginName) },
		async (request) => await readSearchPage(session, tenantId, query, request, itemIndex),
	);
	const holder = users.find((user) => sameText(user.loginName, loginName));
	if (!holder) return undefined;
	if (!sameEmail(holder.email, email)) {
		throw new NodeOperationError(node, `Login name "${loginName}" already belongs to another OpsRamp user (${holder.id})`, {
			itemIndex,
			description: 'Choose another Login Name; no user was created for this item.',
		});
	}
	return await getUser(session, tenantId, holder.id, itemIndex);
}

function sameText(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}
