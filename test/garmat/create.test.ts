import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { testCredential } from '../harness/credentialTest';
import { runNode, TestCredentialsHelper, builtPackage } from '../harness/workflow';
import { GarmatSandbox } from '../sandbox/garmat';
import * as fixtures from './fixtures';
import { fromItems, hires } from './fixtures';

/** Seed 003: the documented request example. */
const SEED_EXAMPLE = {
	name: 'Test User',
	role: 'customer_read_only',
	email: 'user@test.com',
	status: 'active',
	account_id: 'f260f115-f2e6-4dde-bcab-98b10fdb8cf6',
};

let sandbox: GarmatSandbox;
beforeEach(async () => {
	sandbox = new GarmatSandbox();
	await sandbox.start();
});
afterEach(async () => await sandbox.stop());

const credentials = (overrides: ICredentialDataDecryptedObject = {}) => fixtures.credentials(sandbox, overrides);

const fromItem = fromItems();

describe('Garmat: Create User', () => {
	it('sends the seed example, entered in the node fields, exactly as documented', async () => {
		const result = await runNode({
			node: 'garmat',
			parameters: {
				resource: 'user',
				operation: 'create',
				name: 'Test User',
				email: 'user@test.com',
				role: 'customer_read_only',
				additionalFields: { status: 'active', account_id: 'f260f115-f2e6-4dde-bcab-98b10fdb8cf6' },
			},
			items: [{}],
			credentials: credentials({ apiKey: sandbox.adminKey }),
		});
		expect(result.error).toBeUndefined();
		const posts = sandbox.received('POST', '/api/users');
		expect(posts).toHaveLength(1);
		expect(posts[0].query).toEqual({});
		expect(posts[0].headers.authorization).toBe(sandbox.adminKey);
		expect(posts[0].headers['content-type']).toMatch(/application\/json/);
		expect(posts[0].body).toEqual(SEED_EXAMPLE);
		expect(result.items![0].json).toMatchObject({ ...SEED_EXAMPLE, provisioningStatus: 'created' });
		expect(result.items![0].json.id).toEqual(expect.any(String));
	});

	it('leaves optional fields off the wire when they are not set', async () => {
		const result = await runNode({ node: 'garmat', parameters: fromItem, items: [{ name: 'Ann', email: 'ann@example.com' }], credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(sandbox.received('POST', '/api/users')[0].body).toEqual({ name: 'Ann', email: 'ann@example.com', role: 'customer_read_only' });
	});

	it('shows Garmat\'s own reason when it refuses a request', async () => {
		const result = await runNode({
			node: 'garmat',
			parameters: fromItems({ additionalFields: { account_id: 'f260f115-f2e6-4dde-bcab-98b10fdb8cf6' } }),
			items: [{ name: 'Ann', email: 'ann@example.com' }],
			credentials: credentials(),
		});
		expect(result.error?.message).toBe('account_id is only valid for Garmat admins');
		expect(result.error?.description).toContain('HTTP 400');
		expect(result.error?.httpCode).toBe('400');
	});

	it('rejects an unknown role before any request, naming the field and the item', async () => {
		const result = await runNode({
			node: 'garmat',
			parameters: fromItem,
			items: [{ name: 'Ann', email: 'ann@example.com' }, { name: 'Bob', email: 'bob@example.com', role: 'owner' }],
			credentials: credentials(),
		});
		expect(result.error?.message).toBe('Invalid "Role" in item 1: must be one of: customer_read_only, customer_admin');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('reports a wrong API key with Garmat\'s message and a hint, without the key', async () => {
		const result = await runNode({ node: 'garmat', parameters: fromItem, items: [{ name: 'Ann', email: 'ann@example.com' }], credentials: credentials({ apiKey: 'wrong-key-123456' }) });
		expect(result.error?.message).toBe('Unauthorized');
		expect(result.error?.description).toContain('Check the API key');
		expect(JSON.stringify(result.error)).not.toContain('wrong-key-123456');
	});

	describe('with a session token', () => {
		it('exchanges the key once, reuses the token across items and executions, and exchanges again after a 401', async () => {
			const pkg = await builtPackage();
			const helper = new TestCredentialsHelper(pkg);
			const cred = credentials({ authentication: 'sessionToken' });
			const first = await runNode({ node: 'garmat', parameters: fromItems({ options: { concurrency: 3 } }), items: hires(0, 6), credentials: cred, helper });
			expect(first.error).toBeUndefined();
			expect(sandbox.received('POST', '/api/authenticate')).toHaveLength(1);
			const token = helper.stored(cred.id)?.sessionToken;
			expect(sandbox.received('POST', '/api/users').every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);

			// The next execution reuses the stored token; then Garmat expires it.
			sandbox.expireSessions();
			const second = await runNode({ node: 'garmat', parameters: fromItem, items: hires(6, 3), credentials: { id: cred.id, type: cred.type }, helper });
			expect(second.error).toBeUndefined();
			expect(second.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'created', 'created']);
			expect(sandbox.received('POST', '/api/authenticate')).toHaveLength(2);
			expect(sandbox.duplicates()).toEqual([]);
			expect(sandbox.users).toHaveLength(9);
		});

		it('fails clearly when the key cannot be exchanged', async () => {
			const result = await runNode({ node: 'garmat', parameters: fromItem, items: [{ name: 'Ann', email: 'ann@example.com' }], credentials: credentials({ authentication: 'sessionToken', apiKey: 'not-a-key-000' }) });
			expect(result.error?.message).toBe('Invalid API key');
			expect(result.error?.description).toContain('HTTP 401');
			expect(JSON.stringify(result.error)).not.toContain('not-a-key-000');
			expect(sandbox.received('POST', '/api/users')).toHaveLength(0);
		});
	});

	describe('If User Exists: Return Existing', () => {
		it('pages through the users and matches the email trimmed and case-insensitively', async () => {
			for (let i = 0; i < 150; i++) sandbox.seedUser({ email: `staff${i}@example.com` });
			const existing = sandbox.seedUser({ email: 'Late.Hire@Example.com', name: 'Late Hire' });
			const result = await runNode({
				node: 'garmat',
				parameters: fromItems({ options: { ifUserExists: 'returnExisting' } }),
				items: [{ name: 'Late Hire', email: '  late.hire@example.com ' }],
				credentials: credentials(),
			});
			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toMatchObject({ id: existing.id, provisioningStatus: 'existing' });
			expect(sandbox.received('GET', '/api/users').map((r) => r.query.page)).toEqual(['1', '2']);
			expect(sandbox.received('POST', '/api/users')).toHaveLength(0);
		});

		it('creates the user when no page has the email', async () => {
			for (let i = 0; i < 120; i++) sandbox.seedUser({ email: `staff${i}@example.com` });
			const result = await runNode({ node: 'garmat', parameters: fromItems({ options: { ifUserExists: 'returnExisting' } }), items: [{ name: 'New', email: 'new@example.com' }], credentials: credentials() });
			expect(result.items![0].json.provisioningStatus).toBe('created');
			expect(sandbox.createdByEmail.get('new@example.com')).toBe(1);
		});
	});

	it('retries Garmat\'s rate limiting (429 and 422 "API limit reached") and creates everyone once', async () => {
		await sandbox.stop();
		// Calls 3 and 4 are refused whatever the window, so the run meets the limit by construction.
		sandbox = new GarmatSandbox({ rateLimit: { limit: 4, windowMs: 1000, style: '422', refuse: [3, 4] } });
		await sandbox.start();
		const result = await runNode({ node: 'garmat', parameters: fromItems({ options: { concurrency: 2 } }), items: hires(0, 10), credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(10);
		expect(sandbox.rateLimited).toBeGreaterThanOrEqual(2);
		expect(sandbox.refusals[0].response).toMatchObject({ status: 422, body: { error: 'API limit reached' } });
		expect(sandbox.received('POST', '/api/users')).toHaveLength(10 + sandbox.rateLimited);
		expect(sandbox.users).toHaveLength(10);
		expect(sandbox.duplicates()).toEqual([]);
	});
});

describe('Garmat credential Test', () => {
	it('succeeds with the right key in both authentication modes', async () => {
		expect((await testCredential('garmatApi', { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.apiKey, sessionToken: '' })).status).toBe(200);
		expect((await testCredential('garmatApi', { baseUrl: `${sandbox.url}/`, authentication: 'sessionToken', apiKey: sandbox.apiKey, sessionToken: '' })).status).toBe(200);
	});

	it('fails with a wrong key', async () => {
		const apiKey = await testCredential('garmatApi', { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: 'nope-nope', sessionToken: '' });
		expect(apiKey.status).toBe(401);
		expect(apiKey.body).toEqual({ error: 'Unauthorized' });
		const session = await testCredential('garmatApi', { baseUrl: sandbox.url, authentication: 'sessionToken', apiKey: 'nope-nope', sessionToken: '' });
		expect(session.preAuthenticationError).toBeDefined();
		expect(session.status).toBe(401);
	});
});
