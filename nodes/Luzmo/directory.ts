/**
 * Luzmo's users for the shared directory: `action: "get"` on /0.1.0/user, which shows only the
 * caller's own organization.
 * - Search: `find.where.email` is an equality on the stored value [INF: Luzmo does not document
 *   that it ignores case], so the directory searches the email as given and lower-cased, and on a
 *   miss reads the organization's users once per execution to compare keys itself.
 * - Get by ID: `find.where.id`, one row.
 */
import { pagesInFlightFor, UserDirectory } from '../shared/directory';
import type { ApiSession } from '../shared/transport';
import { LUZMO_PAGE_SIZE } from './actions/common';
import type { LuzmoUser } from './transport';
import { luzmoGet, USER_PATH } from './transport';

/** One row is enough: any row the where clause returns is a match by the identity key, or none is. */
const SEARCH_LIMIT = 1;

export function luzmoDirectory(session: ApiSession): UserDirectory<LuzmoUser> {
	return new UserDirectory<LuzmoUser>({
		pageSize: LUZMO_PAGE_SIZE,
		pagesInFlight: pagesInFlightFor(session.concurrencySetting),
		readPage: async ({ offset, size }, itemIndex) => {
			const find = { limit: size, offset, order: [['created_at', 'asc'], ['id', 'asc']] };
			const { rows, count } = await luzmoGet<LuzmoUser>(session, USER_PATH, find, itemIndex);
			return { items: rows, last: count !== undefined && offset + rows.length >= count, total: count };
		},
		getById: async (id, itemIndex) => {
			const { rows } = await luzmoGet<LuzmoUser>(session, USER_PATH, { where: { id }, limit: 1 }, itemIndex);
			return rows.find((user) => user.id === id);
		},
		searchByEmail: async (email, itemIndex) =>
			(await luzmoGet<LuzmoUser>(session, USER_PATH, { where: { email }, limit: SEARCH_LIMIT }, itemIndex)).rows,
	});
}
