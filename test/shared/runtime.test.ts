/**
 * The shared runtime (transport, runner, validation, If User Exists) exercised through a real
 * workflow run of one vendor node against its sandbox over HTTP. Garmat is the vehicle: its
 * sandbox can accept duplicate emails, so a blindly repeated create would show as a duplicate.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import { GarmatSandbox } from '../sandbox/garmat';
import { NEVER, until } from '../sandbox/toolkit';

let sandbox: GarmatSandbox;
let credentialSeq = 0;

async function start(options: ConstructorParameters<typeof GarmatSandbox>[0] = {}) {
	sandbox = new GarmatSandbox({ acceptDuplicateEmails: true, ...options });
	await sandbox.start();
}
afterEach(async () => await sandbox?.stop());

function run(items: IDataObject[], options: Record<string, string | number> = {}, extra: { continueOnFail?: boolean; onError?: 'continueErrorOutput' } = {}) {
	return runNode({
		node: 'garmat',
		parameters: {
			resource: 'user',
			operation: 'create',
			name: '={{ $json.name }}',
			email: '={{ $json.email }}',
			role: 'customer_read_only',
			options,
		},
		items,
		// A new credential id per run: rate-limit state is per credential and host.
		credentials: {
			id: `runtime-${++credentialSeq}`,
			type: 'garmatApi',
			data: { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.apiKey, sessionToken: '' },
		},
		...extra,
	});
}

const hires = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Hire ${i}`, email: `hire${i}@example.com` }));

describe('transport: rate limits', () => {
	beforeEach(async () => await start());

	it('retries a 429 and creates the user once', async () => {
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'before', times: 1, action: { type: 'respond', response: { status: 429, body: { error: 'Too Many Requests' } } } });
		const result = await run(hires(1));
		expect(result.error).toBeUndefined();
		expect(sandbox.received('POST', '/api/users')).toHaveLength(2);
		expect(sandbox.createdByEmail.get('hire0@example.com')).toBe(1);
		expect(result.items![0].json.provisioningStatus).toBe('created');
	});

	it('waits as long as Retry-After says before the next attempt', async () => {
		sandbox.fault({
			method: 'POST',
			path: '/api/users',
			when: 'before',
			times: 1,
			action: { type: 'respond', response: { status: 429, body: { error: 'slow down' }, headers: { 'Retry-After': '2' } } },
		});
		const result = await run(hires(1));
		expect(result.error).toBeUndefined();
		const [first, second] = sandbox.received('POST', '/api/users');
		expect(second.at - first.at).toBeGreaterThanOrEqual(1950);
	});

	it('waits until X-RateLimit-Reset when a 429 has no Retry-After', async () => {
		const reset = Math.ceil(Date.now() / 1000) + 2;
		sandbox.fault({
			method: 'POST',
			path: '/api/users',
			when: 'before',
			times: 1,
			action: { type: 'respond', response: { status: 429, body: { error: 'throttled' }, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) } } },
		});
		const result = await run(hires(1));
		expect(result.error).toBeUndefined();
		const [, second] = sandbox.received('POST', '/api/users');
		expect(second.at).toBeGreaterThanOrEqual(reset * 1000);
	});

	it('treats a vendor-specific rate-limit answer (Garmat 422 "API limit reached") like a 429', async () => {
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'before', times: 2, action: { type: 'respond', response: { status: 422, body: { error: 'API limit reached' } } } });
		const result = await run(hires(1));
		expect(result.error).toBeUndefined();
		expect(sandbox.received('POST', '/api/users')).toHaveLength(3);
	});

	it('gives up after a bounded number of rate-limited attempts with a clear error', async () => {
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'before', times: Infinity, action: { type: 'respond', response: { status: 429, body: { error: 'Too Many Requests' }, headers: { 'Retry-After': '0' } } } });
		const result = await run(hires(1));
		expect(result.error?.message).toBe('Too Many Requests');
		expect(result.error?.description).toMatch(/HTTP 429/);
		expect(result.error?.description).toMatch(/Gave up after 9 rate-limited attempts/);
		expect(sandbox.received('POST', '/api/users')).toHaveLength(9);
	});
});

describe('transport: a create is never repeated blindly', () => {
	beforeEach(async () => await start());

	it('does not repeat a POST whose answer timed out when the user turns out to exist', async () => {
		// The answer never comes (held until the sandbox stops): only the Timeout can end the wait.
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'after', times: 1, action: { type: 'hold', until: NEVER } });
		const result = await run(hires(1), { timeout: 1000 });
		expect(result.error).toBeUndefined();
		expect(sandbox.received('POST', '/api/users')).toHaveLength(1);
		expect(sandbox.createdByEmail.get('hire0@example.com')).toBe(1);
		expect(result.items![0].json).toMatchObject({ email: 'hire0@example.com', provisioningStatus: 'created' });
	});

	it('does not repeat a POST whose connection was reset after the server acted', async () => {
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'after', times: 1, action: { type: 'reset' } });
		const result = await run(hires(1));
		expect(result.error).toBeUndefined();
		expect(sandbox.received('POST', '/api/users')).toHaveLength(1);
		expect(sandbox.duplicates()).toEqual([]);
	});

	it('sends the create again only after a lookup found nobody', async () => {
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'before', times: 1, action: { type: 'reset' } });
		const result = await run(hires(1));
		expect(result.error).toBeUndefined();
		const order = sandbox.requests.map((r) => `${r.method} ${r.path}`);
		expect(order).toEqual(['POST /api/users', 'GET /api/users', 'POST /api/users']);
		expect(sandbox.createdByEmail.get('hire0@example.com')).toBe(1);
	});

	it('treats a 5xx on a create as uncertain: looks up before sending again', async () => {
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'after', times: 1, action: { type: 'respond', response: { status: 502, text: 'Bad Gateway' } } });
		const result = await run(hires(1));
		expect(result.error).toBeUndefined();
		expect(sandbox.received('POST', '/api/users')).toHaveLength(1);
		expect(sandbox.duplicates()).toEqual([]);
	});

	it('retries a 5xx on an idempotent lookup', async () => {
		sandbox.seedUser({ email: 'hire0@example.com' });
		sandbox.fault({ method: 'GET', path: '/api/users', when: 'before', times: 2, action: { type: 'respond', response: { status: 503, text: '' } } });
		const result = await run(hires(1), { ifUserExists: 'returnExisting' });
		expect(result.error).toBeUndefined();
		expect(sandbox.received('GET', '/api/users')).toHaveLength(3);
		expect(result.items![0].json.provisioningStatus).toBe('existing');
	});
});

describe('runner: items, order, Continue On Fail', () => {
	beforeEach(async () => await start({ acceptDuplicateEmails: false }));

	it('gives one output item per input item, in input order, paired, even when answers come back out of order', async () => {
		// The second create is held back until hire4 has been created: with 4 in flight, later items
		// finish before it (made so, not hoped for from a delay). Bounded, so a runner that does not
		// run items side by side fails the order check below instead of hanging.
		const hire4Created = until(() => sandbox.users.some((user) => user.email === 'hire4@example.com'), 10_000);
		sandbox.fault({ method: 'POST', path: '/api/users', match: (r) => r.body?.email === 'hire1@example.com', when: 'before', times: 1, action: { type: 'hold', until: hire4Created } });
		const result = await run(hires(12), { concurrency: 4 });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.email)).toEqual(hires(12).map((h) => h.email));
		expect(result.items!.map((item) => item.pairedItem)).toEqual(hires(12).map((_, i) => ({ item: i })));
		const completion = sandbox.users.map((user) => user.email);
		expect(completion.indexOf('hire1@example.com')).toBeGreaterThan(completion.indexOf('hire4@example.com'));
	});

	it('with Continue On Fail turns each failure into an error item and keeps the batch going', async () => {
		sandbox.seedUser({ email: 'taken@example.com' });
		const items = [
			{ name: 'Ok One', email: 'one@example.com' },
			{ name: 'Bad Email', email: 'not-an-email' },
			{ name: 'Taken', email: 'taken@example.com' },
			{ name: 'Ok Two', email: 'two@example.com' },
		];
		const result = await run(items, { concurrency: 2 }, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.items!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items![0].json.provisioningStatus).toBe('created');
		expect(result.items![1].json.error).toBe('Invalid "Email" in item 1: must be a valid email address');
		expect(result.items![2].json).toMatchObject({ error: 'Email has already been taken', httpCode: '400' });
		expect(result.items![3].json.provisioningStatus).toBe('created');
		// The invalid item never reached the sandbox.
		expect(sandbox.received('POST', '/api/users').map((r) => r.body.email)).not.toContain('not-an-email');
	});

	it('without Continue On Fail rejects a bad item before any request is sent', async () => {
		const items = [...hires(2), { name: 'Broken', email: 'broken@' }, ...hires(3).slice(2)];
		const result = await run(items);
		expect(result.error?.message).toBe('Invalid "Email" in item 2: must be a valid email address');
		expect(result.error?.context?.itemIndex).toBe(2);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('names the field as the UI shows it, for fields inside Additional Fields too', async () => {
		const result = await runNode({
			node: 'garmat',
			parameters: {
				resource: 'user',
				operation: 'create',
				name: 'Someone',
				email: 'someone@example.com',
				role: 'customer_read_only',
				additionalFields: { status: '={{ "paused" }}' },
			},
			items: [{}],
			credentials: { id: `runtime-${++credentialSeq}`, type: 'garmatApi', data: { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.apiKey, sessionToken: '' } },
		});
		expect(result.error?.message).toBe('Invalid "Additional Fields > Status" in item 0: must be one of: active, deactivated');
		expect(sandbox.requests).toHaveLength(0);
	});

	// An object mapped into text (a template such as "{{ $json.person }} Smith", a Set node's String
	// field) arrives as "[object Object]": the node refuses it instead of creating a user so named.
	it('refuses "[object Object]" in a text field instead of sending it', async () => {
		const result = await run([{ name: '[object Object] Smith', email: 'ann@example.com' }]);
		expect(result.error?.message).toBe(
			'Invalid "Name" in item 0: is an object turned into text: the expression returned an object, map one of its fields instead (e.g. {{ $json.manager.email }})',
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	// Found by fast-check (FC_SEED=71151433): a Timeout past Node's timer range made every request time out at once.
	it('caps a huge Timeout at 10 minutes instead of timing every request out at once', async () => {
		const result = await run([{ name: 'Ann', email: 'ann@example.com' }], { timeout: 1e15 });
		expect(result.error).toBeUndefined();
		expect(result.items![0].json).toMatchObject({ email: 'ann@example.com', provisioningStatus: 'created' });
		expect(sandbox.received('POST', '/api/users')).toHaveLength(1);
	});

	it('without Continue On Fail stops starting new items after a failure and reports that item', async () => {
		sandbox.seedUser({ email: 'hire1@example.com' });
		// One item at a time, so "after the failure" is the input order (with more in flight, the
		// items already started finish; test/shared/runner.test.ts covers Auto stopping).
		const result = await run(hires(6), { concurrency: 1 });
		expect(result.error?.message).toBe('Email has already been taken');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(sandbox.received('POST', '/api/users').map((r) => r.body.email)).toEqual(['hire0@example.com', 'hire1@example.com']);
	});
});

describe('If User Exists', () => {
	beforeEach(async () => await start({ acceptDuplicateEmails: false }));

	it('Return Existing returns the live user and creates nobody; re-running the batch is safe', async () => {
		const first = await run(hires(3), { ifUserExists: 'returnExisting' });
		expect(first.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'created', 'created']);
		const again = await run(hires(3), { ifUserExists: 'returnExisting' });
		expect(again.error).toBeUndefined();
		expect(again.items!.map((item) => item.json.provisioningStatus)).toEqual(['existing', 'existing', 'existing']);
		expect(again.items!.map((item) => item.json.id)).toEqual(first.items!.map((item) => item.json.id));
		expect(sandbox.received('POST', '/api/users')).toHaveLength(3);
	});
});

describe('secrets', () => {
	beforeEach(async () => await start());

	it('masks the credential in a vendor message that echoes it', async () => {
		sandbox.fault({ method: 'POST', path: '/api/users', when: 'before', times: 1, action: { type: 'respond', response: { status: 400, body: { error: `Key ${sandbox.apiKey} is not allowed here` } } } });
		const result = await run(hires(1), {}, { continueOnFail: true });
		const text = JSON.stringify(result.items);
		expect(text).not.toContain(sandbox.apiKey);
		expect(result.items![0].json.error).toBe('Key [redacted] is not allowed here');
	});
});

describe('On Error: Continue (using error output)', () => {
	beforeEach(async () => await start({ acceptDuplicateEmails: false }));

	it('sends failed items down the error output, paired with their input, and the rest down the success output', async () => {
		sandbox.seedUser({ name: 'Taken', email: 'hire2@example.com', role: 'customer_read_only' });
		const items = hires(4);
		items[1].email = 'not-an-email';
		const result = await run(items, {}, { onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => [item.json.email, item.pairedItem])).toEqual([
			['hire0@example.com', { item: 0 }],
			['hire3@example.com', { item: 3 }],
		]);
		expect(result.errorItems!.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Invalid "Email" in item 1: must be a valid email address', { item: 1 }],
			['Email has already been taken', { item: 2 }],
		]);
		// What the regular output gives as description and httpCode comes under details.
		expect(result.errorItems![1].json.details).toEqual({ description: 'Garmat answered HTTP 400 Bad Request.', httpCode: '400' });
		expect(result.errorItems![0].json.details).toEqual({ description: 'No request was sent for this item.' });
		expect(JSON.stringify(result.run.data.resultData.runData)).not.toContain(sandbox.apiKey);
	});
});

describe('operations', () => {
	beforeEach(async () => await start());

	it('refuses n8n\'s "Custom API Call" choice with a pointer to the HTTP Request node, sending nothing', async () => {
		const result = await runNode({
			node: 'garmat',
			parameters: { resource: '__CUSTOM_API_CALL__', operation: '__CUSTOM_API_CALL__', name: 'A', email: 'a@example.com', role: 'customer_read_only' },
			items: [{}],
			credentials: { id: `runtime-${++credentialSeq}`, type: 'garmatApi', data: { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.apiKey, sessionToken: '' } },
		});
		expect(result.error?.message).toBe('This node has no resource "__CUSTOM_API_CALL__"');
		expect(result.error?.description).toMatch(/^It offers user: create/);
		expect(result.error?.description).toContain('HTTP Request node with the Garmat credential');
		expect(sandbox.requests).toHaveLength(0);
	});
});
