/**
 * Domo's users for the shared directory. Domo has no email search: an email is found in the
 * instance's user list (GET /v1/users, 500 a page), read once per execution. A user by ID is
 * GET /v1/users/{id}; deleted users keep a record with `deleted: true` and are not live.
 */
import { pagesInFlightFor, UserDirectory } from '../shared/directory';
import type { ApiSession } from '../shared/transport';
import type { DomoUser } from './transport';
import { DIRECTORY_PAGE_SIZE, userPath } from './transport';

export function domoDirectory(session: ApiSession): UserDirectory<DomoUser> {
	return new UserDirectory<DomoUser>({
		pageSize: DIRECTORY_PAGE_SIZE,
		pagesInFlight: pagesInFlightFor(session.concurrencySetting),
		readPage: async ({ offset, size }, itemIndex) => {
			const answer = await session.request<unknown>({ method: 'GET', path: '/v1/users', qs: { limit: size, offset }, idempotent: true }, itemIndex);
			return { items: Array.isArray(answer) ? (answer as DomoUser[]) : [] };
		},
		getById: async (id, itemIndex) => await session.request<DomoUser>({ method: 'GET', path: userPath(id), idempotent: true }, itemIndex),
		isGone: (user) => user.deleted === true,
	});
}
