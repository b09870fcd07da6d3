/**
 * Garmat's users for the shared directory. Garmat documents no get-by-ID call and no email
 * filter: the only way to a user is the list (GET /api/users, 1-based pages), read once per
 * execution and kept fresh with the users this execution changes.
 */
import { pagesInFlightFor, UserDirectory } from '../shared/directory';
import type { ApiSession } from '../shared/transport';
import type { GarmatUser } from './transport';
import { PAGE_SIZE, readUserPage } from './transport';

export function garmatDirectory(session: ApiSession): UserDirectory<GarmatUser> {
	return new UserDirectory<GarmatUser>({
		pageSize: PAGE_SIZE,
		pagesInFlight: pagesInFlightFor(session.concurrencySetting),
		readPage: async ({ index, size }, itemIndex) => {
			const { users, last, total } = await readUserPage(session, { page: index + 1, limit: size }, itemIndex);
			return { items: users, last, total };
		},
	});
}
