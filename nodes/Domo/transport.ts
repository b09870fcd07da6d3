import type { IDataObject } from 'n8n-workflow';

import { ExecutionDirectory } from '../shared/directory';
import type { UserSelector } from '../shared/lifecycle';
import { findSelectedUser, isNotFound } from '../shared/lifecycle';
import type { ApiSession, VendorApi } from '../shared/transport';

/** Domo platform API: https://developer.domo.com/docs/users-api-reference/users-2 */
export const domoApi: VendorApi = {
	name: 'Domo',
	credentialType: 'domoApi',
	// Left empty, the API Host is Domo's public one, as the credential's default says.
	endpoint: (credentials) => ({
		url: typeof credentials.apiHost === 'string' && credentials.apiHost.trim() ? credentials.apiHost : 'https://api.domo.com',
		field: 'API Host',
		example: 'https://api.domo.com',
	}),
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
	// A missing user or group answers { status, statusReason, message }; an unknown route answers
	// a page, or Spring's { timestamp, status, error, path } [INF], which echoes the path.
	isRecordNotFound: (body) => Boolean(body) && typeof body === 'object' && !Array.isArray(body) && !('path' in (body as object)),
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

/** Where a user lives: GET, PUT and DELETE /v1/users/{id}. */
export const userPath = (id: string | number) => `/v1/users/${encodeURIComponent(String(id))}`;

/** Where a membership lives: PUT and DELETE /v1/groups/{groupId}/users/{userId}. */
export const membershipPath = (groupId: string, userId: string | number) =>
	`/v1/groups/${encodeURIComponent(groupId)}/users/${encodeURIComponent(String(userId))}`;

/**
 * GET /v1/users/{id}: the live user, or undefined for an ID Domo does not know (404) or a
 * deleted user (Domo answers those with a subset of the record and `deleted: true`).
 */
export async function readDomoUser(session: ApiSession, id: string | number, itemIndex: number): Promise<DomoUser | undefined> {
	// Errors from the request are node errors built by the transport; they leave unchanged.
	let failure: unknown;
	try {
		const user = await session.request<DomoUser>({ method: 'GET', path: userPath(id), idempotent: true }, itemIndex);
		return user && typeof user === 'object' && user.deleted !== true ? user : undefined;
	} catch (error) {
		failure = error;
	}
	if (isNotFound(failure)) return undefined;
	throw failure;
}

/**
 * Finds the user a selector names: by ID with GET /v1/users/{id}; by email in the directory,
 * read once per execution (Domo has no email search). `fresh` re-reads a user found by email by
 * its ID, for operations that write the record back (Update) or need it current.
 */
export class DomoUserFinder {
	readonly directory: ExecutionDirectory<DomoUser>;

	constructor(private readonly session: ApiSession) {
		this.directory = new ExecutionDirectory<DomoUser>(async (i) => await readDomoDirectory(session, i));
	}

	async find(selector: UserSelector, itemIndex: number, options: { fresh: boolean }): Promise<DomoUser | undefined> {
		return await findSelectedUser<DomoUser>(selector, {
			byId: async (id) => await readDomoUser(this.session, id, itemIndex),
			byEmail: async (email) => {
				const listed = await this.directory.find(email, itemIndex, { reload: false });
				return listed && options.fresh ? await readDomoUser(this.session, listed.id, itemIndex) : listed;
			},
		});
	}

	/** Runs one item's work after earlier items naming the same user (a batch may repeat one). */
	async oneAtATime<T>(selector: UserSelector, task: () => Promise<T>): Promise<T> {
		return await this.directory.oneAtATime(selector.findBy === 'email' ? selector.email : `#id:${selector.userId}`, task);
	}
}

/** Domo's largest page of the group lists (GET /v1/groups, GET /v1/groups/{id}/users). */
export const GROUP_PAGE_SIZE = 500;

/** The most pages a membership check reads: a guard against an API that ignores the offset. */
const MAX_MEMBER_PAGES = 1000;

/**
 * Whether a user is in a group: GET /v1/groups/{groupId}/users answers the members' IDs, 500 a
 * page at most; pages are read until the user is found or a short page ends the list.
 */
export async function isGroupMember(session: ApiSession, groupId: string, userId: string | number, itemIndex: number): Promise<boolean> {
	const seen = new Set<string>();
	for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
		const answer = await session.request<unknown>(
			{
				method: 'GET',
				path: `/v1/groups/${encodeURIComponent(groupId)}/users`,
				qs: { limit: GROUP_PAGE_SIZE, offset: page * GROUP_PAGE_SIZE },
				idempotent: true,
			},
			itemIndex,
		);
		const ids = (Array.isArray(answer) ? answer : []).map(String);
		if (ids.includes(String(userId))) return true;
		const fresh = ids.filter((id) => !seen.has(id));
		ids.forEach((id) => seen.add(id));
		if (ids.length < GROUP_PAGE_SIZE || fresh.length === 0) return false;
	}
	return false;
}

export interface DomoGroup extends IDataObject {
	id: number;
	name: string;
}
