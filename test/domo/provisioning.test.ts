import { DomoSandbox } from '../sandbox/domo';
import { NEVER } from '../sandbox/toolkit';
import { mappedParameters, person, runDomo } from './run';

const RETURN_EXISTING = { ifUserExists: 'returnExisting' };

describe('Domo: If User Exists and lost answers never create a user twice (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	afterEach(async () => await sandbox.stop());

	async function start(options: ConstructorParameters<typeof DomoSandbox>[0] = {}) {
		sandbox = new DomoSandbox(options);
		await sandbox.start();
	}

	it('Return Existing returns the live user (email trimmed, any case), marked existing, and creates nothing', async () => {
		await start();
		const existing = sandbox.seedUser({ email: ' Leonhard.Euler@Domo.com ', name: 'Leonhard Euler', role: 'Admin' });
		const result = await runDomo(sandbox, {
			parameters: mappedParameters({ options: RETURN_EXISTING }),
			items: [{ name: 'L. Euler', email: 'leonhard.euler@domo.com', role: 'Participant' }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items![0].json).toMatchObject({ id: existing.id, name: 'Leonhard Euler', role: 'Admin', provisioningStatus: 'existing' });
		expect(result.items![0].pairedItem).toEqual({ item: 0 });
		expect(sandbox.creates()).toHaveLength(0);
		expect(sandbox.listRequests()[0].query).toEqual({ limit: '500', offset: '0' });
	});

	it('ignores deleted users: their email is created anew', async () => {
		await start();
		sandbox.seedUser({ email: 'user0@example.com', deleted: true });
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: RETURN_EXISTING }), items: [person(0)] });
		expect(result.error).toBeUndefined();
		expect(result.items![0].json).toMatchObject({ email: 'user0@example.com', provisioningStatus: 'created' });
		expect(sandbox.createdByEmail.get('user0@example.com')).toBe(1);
	});

	it('pages through the directory 500 at a time until a short page', async () => {
		await start();
		for (let i = 0; i < 1100; i++) sandbox.seedUser({ email: `staff${i}@example.com` });
		const result = await runDomo(sandbox, {
			parameters: mappedParameters({ options: RETURN_EXISTING }),
			items: [{ name: 'Staff', email: 'STAFF1099@example.com', role: 'Participant' }],
		});
		expect(result.items![0].json).toMatchObject({ email: 'staff1099@example.com', provisioningStatus: 'existing' });
		expect(sandbox.listRequests().map((r) => r.query)).toEqual([
			{ limit: '500', offset: '0' },
			{ limit: '500', offset: '500' },
			{ limit: '500', offset: '1000' },
		]);
	});

	it('reads the directory once per execution, however many items, and keeps it fresh with its own creates', async () => {
		await start();
		for (let i = 0; i < 1100; i++) sandbox.seedUser({ email: `staff${i}@example.com` });
		// 20 items: every other one exists; the last five repeat emails created earlier in the batch.
		const items = [
			...Array.from({ length: 20 }, (_, i) => (i % 2 ? { name: 'Staff', email: `staff${i}@example.com`, role: 'Participant' } : person(i))),
			...[0, 2, 4, 6, 8].map((i) => person(i)),
		];
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: { ...RETURN_EXISTING, concurrency: 4 } }), items });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(25);
		expect(sandbox.listRequests()).toHaveLength(3);
		expect(sandbox.creates()).toHaveLength(10);
		expect(result.items!.slice(20).map((item) => item.json.provisioningStatus)).toEqual(Array(5).fill('existing'));
		expect(result.items!.slice(20).map((item) => item.json.id)).toEqual(result.items!.slice(0, 10).filter((_, i) => i % 2 === 0).map((item) => item.json.id));
	});

	it('a batch repeating an email at the same time creates the user once, even where Domo accepts duplicates', async () => {
		await start({ acceptDuplicateEmails: true });
		const result = await runDomo(sandbox, {
			parameters: mappedParameters({ options: { ...RETURN_EXISTING, concurrency: 3 } }),
			// The runner runs item 0 alone, then items 1 to 3 at once: all three carry the same email.
			items: [person(9), person(0), person(0, { email: 'USER0@example.com ' }), person(0)],
		});
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'created', 'existing', 'existing']);
		expect(new Set(result.items!.slice(1).map((item) => item.json.id)).size).toBe(1);
		expect(sandbox.duplicates()).toEqual([]);
		expect(sandbox.createdByEmail.get('user0@example.com')).toBe(1);
	});

	it('a create whose connection is reset after Domo acted is not sent again: the lookup finds the user', async () => {
		await start({ acceptDuplicateEmails: true });
		sandbox.fault({ method: 'POST', path: '/v1/users', times: 1, when: 'after', action: { type: 'reset' } });
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: { timeout: 500 } }), items: [person(0)] });
		expect(result.error).toBeUndefined();
		expect(sandbox.creates()).toHaveLength(1);
		expect(sandbox.createdByEmail.get('user0@example.com')).toBe(1);
		expect(sandbox.listRequests().length).toBeGreaterThanOrEqual(1);
		expect(result.items![0].json).toMatchObject({ id: sandbox.users[0].id, email: 'user0@example.com', provisioningStatus: 'created' });
	});

	it('a create that times out after Domo acted is not sent again either', async () => {
		await start({ acceptDuplicateEmails: true });
		// Domo created the user but its answer never comes (held until the sandbox stops): only the
		// Timeout can end the wait, however long the machine takes.
		sandbox.fault({ method: 'POST', path: '/v1/users', times: 1, when: 'after', action: { type: 'hold', until: NEVER } });
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: { timeout: 1000 } }), items: [person(0)] });
		expect(result.error).toBeUndefined();
		expect(sandbox.listRequests().length).toBeGreaterThanOrEqual(1);
		expect(sandbox.creates()).toHaveLength(1);
		expect(sandbox.createdByEmail.get('user0@example.com')).toBe(1);
		expect(result.items![0].json).toMatchObject({ email: 'user0@example.com', provisioningStatus: 'created' });
	});

	it('with Return Existing, a lost answer makes the node read the directory again rather than trust its copy', async () => {
		await start({ acceptDuplicateEmails: true });
		sandbox.fault({ method: 'POST', path: '/v1/users', times: 1, when: 'after', action: { type: 'reset' } });
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: { ...RETURN_EXISTING, timeout: 500 } }), items: [person(0), person(1)] });
		expect(result.error).toBeUndefined();
		// Read for item 0, read again after its lost answer; item 1 uses the fresh copy.
		expect(sandbox.listRequests()).toHaveLength(2);
		expect(sandbox.creates()).toHaveLength(2);
		expect(sandbox.duplicates()).toEqual([]);
		expect(result.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'created']);
	});

	it('a 5xx on create is looked up before the create is repeated, then the user is created once', async () => {
		await start({ acceptDuplicateEmails: true });
		sandbox.fault({
			method: 'POST',
			path: '/v1/users',
			times: 1,
			when: 'before',
			action: { type: 'respond', response: { status: 503, body: { status: 503, statusReason: 'Service Unavailable', message: 'Try again' } } },
		});
		const result = await runDomo(sandbox, { parameters: mappedParameters(), items: [person(0)] });
		expect(result.error).toBeUndefined();
		const order = sandbox.requests.filter((r) => r.path === '/v1/users').map((r) => r.method);
		expect(order).toEqual(['POST', 'GET', 'POST']);
		expect(sandbox.createdByEmail.get('user0@example.com')).toBe(1);
	});
});
