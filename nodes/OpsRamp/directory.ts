/**
 * OpsRamp's users for the shared directory, one per tenant (Tenant ID is an item field).
 * - Search: Search Users on `mailId:<email>` answers a summary, completed with Get User. OpsRamp
 *   documents neither how loosely it matches nor whether it ignores case [INF], so the directory
 *   compares keys itself and, on a miss, reads the tenant's users once per execution (Search Users
 *   without a query, 100 a page). In a query string "+" separates terms even when URL-encoded: an
 *   email with "+" cannot be searched, and the tenant's list answers instead.
 * - Get by ID: Get User; a terminated user is gone.
 */
import { pagesInFlightFor, ScopedDirectories } from '../shared/directory';
import { collectPages } from '../shared/pager';
import type { ApiSession } from '../shared/transport';
import { isTerminated } from './actions/common';
import type { OpsRampUser } from './transport';
import { getUser, PAGE_SIZE, readSearchPage } from './transport';

export function opsRampDirectories(session: ApiSession): ScopedDirectories<OpsRampUser> {
	return new ScopedDirectories<OpsRampUser>((tenantId) => ({
		pageSize: PAGE_SIZE,
		pagesInFlight: pagesInFlightFor(session.concurrencySetting),
		readPage: async (request, itemIndex) => await readSearchPage(session, tenantId, undefined, request, itemIndex),
		getById: async (id, itemIndex) => await getUser(session, tenantId, id, itemIndex),
		searchByEmail: async (email, itemIndex) => {
			if (email.includes('+')) return undefined;
			const query = `mailId:${email}`;
			return await collectPages<OpsRampUser>(
				{ returnAll: true, limit: 0, maxPageSize: PAGE_SIZE, key: (user) => (user as OpsRampUser).id },
				async (request) => await readSearchPage(session, tenantId, query, request, itemIndex),
			);
		},
		complete: async (user, itemIndex) => await getUser(session, tenantId, user.id, itemIndex),
		isGone: isTerminated,
	}));
}
