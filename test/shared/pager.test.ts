/**
 * collectPages over an in-memory list whose pages answer in a scrambled order: with `parallel`, the
 * pages a total says exist are asked for ahead, never more than `parallel` at once, and taken in
 * order exactly as one at a time takes them (keep, duplicates, every stop).
 */
import type { Page, PagerOptions, PageRequest } from '../../nodes/shared/pager';
import { collectPages, MAX_PAGES } from '../../nodes/shared/pager';

interface Row {
	id: number;
	gone?: boolean;
}

const rows = (count: number, from = 0): Row[] => Array.from({ length: count }, (_, i) => ({ id: from + i }));

/** A vendor over `list`, answering after a few turns of the event loop that vary per page. */
interface FakeVendor {
	/** The list as the vendor holds it now (a test may change it during the read). */
	list: Row[];
	/** The total the vendor tells; undefined for a vendor that tells none. */
	total?: (request: PageRequest) => number | undefined;
	/** A vendor that ignores the page asked for and always answers the first. */
	ignoresPage?: boolean;
	/** Pages that fail, by index. */
	fails?: Set<number>;
	/** Runs when a page is asked for (before it answers). */
	onRequest?: (request: PageRequest) => void;
}

function reader(vendor: FakeVendor) {
	const requested: number[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	/** In flight when each page was asked for (itself included). */
	const inFlightAtRequest: number[] = [];
	const fetchPage = async (request: PageRequest): Promise<Page<Row>> => {
		requested.push(request.index);
		inFlight += 1;
		maxInFlight = Math.max(maxInFlight, inFlight);
		inFlightAtRequest[request.index] = inFlight;
		vendor.onRequest?.(request);
		try {
			// Later pages often answer first: page i waits (7 * i) % 5 turns.
			for (let turn = (7 * request.index) % 5; turn >= 0; turn--) await new Promise((resolve) => setImmediate(resolve));
			if (vendor.fails?.has(request.index)) throw new Error(`page ${request.index} failed`);
			const start = vendor.ignoresPage ? 0 : request.offset;
			const items = vendor.list.slice(start, start + request.size).map((row) => ({ ...row }));
			return { items, last: start + items.length >= vendor.list.length, total: vendor.total?.(request) };
		} finally {
			inFlight -= 1;
		}
	};
	return { fetchPage, requested, inFlightAtRequest, maxInFlight: () => maxInFlight };
}

const all: PagerOptions = { returnAll: true, limit: 0, maxPageSize: 100, key: (row) => (row as Row).id };

/** Unhandled rejections raised while `run` runs and for a few turns after. */
async function unhandledDuring(run: () => Promise<unknown>): Promise<unknown[]> {
	const unhandled: unknown[] = [];
	const listener = (reason: unknown) => unhandled.push(reason);
	process.on('unhandledRejection', listener);
	try {
		await run().catch(() => undefined);
		for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
		await new Promise((resolve) => setTimeout(resolve, 20));
	} finally {
		process.off('unhandledRejection', listener);
	}
	return unhandled;
}

describe('collectPages with pages in flight', () => {
	it('reads every page once, at most `parallel` at once and that many, page 0 alone, records in list order', async () => {
		const vendor: FakeVendor = { list: rows(1234), total: () => 1234 };
		const read = reader(vendor);
		const records = await collectPages({ ...all, parallel: 8 }, read.fetchPage);
		expect(records.map((row) => row.id)).toEqual(rows(1234).map((row) => row.id));
		expect([...read.requested].sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i));
		expect(read.maxInFlight()).toBe(8);
		expect(read.inFlightAtRequest[0]).toBe(1);
		expect(read.inFlightAtRequest[1]).toBe(1);
	});

	it('stays one page at a time without a total, with parallel 1 (the default), and with `until`', async () => {
		const cases: Array<{ options: PagerOptions; total?: () => number }> = [
			{ options: { ...all, parallel: 8 } },
			{ options: all, total: () => 1000 },
			{ options: { ...all, parallel: 8, until: (row) => (row as Row).id === 950 }, total: () => 1000 },
		];
		for (const { options, total } of cases) {
			const read = reader({ list: rows(1000), total });
			const records = await collectPages(options, read.fetchPage);
			expect(records).toHaveLength(1000);
			expect(read.requested).toEqual(Array.from({ length: 10 }, (_, i) => i));
			expect(read.maxInFlight()).toBe(1);
		}
	});

	it('gives what one page at a time gives: keep, duplicates, limits, a total that lies', async () => {
		const scenarios: Array<{ name: string; options: PagerOptions; vendor: () => FakeVendor }> = [
			{ name: 'keep leaves some out', options: { ...all, keep: (row) => !(row as Row).gone }, vendor: () => ({ list: rows(777).map((row) => ({ ...row, gone: row.id % 3 === 0 })), total: () => 777 }) },
			{ name: 'a vendor that ignores the page', options: all, vendor: () => ({ list: rows(500), total: () => 500, ignoresPage: true }) },
			{ name: 'a limit', options: { ...all, returnAll: false, limit: 250 }, vendor: () => ({ list: rows(1000), total: () => 1000 }) },
			{ name: 'a limit with keep', options: { ...all, returnAll: false, limit: 250, keep: (row) => (row as Row).id % 2 === 0 }, vendor: () => ({ list: rows(1000), total: () => 1000 }) },
			{ name: 'a total larger than the list', options: all, vendor: () => ({ list: rows(250), total: () => 5000 }) },
			{ name: 'a total smaller than the list', options: all, vendor: () => ({ list: rows(950), total: () => 300 }) },
			{ name: 'a list of exactly full pages', options: all, vendor: () => ({ list: rows(800), total: () => 800 }) },
			{ name: 'an empty list', options: all, vendor: () => ({ list: [], total: () => 0 }) },
			{ name: 'records repeated across pages', options: all, vendor: () => ({ list: [...rows(150), ...rows(100, 100), ...rows(300, 250)], total: () => 550 }) },
		];
		for (const scenario of scenarios) {
			const one = await collectPages(scenario.options, reader(scenario.vendor()).fetchPage);
			const read = reader(scenario.vendor());
			const eight = await collectPages({ ...scenario.options, parallel: 8 }, read.fetchPage);
			expect({ scenario: scenario.name, records: eight }).toEqual({ scenario: scenario.name, records: one });
			expect({ scenario: scenario.name, twice: read.requested.length - new Set(read.requested).size }).toEqual({ scenario: scenario.name, twice: 0 });
			expect(read.maxInFlight()).toBeLessThanOrEqual(8);
		}
	});

	it('asks for no page beyond what the limit needs', async () => {
		const read = reader({ list: rows(1000), total: () => 1000 });
		const records = await collectPages({ ...all, returnAll: false, limit: 250, parallel: 8 }, read.fetchPage);
		expect(records).toHaveLength(250);
		expect([...read.requested].sort()).toEqual([0, 1, 2]);
	});

	it('goes on a page at a time when the list grew during the read and its total did not say so', async () => {
		// The vendor's total is the one of the read's start; 150 users join once page 5 is asked for.
		const vendor: FakeVendor = {
			list: rows(1000),
			total: () => 1000,
			onRequest: (request) => {
				if (request.index === 5 && vendor.list.length === 1000) vendor.list.push(...rows(150, 1000));
			},
		};
		const read = reader(vendor);
		const records = await collectPages({ ...all, parallel: 8 }, read.fetchPage);
		expect(records.map((row) => row.id)).toEqual(rows(1150).map((row) => row.id));
		expect([...read.requested].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
		// Pages 10 and 11 were not known to exist: each was asked for alone.
		expect(read.requested.slice(-2)).toEqual([10, 11]);
		expect(read.inFlightAtRequest[10]).toBe(1);
		expect(read.inFlightAtRequest[11]).toBe(1);
	});

	it('asks ahead again when a later page tells a larger total', async () => {
		const vendor: FakeVendor = {
			list: rows(1000),
			total: () => vendor.list.length,
			onRequest: (request) => {
				if (request.index === 5 && vendor.list.length === 1000) vendor.list.push(...rows(500, 1000));
			},
		};
		const read = reader(vendor);
		const records = await collectPages({ ...all, parallel: 4 }, read.fetchPage);
		expect(records).toHaveLength(1500);
		expect([...read.requested].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i));
		expect(read.maxInFlight()).toBe(4);
	});

	it('never asks for more than MAX_PAGES pages, whatever the total', async () => {
		const read = reader({ list: rows(MAX_PAGES + 50), total: () => 10 ** 9 });
		const records = await collectPages({ ...all, maxPageSize: 1, parallel: 8 }, read.fetchPage);
		expect(records).toHaveLength(MAX_PAGES);
		expect(Math.max(...read.requested)).toBe(MAX_PAGES - 1);
	});

	it('drops the errors of pages asked for ahead and not needed: no unhandled rejection', async () => {
		// The total says 10 pages; the list ends in page 2, and pages 3 to 8 fail.
		const read = reader({ list: rows(250), total: () => 1000, fails: new Set([3, 4, 5, 6, 7, 8]) });
		let records: Row[] = [];
		const unhandled = await unhandledDuring(async () => (records = await collectPages({ ...all, parallel: 8 }, read.fetchPage)));
		expect(records).toHaveLength(250);
		expect(read.requested).toEqual(expect.arrayContaining([3, 4, 5, 6, 7, 8]));
		expect(unhandled).toEqual([]);
	});

	it('fails with the first failing page in order, and the pages after it leave no unhandled rejection', async () => {
		const read = reader({ list: rows(1000), total: () => 1000, fails: new Set([3, 4, 6]) });
		let failure: unknown;
		const unhandled = await unhandledDuring(async () => {
			try {
				await collectPages({ ...all, parallel: 8 }, read.fetchPage);
			} catch (error) {
				failure = error;
			}
		});
		expect((failure as Error).message).toBe('page 3 failed');
		expect(read.requested).toEqual(expect.arrayContaining([4, 6]));
		expect(unhandled).toEqual([]);
	});
});
