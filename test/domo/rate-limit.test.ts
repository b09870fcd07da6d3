import { DomoSandbox } from '../sandbox/domo';
import { mappedParameters, person, runDomo } from './run';

/** Domo's limit (about 3,000 a minute) scaled down to 3 calls a second for test speed. */
const RATE_LIMIT = { limit: 3, windowMs: 1000 };

describe('Domo: 429 is retried after the Retry-After wait (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	afterEach(async () => await sandbox.stop());

	it('waits as long as Retry-After says, then sends the refused create again; everyone is created once', async () => {
		sandbox = new DomoSandbox({ rateLimit: RATE_LIMIT });
		await sandbox.start();
		const items = Array.from({ length: 5 }, (_, i) => person(i));
		const result = await runDomo(sandbox, { parameters: mappedParameters(), items });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.provisioningStatus)).toEqual(Array(5).fill('created'));
		expect(sandbox.rateLimited).toBeGreaterThan(0);
		expect(sandbox.duplicates()).toEqual([]);
		expect(sandbox.createdByEmail.size).toBe(5);

		// Each refused request was sent again only once its Retry-After (at least 1 s) was over,
		// not after the transport's shorter backoff.
		const creates = sandbox.creates();
		const gaps = creates.slice(1).flatMap((create, i) => (create.body.email === creates[i].body.email ? [create.at - creates[i].at] : []));
		expect(gaps).toHaveLength(sandbox.rateLimited);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(990);
		expect(creates).toHaveLength(5 + sandbox.rateLimited);
	});

	it('with concurrency, every refused create waits for Retry-After; the batch creates everyone once with one token', async () => {
		sandbox = new DomoSandbox({ rateLimit: RATE_LIMIT });
		await sandbox.start();
		const items = Array.from({ length: 8 }, (_, i) => person(i));
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: { concurrency: 4 } }), items });
		expect(result.error).toBeUndefined();
		expect(sandbox.createdByEmail.size).toBe(8);
		expect(sandbox.duplicates()).toEqual([]);
		expect(sandbox.rateLimited).toBeGreaterThan(0);
		const byEmail = new Map<string, number[]>();
		for (const create of sandbox.creates()) byEmail.set(create.body.email, [...(byEmail.get(create.body.email) ?? []), create.at]);
		const gaps = [...byEmail.values()].flatMap((times) => times.slice(1).map((at, i) => at - times[i]));
		expect(gaps).toHaveLength(sandbox.rateLimited);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(990);
		expect(sandbox.tokenRequests()).toHaveLength(1);
	});
});
