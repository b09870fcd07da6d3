import { runNode } from '../harness/workflow';
import { OpsRampSandbox } from '../sandbox/opsramp';
import { credentials, fromItems, hire, TENANT } from './fixtures';

/**
 * OpsRamp allows 50 creates per minute per tenant, announced in X-RateLimit-* headers, and
 * answers 429 without Retry-After. The sandbox keeps the rules and scales the window down.
 */
describe('OpsRamp: rate limit', () => {
	let sandbox: OpsRampSandbox;
	afterEach(async () => await sandbox.stop());

	it('a 429 is retried once X-RateLimit-Reset has passed, and the user is created once', async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
		const resetEpochSeconds = Math.floor(Date.now() / 1000) + 2;
		sandbox.fault({
			method: 'POST',
			path: `/api/v2/tenants/${TENANT}/users`,
			times: 1,
			when: 'before',
			action: {
				type: 'respond',
				response: {
					status: 429,
					body: { error: 'throttled', error_description: 'Too Many Requests' },
					headers: { 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetEpochSeconds) },
				},
			},
		});

		const result = await runNode({ node: 'opsramp', parameters: fromItems(), items: [hire(1)], credentials: credentials(sandbox) });

		expect(result.error).toBeUndefined();
		const attempts = sandbox.creates();
		expect(attempts).toHaveLength(2);
		expect(attempts[1].at).toBeGreaterThanOrEqual(resetEpochSeconds * 1000);
		expect(sandbox.createdByEmail.get('hire1@example.com')).toBe(1);
	});

	it.each([
		{ hires: 20, limit: 5, windowMs: 2000, concurrency: 4 },
		{ hires: 200, limit: 50, windowMs: 1000, concurrency: 10 },
	])('$hires new hires at $limit creates per $windowMs ms: paced to the limit, every user created once', async ({ hires, limit, windowMs, concurrency }) => {
		sandbox = new OpsRampSandbox({ rateLimit: { limit, windowMs } });
		await sandbox.start();
		const items = Array.from({ length: hires }, (_, n) => hire(n + 1));
		const started = Date.now();

		const result = await runNode({ node: 'opsramp', parameters: { ...fromItems(), options: { concurrency } }, items, credentials: credentials(sandbox) });

		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(hires);
		expect(result.items!.every((item) => item.json.provisioningStatus === 'created')).toBe(true);
		expect(result.items!.map((item) => item.json.email)).toEqual(items.map((item) => item.email));
		expect(sandbox.createdByEmail.size).toBe(hires);
		expect(sandbox.duplicates()).toEqual([]);
		// Accepted creates per window never exceed the limit, so the batch needs that many windows.
		const accepted = sandbox.creates().length - sandbox.rateLimited;
		expect(accepted).toBe(hires);
		expect(elapsed).toBeGreaterThanOrEqual((Math.ceil(hires / limit) - 2) * windowMs);
		// Pacing on X-RateLimit-Remaining keeps refusals rare: at most one per window.
		expect(sandbox.rateLimited).toBeLessThanOrEqual(Math.ceil(hires / limit));
		console.info(`${hires} hires at ${limit}/${windowMs} ms, concurrency ${concurrency}: ${elapsed} ms, ${sandbox.rateLimited} answers 429`);
	}, 60_000);

	it('two flows on two credentials share the tenant\'s limit: the refusals are waited out, nobody is created twice', async () => {
		// The tenant's 6th create is refused whatever the window (as if the other flow had just used
		// the last one up), so the run meets the limit however slow the machine is.
		sandbox = new OpsRampSandbox({ rateLimit: { limit: 5, windowMs: 2000, refuse: [6] } });
		await sandbox.start();
		const batch = (from: number) => Array.from({ length: 10 }, (_, n) => hire(from + n));

		const [a, b] = await Promise.all([
			runNode({ node: 'opsramp', parameters: { ...fromItems(), options: { concurrency: 3 } }, items: batch(1), credentials: credentials(sandbox) }),
			runNode({ node: 'opsramp', parameters: { ...fromItems(), options: { concurrency: 3 } }, items: batch(101), credentials: credentials(sandbox) }),
		]);

		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		expect([...a.items!, ...b.items!].every((item) => item.json.provisioningStatus === 'created')).toBe(true);
		// Neither flow knows what the other used up, so OpsRamp refuses creates: at least the 6th.
		expect(sandbox.rateLimited).toBeGreaterThanOrEqual(1);
		expect(sandbox.createdByEmail.size).toBe(20);
		expect(sandbox.duplicates()).toEqual([]);
		// Every refused create was sent again, and not before the X-RateLimit-Reset it was given.
		const creates = sandbox.creates();
		for (const { request, response } of sandbox.refusals) {
			const reset = Number(response.headers?.['X-RateLimit-Reset']);
			const next = creates.slice(creates.indexOf(request) + 1).find((create) => create.body.email === request.body.email);
			expect(next).toBeDefined();
			expect(next!.at).toBeGreaterThanOrEqual(reset * 1000);
		}
		console.info(`2 x 10 hires on two credentials at 5/2000 ms: ${sandbox.rateLimited} answers 429`);
	}, 60_000);

	it('Sync: a directory read that spends the paginated-GET budget does not hold the writes, which have a budget of their own', async () => {
		// OpsRamp's two budgets as documented (50 writes, 50 paginated GETs per tenant), here 3 pages
		// and 50 writes per hour: the windows are the clock's, so a run of a second never straddles one.
		sandbox = new OpsRampSandbox({ rateLimit: { limit: 50, windowMs: 3_600_000 }, pagedRateLimit: { limit: 3, windowMs: 3_600_000 } });
		await sandbox.start();
		const people = Array.from({ length: 255 }, (_, n) => hire(n + 1));
		for (const person of people.slice(0, 250)) sandbox.seedUser(TENANT, { email: String(person.email), loginName: String(person.loginName), firstName: 'New', lastName: String(person.lastName) });

		const result = await runNode({ node: 'opsramp', parameters: { ...fromItems(), operation: 'sync', mode: 'apply' }, items: people, credentials: credentials(sandbox) });

		expect(result.error).toBeUndefined();
		// The read took the pages' whole budget: its last answer said none were left for an hour.
		const pages = sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`);
		expect(pages).toHaveLength(3);
		expect(sandbox.rateLimited).toBe(0);
		// The five new people were still created, at once: not after the pages' window turned.
		expect(result.items!.filter((item) => item.json.action === 'created')).toHaveLength(5);
		expect(result.items!.filter((item) => item.json.action === 'unchanged')).toHaveLength(250);
		expect(sandbox.creates()).toHaveLength(5);
		expect(sandbox.duplicates()).toEqual([]);
	}, 60_000);
});
