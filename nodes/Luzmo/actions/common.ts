/**
 * What the Luzmo operations after Create share: the Options collection, Find User By and Get
 * Many's paging over `action: "get"`.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { requestOptionsProperty } from '../../shared/fields';
import { userSelectorProperties } from '../../shared/lifecycle';
import { collectPages } from '../../shared/pager';
import { emailAddress, requiredText } from '../../shared/schema';
import type { ApiSession } from '../../shared/transport';
import { luzmoGet } from '../transport';

const CONCURRENCY_NOTE = 'Luzmo allows 10 requests per second per API token, with bursts up to 200; a 429 answer is retried with backoff.';

/** Concurrency and Timeout, worded for Luzmo. */
export function luzmoRequestOptions(): INodeProperties {
	return requestOptionsProperty({ name: 'Luzmo', concurrencyNote: CONCURRENCY_NOTE });
}

/** Find User By (Email | ID) with Luzmo's words for its IDs. */
export function luzmoUserSelector(): INodeProperties[] {
	return userSelectorProperties({
		name: 'Luzmo',
		idPlaceholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000',
		idDescription: "The user's Luzmo ID (a UUID), as Create and Get Many output it in `id`",
		emailNote: 'Only users of your own organization are found',
	});
}

/**
 * Luzmo's IDs are UUIDs ("id *UUID" in every reference page). Checked before any request: a
 * mistyped ID would otherwise reach Luzmo's database as a where clause it cannot compare.
 */
export const luzmoId = z.preprocess(
	(value) => (typeof value === 'number' ? String(value) : value),
	requiredText.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a Luzmo ID, a UUID such as 123e4567-e89b-12d3-a456-426614174000'),
);

/** The shared selector's schema with Luzmo's ID rule: Find User By Email, or by ID (a UUID). */
export const luzmoUserSelectorSchema = z.discriminatedUnion(
	'findBy',
	[z.object({ findBy: z.literal('id'), userId: luzmoId }), z.object({ findBy: z.literal('email'), email: emailAddress })],
	{ errorMap: () => ({ message: 'must be "email" or "id"' }) },
);

/** [INF] Luzmo documents `limit` without a maximum; pages of 100 keep every answer small. */
export const LUZMO_PAGE_SIZE = 100;

/**
 * Reads a list page by page with `limit` and `offset`, oldest first (a fixed order, so a record
 * created while paging cannot shift a page and repeat or skip another). Luzmo's `count` is the
 * number of all matches, which tells when the last page has been read.
 */
export async function listLuzmo<Row extends IDataObject>(
	session: ApiSession,
	path: string,
	paging: { returnAll: boolean; limit?: number; where?: IDataObject },
	itemIndex: number,
): Promise<Row[]> {
	return await collectPages<Row>(
		{ returnAll: paging.returnAll, limit: paging.limit ?? 50, maxPageSize: LUZMO_PAGE_SIZE, key: (row) => (row as IDataObject).id },
		async ({ offset, size }) => {
			const find: IDataObject = { limit: size, offset, order: [['created_at', 'asc'], ['id', 'asc']] };
			if (paging.where && Object.keys(paging.where).length) find.where = paging.where;
			const { rows, count } = await luzmoGet<Row>(session, path, find, itemIndex);
			return { items: rows, last: count !== undefined && offset + rows.length >= count };
		},
	);
}
