import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { optionalBoolean } from './schema';

/** One page of a list call, as the vendor's transport reads it. */
export interface Page<T> {
	items: T[];
	/** Whether the vendor said this is the last page (e.g. `page >= pages`, no `nextPage`). */
	last?: boolean;
	/** How many records the whole list holds, where the vendor says so (e.g. `total`, `count`). */
	total?: number;
}

export interface PagerOptions {
	returnAll: boolean;
	/** Without Return All, how many records at the most. */
	limit: number;
	/** The vendor's largest page. */
	maxPageSize: number;
	/** A record's identity, so a vendor that ignores the page asked for cannot loop forever. */
	key?: (record: unknown) => unknown;
	/**
	 * Which listed records are results (e.g. not a deleted user, which Domo still lists). Records
	 * left out still count as read for paging: a page is short, or all seen, by what the vendor sent.
	 */
	keep?: (record: unknown) => boolean;
	/** Stops after the page that holds a record this accepts (e.g. "is this user a member?"). */
	until?: (record: unknown) => boolean;
	/**
	 * Pages in flight at the most once a page has told the list's `total` (default 1: one page
	 * after another). Pages are still taken in order, so keep, key and every stop work as with 1.
	 * Not with `until`, which wants to stop as early as it can.
	 */
	parallel?: number;
}

/** Where a page starts: its 0-based index, and the offset of its first record. */
export interface PageRequest {
	index: number;
	offset: number;
	size: number;
}

/** The most pages one list read takes: the one guard against a vendor that never says "last". */
export const MAX_PAGES = 10_000;

/**
 * Every paged read, the same for every vendor (Get Many, the user directory, member lists, dropdowns): pages of one size (the vendor's largest, or the
 * limit when that is smaller) are read in order until the limit is reached, a page comes back
 * short or marked last, or a page holds only records already seen.
 *
 * With `parallel` above 1, once a page has told the list's total, the pages that total says exist
 * (no more than the limit needs, nor MAX_PAGES) are asked for ahead, `parallel` at the most in
 * flight, and taken in order exactly as above. A list that grew during the read (its last expected
 * page full and not marked last) goes on a page at a time. Pages asked for ahead and not needed
 * (the list shrank, a page failed) are left to finish on their own; their errors are dropped.
 */
export async function collectPages<T>(options: PagerOptions, fetchPage: (request: PageRequest) => Promise<Page<T>>): Promise<T[]> {
	const wanted = options.returnAll ? Infinity : Math.max(0, Math.floor(options.limit));
	const size = Math.max(1, Math.min(options.maxPageSize, Number.isFinite(wanted) ? wanted : options.maxPageSize));
	const parallel = options.until ? 1 : Math.max(1, Math.floor(options.parallel ?? 1));
	// Pages the limit needs at the most (more only when `keep` leaves records out).
	const neededPages = Number.isFinite(wanted) ? Math.ceil(wanted / size) : MAX_PAGES;
	const records: T[] = [];
	const seen = new Set<unknown>();
	const ahead = new Map<number, Promise<Page<T>>>();
	const request = (index: number): PageRequest => ({ index, offset: index * size, size });
	let found = false;
	// Pages known to exist, by the latest total a page told.
	let knownPages = 0;
	for (let index = 0; index < MAX_PAGES && records.length < wanted && !found; index++) {
		const page = await (ahead.get(index) ?? fetchPage(request(index)));
		ahead.delete(index);
		let fresh = 0;
		for (const record of page.items) {
			if (options.until?.(record)) found = true;
			const key = options.key?.(record);
			if (key !== undefined) {
				if (seen.has(key)) continue;
				seen.add(key);
			}
			fresh += 1;
			if (records.length < wanted && (options.keep?.(record) ?? true)) records.push(record);
		}
		if (page.last || page.items.length < size || fresh === 0) break;
		if (parallel > 1 && typeof page.total === 'number' && Number.isFinite(page.total)) knownPages = Math.ceil(page.total / size);
		const end = Math.min(knownPages, neededPages, MAX_PAGES, index + 1 + parallel);
		for (let next = index + 1; next < end; next++) {
			if (ahead.has(next)) continue;
			const pending = fetchPage(request(next));
			// Awaited when its turn comes; one abandoned by an early stop must not go unhandled.
			pending.catch(() => undefined);
			ahead.set(next, pending);
		}
	}
	return records;
}

/** Return All and Limit, worded as n8n's own nodes word them. */
export function returnAllProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/** The schema half of returnAllProperties(): Limit must be a whole number from 1 when Return All is off. */
export const returnAllSchema = {
	returnAll: optionalBoolean.transform((value) => value ?? false),
	limit: z.preprocess(
		(value) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value === null || value === '' ? undefined : value),
		z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').optional(),
	),
};

/** Reads Return All, and Limit only where the UI shows it (n8n drops hidden parameters). */
export function readPagingFields(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false);
	return returnAll === true ? { returnAll } : { returnAll, limit: ctx.getNodeParameter('limit', itemIndex, 50) };
}
