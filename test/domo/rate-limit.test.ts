import { DomoSandbox } from '../sandbox/domo';
import { mappedParameters, person, runDomo } from './run';

/**
 * Domo's limit (about 3,000 a minute) scaled down to 3 calls a second; on top of it the sandbox
 * refuses the API calls numbered in `refuse` whatever the window, so every run meets the limit
 * by construction, however slow the machine is (a busy machine may never fill a window).
 */
const rateLimit = (refuse: number[]) => ({ limit: 3, windowMs: 1000, refuse });

/**
 * For every refused create: the wait until the same user's next create, and the wait its
 * Retry-After asked for. Both are lower bounds only: how much longer a busy machine takes is
 * not the node's doing.
 */
function waitsAfterRefusals(sandbox: DomoSandbox): Array<{ waitedMs: number; askedMs: number }> {
	const creates = sandbox.creates();
	return sandbox.refusals.map(({ request, response }) => {
		const next = creates.slice(creates.indexOf(request) + 1).find((create) => create.body.email === request.body.email);
		return { waitedMs: next ? next.at - request.at : -1, askedMs: Number(response.headers?.['Retry-After']) * 1000 };
	});
}

describe('Domo: 429 is retried after the Retry-After wait (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	afterEach(async () => await sandbox.stop());

	it('waits as long as Retry-After says, then sends the refused create again; everyone is created once', async () => {
		sandbox = new DomoSandbox({ rateLimit: rateLimit([2, 4]) });
		await sandbox.start();
		const items = Array.from({ length: 5 }, (_, i) => person(i));
		const result = await runDomo(sandbox, { parameters: mappedParameters(), items });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.provisioningStatus)).toEqual(Array(5).fill('created'));
		expect(sandbox.duplicates()).toEqual([]);
		expect(sandbox.createdByEmail.size).toBe(5);

		// Calls 2 and 4 are refused in any case; the window may refuse more on a fast machine.
		expect(sandbox.rateLimited).toBeGreaterThanOrEqual(2);
		expect(sandbox.refusals.every(({ request }) => request.method === 'POST')).toBe(true);
		expect(sandbox.creates()).toHaveLength(5 + sandbox.rateLimited);
		// Each refused create was sent again, and only once its Retry-After (at least 1 s) was
		// over, not after the transport's shorter backoff.
		const waits = waitsAfterRefusals(sandbox);
		expect(waits).toHaveLength(sandbox.rateLimited);
		for (const { waitedMs, askedMs } of waits) {
			expect(askedMs).toBeGreaterThanOrEqual(1000);
			expect(waitedMs).toBeGreaterThanOrEqual(askedMs - 10);
		}
	});

	it('with concurrency, every refused create waits for Retry-After; the batch creates everyone once with one token', async () => {
		// Calls 3 and 4 go out together (concurrency 4 after the first item), call 6 after a wait.
		sandbox = new DomoSandbox({ rateLimit: rateLimit([3, 4, 6]) });
		await sandbox.start();
		const items = Array.from({ length: 8 }, (_, i) => person(i));
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: { concurrency: 4 } }), items });
		expect(result.error).toBeUndefined();
		expect(sandbox.createdByEmail.size).toBe(8);
		expect(sandbox.duplicates()).toEqual([]);
		expect(sandbox.rateLimited).toBeGreaterThanOrEqual(3);
		expect(sandbox.creates()).toHaveLength(8 + sandbox.rateLimited);
		const waits = waitsAfterRefusals(sandbox);
		expect(waits).toHaveLength(sandbox.rateLimited);
		for (const { waitedMs, askedMs } of waits) {
			expect(askedMs).toBeGreaterThanOrEqual(1000);
			expect(waitedMs).toBeGreaterThanOrEqual(askedMs - 10);
		}
		expect(sandbox.tokenRequests()).toHaveLength(1);
	});
});
