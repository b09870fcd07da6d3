import { LuzmoSandbox, ROUTE_MISSING, luzmoError } from '../sandbox/luzmo';
import { createUsers, luzmoCredential } from './helpers';

describe('Luzmo: Create User, vendor errors and Continue On Fail', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('shows Luzmo\'s message for a refused create (an email that already exists), and sends it once', async () => {
		sandbox.seedUser({ email: 'taken@example.com' });
		const result = await createUsers(sandbox, [{ email: 'taken@example.com' }]);

		expect(result.items).toBeUndefined();
		expect(result.error?.message).toBe('A user with this email address already exists.');
		expect(result.error?.description).toContain('Luzmo answered HTTP 400 Bad Request.');
		expect(result.error?.httpCode).toBe('400');
		expect(sandbox.creates()).toHaveLength(1);
	});

	it('reads Luzmo\'s validation object into the message', async () => {
		sandbox.fault({
			method: 'POST',
			path: '/0.1.0/user',
			times: 1,
			when: 'before',
			action: {
				type: 'respond',
				response: luzmoError(400, 'Bad Request', 'Invalid user properties.', { timezone_id: ['must be a valid time zone'], theme: ['is unknown'] }),
			},
		});
		const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], { additionalFields: { timezone_id: 'Mars/Olympus' } });

		expect(result.error?.message).toBe('Invalid user properties. (timezone_id: must be a valid time zone; theme: is unknown)');
	});

	it('refuses a Custom Host with a path before any request, naming the field', async () => {
		const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], {}, {
			credentials: luzmoCredential(sandbox, { customHost: `${sandbox.url}/api` }),
		});

		expect(sandbox.requests).toHaveLength(0);
		expect(result.error?.message).toBe(`The Luzmo credential's Custom Host must be the address alone, without a path: remove "/api" (e.g. https://api.myvpc.luzmo.com)`);
	});

	it('tells an address that is not Luzmo\'s API (its plain-text unknown-route answer) from a missing record', async () => {
		sandbox.fault({ method: 'POST', path: '/0.1.0/user', times: Infinity, when: 'before', action: { type: 'respond', response: { status: 404, text: ROUTE_MISSING, contentType: 'text/plain' } } });
		const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], {}, { credentials: luzmoCredential(sandbox) });

		expect(result.error?.message).toBe(`${sandbox.url}/0.1.0/user is not an address of Luzmo's API`);
		expect(result.error?.description).toContain(`It answered "${ROUTE_MISSING}", not Luzmo's answer for a missing record: the host or base URL is wrong. Check the Custom Host in the Luzmo credential`);
		expect(result.error?.httpCode).toBe('404');
	});

	it('shows a wrong token as Luzmo\'s 401 with a hint, not retried by the node, the secrets masked', async () => {
		const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], {}, {
			credentials: luzmoCredential(sandbox, { apiToken: 'wrong-token-123456' }),
		});

		expect(result.error?.message).toBe('Invalid API key or token.');
		expect(result.error?.description).toContain('Check the API key, API token and region');
		// n8n-core answers any 401 with one preAuthentication call and one repeat, even for a
		// credential without a token to refresh (Luzmo's key and token do not expire): two requests,
		// both refused, nothing created. The node's own retries add none.
		expect(sandbox.requests).toHaveLength(2);
		expect(sandbox.requests.every((r) => r.body.token === 'wrong-token-123456')).toBe(true);
		expect(sandbox.createdByEmail.size).toBe(0);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('wrong-token-123456');
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(sandbox.apiKey);
	});

	it('Continue On Fail: one output item per input, paired, the batch going on past bad input and refusals', async () => {
		sandbox.seedUser({ email: 'taken@example.com' });
		const result = await createUsers(
			sandbox,
			[{ email: 'first@example.com' }, { email: 'not-an-email' }, { email: 'taken@example.com' }, { email: 'last@example.com' }],
			{},
			{ continueOnFail: true },
		);

		expect(result.error).toBeUndefined();
		const items = result.items!;
		expect(items).toHaveLength(4);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json).toMatchObject({ email: 'first@example.com', provisioningStatus: 'created' });
		expect(items[1].json.error).toBe('Invalid "Email" in item 1: must be a valid email address');
		expect(items[2].json).toMatchObject({ error: 'A user with this email address already exists.', httpCode: '400' });
		expect(items[3].json).toMatchObject({ email: 'last@example.com', provisioningStatus: 'created' });
		// The invalid item was never sent; the others were, once each.
		expect(sandbox.creates().map((r) => r.body.properties.email)).toEqual(['first@example.com', 'taken@example.com', 'last@example.com']);
		expect(sandbox.duplicates()).toEqual([]);
	});

	it('without Continue On Fail, stops at the first refused item and reports its index', async () => {
		sandbox.seedUser({ email: 'taken@example.com' });
		// One item at a time (Concurrency 1): with more in flight, items already started finish.
		const result = await createUsers(sandbox, [{ email: 'first@example.com' }, { email: 'taken@example.com' }, { email: 'last@example.com' }], {
			options: { concurrency: 1 },
		});

		expect(result.error?.message).toBe('A user with this email address already exists.');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(sandbox.creates().map((r) => r.body.properties.email)).toEqual(['first@example.com', 'taken@example.com']);
	});
});
