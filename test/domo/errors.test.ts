import { DomoSandbox } from '../sandbox/domo';
import { mappedParameters, person, runDomo } from './run';

describe('Domo: vendor errors reach the user in Domo\'s words (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('shows the message of a { status, statusReason, message } answer', async () => {
		sandbox.seedUser({ email: 'user0@example.com' });
		const result = await runDomo(sandbox, { parameters: mappedParameters(), items: [person(0)] });
		expect(result.items).toBeUndefined();
		expect(result.error?.message).toBe('A user with email user0@example.com already exists');
		expect(result.error?.description).toContain('Domo answered HTTP 400 Bad Request.');
		expect(result.error?.httpCode).toBe('400');
		expect(sandbox.creates()).toHaveLength(1);
		expect(sandbox.createdByEmail.size).toBe(0);
	});

	it('shows the error_description of an OAuth answer (a wrong client secret), and never the secret', async () => {
		const secret = 'wrong-secret-9f8e7d6c5b';
		const result = await runDomo(sandbox, { parameters: mappedParameters(), items: [person(0)], credentials: { clientSecret: secret } });
		expect(result.items).toBeUndefined();
		expect(result.error?.message).toBe('Bad client credentials');
		expect(result.error?.description).toContain('Check the Client ID and Client Secret in the Domo credential.');
		expect(sandbox.creates()).toHaveLength(0);
		const shown = JSON.stringify({ message: result.error?.message, description: result.error?.description, context: result.error?.context });
		expect(shown).not.toContain(secret);
		expect(shown).not.toContain(Buffer.from(`${sandbox.clientId}:${secret}`).toString('base64'));
	});

	it('shows a Forbidden answer with its hint', async () => {
		sandbox.fault({
			method: 'POST',
			path: '/v1/users',
			times: 1,
			when: 'before',
			action: { type: 'respond', response: { status: 403, body: { status: 403, statusReason: 'Forbidden', message: 'Not allowed to create users' } } },
		});
		const result = await runDomo(sandbox, { parameters: mappedParameters(), items: [person(0)] });
		expect(result.error?.message).toBe('Not allowed to create users');
		expect(result.error?.description).toContain('needs the "user" scope');
		expect(sandbox.createdByEmail.size).toBe(0);
	});

	it('Continue On Fail keeps the batch going: one output item per input item, paired, in order', async () => {
		sandbox.seedUser({ email: 'user1@example.com' });
		const items = [person(0), person(1), person(2), person(3, { email: 'bad' }), person(4)];
		const result = await runDomo(sandbox, {
			parameters: mappedParameters({ options: { concurrency: 3 } }),
			items,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		expect(result.items!.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(result.items![1].json).toMatchObject({ error: 'A user with email user1@example.com already exists', httpCode: '400' });
		expect(result.items![3].json.error).toBe('Invalid "Email" in item 3: must be a valid email address');
		for (const i of [0, 2, 4]) expect(result.items![i].json).toMatchObject({ email: `user${i}@example.com`, provisioningStatus: 'created' });
		expect([...sandbox.createdByEmail.keys()].sort()).toEqual(['user0@example.com', 'user2@example.com', 'user4@example.com']);
	});

	it('without Continue On Fail, the first failure stops the node with that item\'s error', async () => {
		sandbox.seedUser({ email: 'user1@example.com' });
		// One item at a time (Concurrency 1): with more in flight, items already started finish.
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: { concurrency: 1 } }), items: [person(0), person(1), person(2)] });
		expect(result.items).toBeUndefined();
		expect(result.error?.message).toBe('A user with email user1@example.com already exists');
		// Items after the failing one are not started.
		expect(sandbox.createdByEmail.has('user2@example.com')).toBe(false);
	});
});
