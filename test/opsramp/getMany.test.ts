/**
 * Get Many (users and user groups): paging done by the node with Return All and Limit, the
 * Search Users filters as a queryString, and OpsRamp's limit of 50 paginated GETs per minute.
 */
import { OpsRampSandbox } from '../sandbox/opsramp';
import { TENANT } from './fixtures';
import { operation, seedPerson } from './lifecycleKit';

const search = `/api/v2/tenants/${TENANT}/users/search`;

describe('OpsRamp: Get Many users (workflow, real HTTP)', () => {
	let sandbox: OpsRampSandbox;
	afterEach(async () => await sandbox.stop());
	const start = async (options: ConstructorParameters<typeof OpsRampSandbox>[0] = {}) => {
		sandbox = new OpsRampSandbox(options);
		await sandbox.start();
	};
	const seed = (count: number) => Array.from({ length: count }, (_, n) => seedPerson(sandbox, n + 1));
	const pages = () => sandbox.received('GET', search).map((r) => r.query);

	it('with Return All reads every page of 100 until nextPage is false, one output item per user', async () => {
		await start();
		const users = seed(250);
		const result = await operation(sandbox, { operation: 'getAll', returnAll: true });

		expect(pages()).toEqual([
			{ pageNo: '1', pageSize: '100' },
			{ pageNo: '2', pageSize: '100' },
			{ pageNo: '3', pageSize: '100' },
		]);
		expect(result.items?.map((item) => item.json.id)).toEqual(users.map((u) => u.id));
		expect(result.items?.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('with a Limit below a page asks for that many; above, reads pages of 100 and stops at the limit', async () => {
		await start();
		seed(250);
		const small = await operation(sandbox, { operation: 'getAll', returnAll: false, limit: 30 });
		expect(pages()).toEqual([{ pageNo: '1', pageSize: '30' }]);
		expect(small.items).toHaveLength(30);

		sandbox.requests.length = 0;
		const large = await operation(sandbox, { operation: 'getAll', returnAll: false, limit: 150 });
		expect(pages()).toEqual([
			{ pageNo: '1', pageSize: '100' },
			{ pageNo: '2', pageSize: '100' },
		]);
		expect(large.items).toHaveLength(150);
	});

	it('gives a Limit per input item, each page run paired with its item', async () => {
		await start();
		seed(5);
		const result = await operation(sandbox, { operation: 'getAll', returnAll: false, limit: '={{ $json.n }}' }, [{ n: 2 }, { n: 3 }]);

		expect(result.items?.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1, 1]);
	});

	it('sends the filters as Search Users query variables joined by "+"', async () => {
		await start();
		seedPerson(sandbox, 1, { firstName: 'Mary Ann', status: 'inactive' });
		seedPerson(sandbox, 2, { firstName: 'Mary Ann' });
		const result = await operation(sandbox, { operation: 'getAll', returnAll: true, filters: { firstName: 'Mary Ann', status: 'inactive' } });

		expect(pages()).toEqual([{ queryString: 'firstName:Mary Ann+status:inactive', pageNo: '1', pageSize: '100' }]);
		expect(result.items?.map((item) => item.json.loginName)).toEqual(['person1']);
	});

	it('refuses a filter value containing "+" before any request, naming the filter', async () => {
		await start();
		const result = await operation(sandbox, { operation: 'getAll', returnAll: true, filters: { email: 'ada+ops@example.com' } });

		expect(result.error?.message).toBe('Invalid "Filters > Email" in item 0: cannot contain "+": OpsRamp\'s search reads it as a separator');
		expect(sandbox.requests).toEqual([]);
	});

	it('waits out a 429 on a page until X-RateLimit-Reset, then goes on', async () => {
		await start();
		seed(150);
		let reset = 0;
		sandbox.fault({
			method: 'GET',
			path: search,
			match: (r) => r.query.pageNo === '2',
			times: 1,
			when: 'before',
			action: {
				type: 'respond',
				get response() {
					reset = Math.floor(Date.now() / 1000) + 1;
					return { status: 429, body: { error: 'throttled', error_description: 'Too Many Requests' }, headers: { 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) } };
				},
			},
		});
		const result = await operation(sandbox, { operation: 'getAll', returnAll: true });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(150);
		const requests = sandbox.received('GET', search);
		expect(requests.map((r) => r.query.pageNo)).toEqual(['1', '2', '2']);
		expect(requests[2].at).toBeGreaterThanOrEqual(reset * 1000);
	});

	it('keeps to the paginated-GET limit the sandbox announces, and still returns every user', async () => {
		await start({ pagedRateLimit: { limit: 2, windowMs: 1000 } });
		seed(400);
		const result = await operation(sandbox, { operation: 'getAll', returnAll: true });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(400);
		expect(pages()).toHaveLength(4 + sandbox.rateLimited);
		expect(sandbox.rateLimited).toBeLessThanOrEqual(1);
	});

	it('Group > Get Many with a Limit asks for that many groups', async () => {
		await start();
		const result = await operation(sandbox, { resource: 'group', operation: 'getAll', returnAll: false, limit: 2 });

		expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/userGroups`).map((r) => r.query)).toEqual([{ pageNo: '1', pageSize: '2' }]);
		expect(result.items?.map((item) => item.json.name)).toEqual(['Implementation Team', 'Architecture Department']);
	});
});
