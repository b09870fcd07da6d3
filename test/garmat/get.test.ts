/**
 * Get and Get Many, through workflow runs against the sandbox. Garmat documents no get-by-ID and
 * no email filter: Get reads the list (100 a page, once per execution); Get Many pages the list
 * with the documented filter and sort.
 */
import { runNode } from '../harness/workflow';
import { GarmatSandbox } from '../sandbox/garmat';
import { byEmail, byId, credentials } from './fixtures';

let sandbox: GarmatSandbox;
beforeEach(async () => {
	sandbox = new GarmatSandbox();
	await sandbox.start();
});
afterEach(async () => await sandbox.stop());

const seedStaff = (n: number) => Array.from({ length: n }, (_, i) => sandbox.seedUser({ email: `staff${String(i).padStart(3, '0')}@example.com`, name: `Staff ${i}` }));
const listQueries = () => sandbox.received('GET', '/api/users').map((r) => r.query);

describe('Garmat: Get', () => {
	it('finds a user by email, trimmed and in any case, paging through the list', async () => {
		seedStaff(150);
		const target = sandbox.seedUser({ email: 'Late.Hire@Example.com', name: 'Late Hire', role: 'customer_admin' });
		const result = await runNode({ node: 'garmat', parameters: byEmail('get'), items: [{ email: '  late.hire@example.com ' }], credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json)).toEqual([{ ...target }]);
		expect(result.items![0].pairedItem).toEqual({ item: 0 });
		expect(listQueries()).toEqual([{ limit: '100', page: '1' }, { limit: '100', page: '2' }]);
		expect(sandbox.requests.every((r) => r.method === 'GET' && r.path === '/api/users')).toBe(true);
	});

	it('finds a user by ID, and answers a batch from one read of the list', async () => {
		const [first, , third] = seedStaff(3);
		const result = await runNode({ node: 'garmat', parameters: byId('get'), items: [{ id: third.id }, { id: first.id }], credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.email)).toEqual([third.email, first.email]);
		expect(sandbox.received('GET', '/api/users')).toHaveLength(1);
	});

	it('fails the item clearly when nobody has the email, changing nothing', async () => {
		seedStaff(2);
		const result = await runNode({ node: 'garmat', parameters: byEmail('get'), items: [{ email: 'nobody@example.com' }], credentials: credentials(sandbox) });
		expect(result.error?.message).toBe('No Garmat user with email "nobody@example.com" (item 0)');
		expect(result.error?.description).toContain('Nothing was changed in Garmat');
		expect(sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('refuses a bad email before any request, naming the field and the item', async () => {
		const result = await runNode({ node: 'garmat', parameters: byEmail('get'), items: [{ email: 'a@example.com' }, { email: 'not-an-email' }], credentials: credentials(sandbox) });
		expect(result.error?.message).toBe('Invalid "Email" in item 1: must be a valid email address');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Garmat: Get Many', () => {
	const getMany = (extra: Record<string, unknown> = {}) => ({ resource: 'user', operation: 'getAll', ...extra });

	it('Return All: pages of 100 until the last page, one output item per user paired with the input', async () => {
		const staff = seedStaff(250);
		const result = await runNode({ node: 'garmat', parameters: getMany({ returnAll: true }), items: [{}], credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		expect(listQueries()).toEqual([1, 2, 3].map((page) => ({ limit: '100', page: String(page) })));
		expect(result.items!.map((item) => item.json.id)).toEqual(staff.map((user) => user.id));
		expect(result.items!.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Limit: asks for no more than the limit, across pages when it is over 100', async () => {
		const staff = seedStaff(260);
		const small = await runNode({ node: 'garmat', parameters: getMany({ returnAll: false, limit: 30 }), items: [{}], credentials: credentials(sandbox) });
		expect(small.items!.map((item) => item.json.id)).toEqual(staff.slice(0, 30).map((user) => user.id));
		expect(listQueries()).toEqual([{ limit: '30', page: '1' }]);

		sandbox.requests.length = 0;
		const large = await runNode({ node: 'garmat', parameters: getMany({ returnAll: false, limit: 130 }), items: [{}], credentials: credentials(sandbox) });
		expect(large.items!.map((item) => item.json.id)).toEqual(staff.slice(0, 130).map((user) => user.id));
		expect(listQueries()).toEqual([{ limit: '100', page: '1' }, { limit: '100', page: '2' }]);
	});

	it('sends Filter and Sort as written, and outputs what Garmat answers', async () => {
		seedStaff(5);
		sandbox.seedUser({ email: 'b.admin@example.com', name: 'B Admin', role: 'customer_admin' });
		sandbox.seedUser({ email: 'a.admin@example.com', name: 'A Admin', role: 'customer_admin' });
		const result = await runNode({
			node: 'garmat',
			parameters: getMany({ returnAll: true, filters: { filter: 'customer_admin', sort: 'name' } }),
			items: [{}],
			credentials: credentials(sandbox),
		});
		expect(listQueries()).toEqual([{ limit: '100', page: '1', filter: 'customer_admin', sort: 'name' }]);
		expect(result.items!.map((item) => item.json.name)).toEqual(['A Admin', 'B Admin']);
	});

	it('runs once per input item, each item\'s users paired with it', async () => {
		seedStaff(3);
		const result = await runNode({
			node: 'garmat',
			parameters: getMany({ returnAll: false, limit: '={{ $json.limit }}' }),
			items: [{ limit: 1 }, { limit: 2 }],
			credentials: credentials(sandbox),
		});
		expect(result.items!.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 1]);
	});

	it('refuses a limit that is not a whole number from 1, before any request', async () => {
		for (const limit of [0, 2.5, 'many']) {
			const result = await runNode({ node: 'garmat', parameters: getMany({ returnAll: false, limit: '={{ $json.limit }}' }), items: [{ limit }], credentials: credentials(sandbox) });
			expect(result.error?.message).toMatch(/^Invalid "Limit" in item 0: must be (a whole number|at least 1)$/);
		}
		expect(sandbox.requests).toHaveLength(0);
	});
});
