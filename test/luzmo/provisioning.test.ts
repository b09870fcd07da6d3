import { LuzmoSandbox, luzmoError } from '../sandbox/luzmo';
import { NEVER } from '../sandbox/toolkit';
import { createUsers, luzmoCredential } from './helpers';

const RETURN_EXISTING = { options: { ifUserExists: 'returnExisting' } };

describe('Luzmo: Create User, never twice', () => {
	let sandbox: LuzmoSandbox;
	afterEach(async () => await sandbox.stop());

	describe('If User Exists: Return Existing', () => {
		beforeEach(async () => {
			sandbox = new LuzmoSandbox();
			await sandbox.start();
		});

		it('returns the existing user, marked existing, found with one get by email, and creates nothing', async () => {
			const existing = sandbox.seedUser({ email: 'Jane.Doe@Example.com', name: 'Jane Doe' });
			const result = await createUsers(sandbox, [{ email: ' jane.doe@example.com ' }], RETURN_EXISTING);

			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items![0].json).toEqual({ ...existing, provisioningStatus: 'existing' });
			expect(sandbox.creates()).toHaveLength(0);
			expect(sandbox.lookups().map((r) => r.body)).toEqual([
				{
					action: 'get',
					find: { where: { email: 'jane.doe@example.com' }, limit: 1 },
					key: sandbox.apiKey,
					token: sandbox.apiToken,
					version: '0.1.0',
				},
			]);
		});

		it('creates the user when the lookup finds nobody', async () => {
			const result = await createUsers(sandbox, [{ email: 'new@example.com' }], RETURN_EXISTING);

			expect(result.items![0].json).toMatchObject({ email: 'new@example.com', provisioningStatus: 'created' });
			// The search, then the organization's list (Luzmo's where may match the stored letter case only).
			expect(sandbox.requests.map((r) => [r.body.action, r.body.find?.where?.email])).toEqual([
				['get', 'new@example.com'],
				['get', undefined],
				['create', undefined],
			]);
		});

		it('reports an email taken in another organization (invisible to the lookup) as Luzmo refuses it, without retrying', async () => {
			sandbox.seedUser({ email: 'elsewhere@example.com' }, 'another-organization');
			const result = await createUsers(sandbox, [{ email: 'elsewhere@example.com' }], RETURN_EXISTING);

			expect(result.error?.message).toBe('A user with this email address already exists.');
			// The refusal is looked up again (search and list); finding nobody, it stands. No second create.
			expect(sandbox.requests.map((r) => r.body.action)).toEqual(['get', 'get', 'create', 'get', 'get']);
			expect(sandbox.createdByEmail.size).toBe(0);
		});
	});

	describe('duplicates accepted by Luzmo', () => {
		beforeEach(async () => {
			sandbox = new LuzmoSandbox({ acceptDuplicateEmails: true });
			await sandbox.start();
		});

		it('re-running a workflow with Return Existing creates nobody twice, even where Luzmo would accept a duplicate', async () => {
			const credentials = luzmoCredential(sandbox);
			const items = [{ email: 'ada@example.com' }, { email: 'bob@example.com' }];
			const first = await createUsers(sandbox, items, RETURN_EXISTING, { credentials });
			const second = await createUsers(sandbox, items, RETURN_EXISTING, { credentials });

			expect(first.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'created']);
			expect(second.items!.map((item) => item.json.provisioningStatus)).toEqual(['existing', 'existing']);
			expect(second.items!.map((item) => item.json.id)).toEqual(first.items!.map((item) => item.json.id));
			expect(sandbox.duplicates()).toEqual([]);
		});

		it('If User Exists: Error sends the create without a lookup, so Luzmo\'s own answer decides', async () => {
			sandbox.seedUser({ email: 'ada@example.com' });
			const result = await createUsers(sandbox, [{ email: 'ada@example.com' }]);

			expect(result.items![0].json.provisioningStatus).toBe('created');
			expect(sandbox.lookups()).toHaveLength(0);
			expect(sandbox.records.filter((record) => record.user.email === 'ada@example.com')).toHaveLength(2);
		});
	});

	describe('a create whose answer is lost', () => {
		beforeEach(async () => {
			sandbox = new LuzmoSandbox();
			await sandbox.start();
		});

		it('connection reset after Luzmo created the user: looked up, not sent again, the user is the output', async () => {
			sandbox.fault({ method: 'POST', path: '/0.1.0/user', times: 1, when: 'after', action: { type: 'reset' } });
			const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], { options: { timeout: 500 } });

			expect(result.error).toBeUndefined();
			expect(sandbox.createdByEmail.get('ada@example.com')).toBe(1);
			expect(sandbox.requests.map((r) => r.body.action)).toEqual(['create', 'get']);
			expect(result.items![0].json).toMatchObject({ email: 'ada@example.com', provisioningStatus: 'created' });
			expect(result.items![0].json.id).toBe(sandbox.records[0].user.id);
		});

		it('an answer slower than the Timeout option: looked up, not sent again', async () => {
			// The answer never comes (held until the sandbox stops), so the Timeout must end the wait.
			sandbox.fault({ method: 'POST', path: '/0.1.0/user', times: 1, when: 'after', action: { type: 'hold', until: NEVER } });
			const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], { options: { timeout: 1000 } });

			expect(result.error).toBeUndefined();
			expect(sandbox.createdByEmail.get('ada@example.com')).toBe(1);
			expect(sandbox.requests.map((r) => r.body.action)).toEqual(['create', 'get']);
			expect(result.items![0].json).toMatchObject({ email: 'ada@example.com', provisioningStatus: 'created' });
		});

		it('a 500 before Luzmo acted: the lookup finds nobody, so the create is sent again, once', async () => {
			sandbox.fault({
				method: 'POST',
				path: '/0.1.0/user',
				times: 1,
				when: 'before',
				action: { type: 'respond', response: luzmoError(500, 'Internal Server Error', 'Something went wrong.') },
			});
			const result = await createUsers(sandbox, [{ email: 'ada@example.com' }]);

			expect(result.error).toBeUndefined();
			// The lost create is looked up (search, then the list) before it is sent again.
			expect(sandbox.requests.map((r) => r.body.action)).toEqual(['create', 'get', 'get', 'create']);
			expect(sandbox.createdByEmail.get('ada@example.com')).toBe(1);
		});

		it('a batch where the first three answers are lost (creates and the lookups after them alike): each user created once', async () => {
			sandbox.fault({ method: 'POST', path: '/0.1.0/user', times: 3, when: 'after', action: { type: 'reset' } });
			const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
			const result = await createUsers(sandbox, emails.map((email) => ({ email })), { options: { timeout: 500 } });

			expect(result.error).toBeUndefined();
			expect(result.items!.map((item) => item.json.email)).toEqual(emails);
			expect(sandbox.duplicates()).toEqual([]);
			expect([...sandbox.createdByEmail.values()]).toEqual([1, 1, 1]);
		});
	});

	describe('rate limit: 429 without Retry-After', () => {
		it('retries a refused create with backoff and creates the user once', async () => {
			sandbox = new LuzmoSandbox();
			await sandbox.start();
			sandbox.fault({
				method: 'POST',
				path: '/0.1.0/user',
				times: 2,
				when: 'before',
				action: { type: 'respond', response: luzmoError(429, 'Too Many Requests', 'Rate limit exceeded, please slow down.') },
			});
			const result = await createUsers(sandbox, [{ email: 'ada@example.com' }]);

			expect(result.error).toBeUndefined();
			expect(sandbox.creates()).toHaveLength(3);
			expect(sandbox.createdByEmail.get('ada@example.com')).toBe(1);
			// No Retry-After: exponential backoff from 500 ms with equal jitter waits at least 250, then
			// 500 ms (lower bounds only; how long the backoff may be at most is retryPolicy.test.ts's).
			const [first, second, third] = sandbox.creates().map((r) => r.at);
			expect(second - first).toBeGreaterThanOrEqual(240);
			expect(third - second).toBeGreaterThanOrEqual(490);
		});

		it('a batch bigger than the burst (scaled: 4, then 4 per second) finishes with everyone created once', async () => {
			// Requests 5 and 6 are refused whatever the bucket holds: the limit is met by construction.
			sandbox = new LuzmoSandbox({ rateLimit: { burst: 4, perSecond: 4, refuse: [5, 6] } });
			await sandbox.start();
			const emails = Array.from({ length: 14 }, (_, i) => `user${i}@example.com`);
			const result = await createUsers(sandbox, emails.map((email) => ({ email })), { options: { concurrency: 4 } });

			expect(result.error).toBeUndefined();
			expect(sandbox.rateLimited).toBeGreaterThanOrEqual(2);
			expect(result.items!.map((item) => [item.json.email, item.json.provisioningStatus])).toEqual(
				emails.map((email) => [email, 'created']),
			);
			expect(result.items!.map((item) => item.pairedItem)).toEqual(emails.map((_, i) => ({ item: i })));
			expect(sandbox.createdByEmail.size).toBe(14);
			expect(sandbox.duplicates()).toEqual([]);
		});

		it('at Luzmo\'s real numbers (200 at once, then 10 per second) the node paces itself: 230 creates, almost no 429', async () => {
			sandbox = new LuzmoSandbox({ rateLimit: { burst: 200, perSecond: 10 } });
			await sandbox.start();
			// One credential for both runs: the pace is kept per credential and host across executions.
			const credentials = luzmoCredential(sandbox);
			await createUsers(sandbox, [{ email: 'first@example.com' }], {}, { credentials });
			const emails = Array.from({ length: 229 }, (_, i) => `user${i}@example.com`);
			const started = Date.now();
			const result = await createUsers(sandbox, emails.map((email) => ({ email })), { options: { concurrency: 20 } }, { credentials });

			expect(result.error).toBeUndefined();
			expect(sandbox.createdByEmail.size).toBe(230);
			expect(sandbox.duplicates()).toEqual([]);
			// 30 requests over the burst at 10 per second: about 3 s. Without pacing, 20 workers would
			// run into a wall of 429s; with it, at most a stray one where both clocks meet.
			expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
			expect(sandbox.rateLimited).toBeLessThanOrEqual(2);
		});

		it('Return Existing under the rate limit: lookups and creates both retried, nobody created twice', async () => {
			// Item 0 runs alone (search, list, create): its search (request 1) and its create (request 4,
			// after the search's retry and the list) are refused whatever the bucket holds (see above).
			sandbox = new LuzmoSandbox({ rateLimit: { burst: 3, perSecond: 6, refuse: [1, 4] } });
			await sandbox.start();
			sandbox.seedUser({ email: 'user1@example.com' });
			const emails = Array.from({ length: 6 }, (_, i) => `user${i}@example.com`);
			const result = await createUsers(sandbox, emails.map((email) => ({ email })), { options: { concurrency: 3, ifUserExists: 'returnExisting' } });

			expect(result.error).toBeUndefined();
			expect(sandbox.rateLimited).toBeGreaterThanOrEqual(2);
			expect(sandbox.refusals.slice(0, 2).map(({ request }) => [request.body.action, request.body.find?.where?.email ?? request.body.properties?.email])).toEqual([
				['get', 'user0@example.com'],
				['create', 'user0@example.com'],
			]);
			expect(result.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'existing', 'created', 'created', 'created', 'created']);
			expect(sandbox.createdByEmail.size).toBe(5);
			expect(sandbox.duplicates()).toEqual([]);
		});
	});
});
