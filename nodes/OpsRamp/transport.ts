import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sameEmail } from '../shared/provision';
import type { ApiSession, VendorApi } from '../shared/transport';

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

const PAGE_SIZE = 100;
/** A search on one exact value should fit in one page; this only bounds a runaway loop. */
const MAX_PAGES = 20;

export function tenantPath(tenantId: string): string {
	return `/api/v2/tenants/${encodeURIComponent(tenantId)}`;
}

export function userPath(tenantId: string, userId: string): string {
	return `${tenantPath(tenantId)}/users/${encodeURIComponent(userId)}`;
}

/** Runs the Search Users API on one query term and returns the first result `matches` accepts. */
export async function searchUsers(
	session: ApiSession,
	tenantId: string,
	queryString: string,
	matches: (user: OpsRampUser) => boolean,
	itemIndex: number,
): Promise<OpsRampUser | undefined> {
	for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
		const page = await session.request<SearchPage | undefined>(
			{ method: 'GET', path: `${tenantPath(tenantId)}/users/search`, qs: { queryString, pageNo, pageSize: PAGE_SIZE }, idempotent: true },
			itemIndex,
		);
		const results = Array.isArray(page?.results) ? page.results : [];
		const match = results.find(matches);
		if (match) return match;
		if (!page?.nextPage || results.length === 0) return undefined;
	}
	return undefined;
}

/** The full user (the search answers minimal details): Get User, GET .../users/{userId}. */
export async function getUser(session: ApiSession, tenantId: string, userId: string, itemIndex: number): Promise<OpsRampUser> {
	return await session.request<OpsRampUser>({ method: 'GET', path: userPath(tenantId, userId), idempotent: true }, itemIndex);
}

/**
 * Finds the live user this create would collide with, by email and then by login name (both are
 * unique in OpsRamp). The search matches loosely, so the match is checked here: emails and login
 * names compared trimmed and case-insensitively.
 * - In a query string "+" separates fields even when URL-encoded, so an email containing "+"
 *   cannot be searched by mailId, nor a login name containing "+" by loginName: the other search
 *   still finds a user this node created (both are unique). With "+" in both, nothing can be
 *   looked up, and the item fails with a clear error instead of a guess.
 * - A user with this login name but another email is someone else: that is an error, not a match.
 */
export async function findOpsRampUser(
	session: ApiSession,
	node: INode,
	target: { tenantId: string; email: string; loginName: string },
	itemIndex: number,
): Promise<OpsRampUser | undefined> {
	const { tenantId, email, loginName } = target;
	const emailSearchable = !email.includes('+');
	const loginSearchable = !loginName.includes('+');
	if (!emailSearchable && !loginSearchable) {
		throw new NodeOperationError(node, 'Cannot look this user up in OpsRamp: both the Email and the Login Name contain "+"', {
			itemIndex,
			description:
				'OpsRamp\'s user search reads "+" as a separator, so neither can be searched. Use a Login Name without "+", or set If User Exists to Error. Nothing was sent again for this item.',
		});
	}
	if (emailSearchable) {
		const byEmail = await searchUsers(session, tenantId, `mailId:${email.trim()}`, (user) => sameEmail(user.email, email), itemIndex);
		if (byEmail) return await getUser(session, tenantId, byEmail.id, itemIndex);
	}
	if (!loginSearchable) return undefined;
	const byLogin = await searchUsers(session, tenantId, `loginName:${loginName.trim()}`, (user) => sameText(user.loginName, loginName), itemIndex);
	if (!byLogin) return undefined;
	if (!sameEmail(byLogin.email, email)) {
		throw new NodeOperationError(node, `Login name "${loginName}" already belongs to another OpsRamp user (${byLogin.id})`, {
			itemIndex,
			description: 'Choose another Login Name; no user was created for this item.',
		});
	}
	return await getUser(session, tenantId, byLogin.id, itemIndex);
}

function sameText(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}
