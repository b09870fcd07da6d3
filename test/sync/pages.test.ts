/**
 * Sync's read of the whole user directory, for the vendors whose list tells its total (Garmat
 * `total`, Luzmo `count`, OpsRamp `totalResults`): the pages are asked for several at once, never
 * more than DIRECTORY_PAGES_IN_FLIGHT in flight at the sandbox (nor more than a pinned
 * Concurrency), each page once, every user once.
 */
import type { IDataObject } from 'n8n-workflow';

import { DIRECTORY_PAGES_IN_FLIGHT } from '../../nodes/shared/directory';
import type { SandboxRequest } from '../sandbox/toolkit';
import type { SyncRun, SyncVendorRow } from './vendors';
import { email, SYNC_VENDORS } from './vendors';

/** How each vendor's list pages look at the sandbox. */
interface PagedList {
	/** Counted for in-flight (the request line only: a Luzmo list read is known by its body). */
	counts(request: { method: string; path: string; query: URLSearchParams }): boolean;
	/** The page a counted request read, or undefined for another request on the same route. */
	pageOf(request: SandboxRequest): string | undefined;
}

const LISTS: Record<string, PagedList> = {
	Garmat: {
		counts: ({ method, path }) => method === 'GET' && path === '/api/users',
		pageOf: (request) => request.query.page,
	},
	Luzmo: {
		counts: ({ method, path }) => method === 'POST' && path === '/0.1.0/user',
		pageOf: (request) => {
			const body = request.body as { action?: string; find?: IDataObject } | undefined;
			return body?.action === 'get' && body.find?.where === undefined ? String(body.find?.offset) : undefined;
		},
	},
	OpsRamp: {
		counts: ({ method, path }) => method === 'GET' && /^\/api\/v2\/tenants\/[^/]+\/users\/search$/.test(path),
		pageOf: (request) => (request.query.queryString === undefined ? request.query.pageNo : undefined),
	},
};

const USERS = 1050;
const PAGE_SIZE = 100;
const PAGES = Math.ceil(USERS / PAGE_SIZE);

const vendors = SYNC_VENDORS.filter((vendor) => vendor.name in LISTS);

/**
 * USERS users in the sandbox and the same people as the roster, at a round trip long enough for
 * the pages asked for ahead to meet at the sandbox, which counts the list's requests in flight.
 */
function seededWithPagesTracked(vendor: SyncVendorRow, vendorRun: SyncRun, list: PagedList) {
	const roster = [];
	for (let n = 1; n <= USERS; n++) {
		vendorRun.seed(n);
		roster.push(vendor.person(n));
	}
	const { sandbox } = vendorRun;
	sandbox.latencyMs = 30;
	sandbox.trackInFlight(list.counts);
	return { roster, sandbox };
}

describe.each(vendors)('$name: Sync reads the directory pages in parallel', (vendor: SyncVendorRow) => {
	let vendorRun: SyncRun;
	beforeEach(async () => {
		vendorRun = await vendor.start();
	});
	afterEach(async () => await vendorRun.stop());

	it(`reads each of ${PAGES} pages once, at most ${DIRECTORY_PAGES_IN_FLIGHT} at once, every user once`, async () => {
		const list = LISTS[vendor.name];
		const { roster, sandbox } = seededWithPagesTracked(vendor, vendorRun, list);

		const run = await vendorRun.run({ operation: 'sync', mode: 'preview' }, roster);
		expect(run.error).toBeUndefined();

		// Every user once, found (unchanged): none read twice, none missed.
		const emails = run.items!.map((item) => String(item.json.email).toLowerCase());
		expect(emails).toHaveLength(USERS);
		expect(new Set(emails).size).toBe(USERS);
		expect(run.items!.every((item) => item.json.action === 'unchanged')).toBe(true);
		expect(emails).toContain(email(USERS));

		// Every request on the list's route was a page of the full list, each page asked for once.
		const requests = sandbox.requests.filter((request) => list.counts({ method: request.method, path: request.path, query: new URLSearchParams(request.query) }));
		const pages = requests.map((request) => list.pageOf(request));
		expect(pages).not.toContain(undefined);
		expect(pages).toHaveLength(PAGES);
		expect(new Set(pages).size).toBe(PAGES);

		// Several pages in flight at once, never more than the directory allows.
		const max = sandbox.inFlightStats()?.max ?? 0;
		expect(max).toBeGreaterThan(1);
		expect(max).toBeLessThanOrEqual(DIRECTORY_PAGES_IN_FLIGHT);
	});

	it.each([1, 3])('keeps to a Concurrency pinned at %i, pages included', async (pinned) => {
		const list = LISTS[vendor.name];
		const { roster, sandbox } = seededWithPagesTracked(vendor, vendorRun, list);

		const run = await vendorRun.run({ operation: 'sync', mode: 'preview', options: { concurrency: pinned } }, roster);
		expect(run.error).toBeUndefined();
		expect(new Set(run.items!.map((item) => String(item.json.email).toLowerCase())).size).toBe(USERS);
		const pages = sandbox.requests.filter((request) => list.counts({ method: request.method, path: request.path, query: new URLSearchParams(request.query) }));
		expect(pages).toHaveLength(PAGES);
		// At most the pinned number in flight; with more than one allowed, the pages still overlap.
		const max = sandbox.inFlightStats()?.max ?? 0;
		expect(max).toBe(pinned);
	});
});

describe('OpsRamp: Sync reads the directory pages in parallel within an announced rate limit', () => {
	const vendor = SYNC_VENDORS.find((row) => row.name === 'OpsRamp')!;
	let vendorRun: SyncRun;
	beforeEach(async () => {
		vendorRun = await vendor.start();
	});
	afterEach(async () => await vendorRun.stop());

	it('keeps to 2 pages a second as the sandbox announces (X-RateLimit-*), and reads every user once', async () => {
		const users = 500;
		const roster = [];
		for (let n = 1; n <= users; n++) {
			vendorRun.seed(n);
			roster.push(vendor.person(n));
		}
		const { sandbox } = vendorRun;
		const list = LISTS.OpsRamp;
		sandbox.rateLimit({
			limit: 2,
			windowMs: 1000,
			announce: true,
			applies: (request) => list.counts({ method: request.method, path: request.path, query: new URLSearchParams(request.query) }),
			refuse: () => ({ status: 429, body: { error: 'throttled', error_description: 'Too Many Requests' } }),
		});

		const run = await vendorRun.run({ operation: 'sync', mode: 'preview' }, roster);
		expect(run.error).toBeUndefined();
		expect(new Set(run.items!.map((item) => String(item.json.email).toLowerCase())).size).toBe(users);
		expect(run.items!.every((item) => item.json.action === 'unchanged')).toBe(true);

		const pages = sandbox.requests.filter((request) => list.counts({ method: request.method, path: request.path, query: new URLSearchParams(request.query) })).map(list.pageOf);
		// Each page answered once: a refused request is asked again, nothing else is.
		expect(pages).toHaveLength(users / PAGE_SIZE + sandbox.rateLimited);
		expect(new Set(pages).size).toBe(users / PAGE_SIZE);
		console.info(`OpsRamp directory read at 2 pages/s with ${DIRECTORY_PAGES_IN_FLIGHT} allowed in flight: ${sandbox.rateLimited} refusals for ${pages.length} page requests`);
		expect(sandbox.rateLimited).toBeLessThanOrEqual(1);
	});
});
