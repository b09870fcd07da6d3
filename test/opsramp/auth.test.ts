import { builtPackage, runNode, TestCredentialsHelper } from '../harness/workflow';
import { OpsRampSandbox } from '../sandbox/opsramp';
import { testCredential } from './contexts';
import { credentialData, credentials, fromItems, hire, TENANT } from './fixtures';

describe('OpsRamp: credential (OAuth2 client credentials)', () => {
	let sandbox: OpsRampSandbox;
	beforeEach(async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('fetches the token form-encoded, once, and reuses it across items and executions', async () => {
		const helper = new TestCredentialsHelper(await builtPackage());
		const credential = credentials(sandbox);

		const first = await runNode({ node: 'opsramp', parameters: fromItems(), items: [hire(1), hire(2), hire(3)], credentials: credential, helper });
		const second = await runNode({ node: 'opsramp', parameters: fromItems(), items: [hire(4)], credentials: { id: credential.id, type: credential.type }, helper });

		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		const tokenRequests = sandbox.tokenRequests();
		expect(tokenRequests).toHaveLength(1);
		const [token] = tokenRequests;
		expect(token.path).toBe('/auth/oauth/token');
		expect(token.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(token.headers.accept).toBe('application/json');
		expect(Object.fromEntries(new URLSearchParams(token.rawBody))).toEqual({
			grant_type: 'client_credentials',
			client_id: sandbox.clientId,
			client_secret: sandbox.clientSecret,
		});
		const issued = [...sandbox.tokens][0];
		expect(helper.stored(credential.id)?.accessToken).toBe(issued);
		expect(sandbox.creates().map((r) => r.headers.authorization)).toEqual(Array(4).fill(`Bearer ${issued}`));
	});

	it('uses the token path of the credential (the v2 reference\'s /tenancy/auth/oauth/token)', async () => {
		const result = await runNode({
			node: 'opsramp',
			parameters: fromItems(),
			items: [hire(1)],
			credentials: credentials(sandbox, { authPath: '/tenancy/auth/oauth/token', host: `${sandbox.url}/` }),
		});

		expect(result.error).toBeUndefined();
		expect(sandbox.tokenRequests().map((r) => r.path)).toEqual(['/tenancy/auth/oauth/token']);
	});

	it('after the token expires, a 401 fetches a new token once and the create is sent again, once', async () => {
		const helper = new TestCredentialsHelper(await builtPackage());
		const credential = credentials(sandbox);
		await runNode({ node: 'opsramp', parameters: fromItems(), items: [hire(1)], credentials: credential, helper });
		const oldToken = helper.stored(credential.id)?.accessToken;
		sandbox.expireTokens();

		const result = await runNode({ node: 'opsramp', parameters: fromItems(), items: [hire(2)], credentials: { id: credential.id, type: credential.type }, helper });

		expect(result.error).toBeUndefined();
		expect(result.items![0].json).toMatchObject({ email: 'hire2@example.com', provisioningStatus: 'created' });
		expect(sandbox.tokenRequests()).toHaveLength(2);
		const newToken = helper.stored(credential.id)?.accessToken;
		expect(newToken).not.toBe(oldToken);
		const attempts = sandbox.creates().filter((r) => JSON.parse(r.rawBody).email === 'hire2@example.com');
		expect(attempts.map((r) => r.headers.authorization)).toEqual([`Bearer ${oldToken}`, `Bearer ${newToken}`]);
		expect(sandbox.createdByEmail.get('hire2@example.com')).toBe(1);
	});

	it('a wrong secret fails with OpsRamp\'s message and a hint, sends no create, and never shows the secret', async () => {
		const result = await runNode({
			node: 'opsramp',
			parameters: fromItems(),
			items: [hire(1)],
			credentials: credentials(sandbox, { clientSecret: 'wrong-secret-value-123' }),
		});

		expect(result.error?.message).toBe('Bad client credentials');
		expect(result.error?.description).toContain('OpsRamp answered HTTP 401 Unauthorized');
		expect(result.error?.description).toContain('Check the API Host URL, Key, Secret and Token Path');
		expect(sandbox.creates()).toHaveLength(0);
		expect(sandbox.createdByEmail.size).toBe(0);
		const { node: _node, ...recorded } = JSON.parse(JSON.stringify(result.run.data.resultData.error)) as Record<string, unknown>;
		expect(JSON.stringify(recorded)).not.toContain('wrong-secret-value-123');
	});

	describe('the credential dialog\'s Test button', () => {
		it('succeeds with the right secret and a tenant: one search of the tenant\'s users', async () => {
			const result = await testCredential(credentialData(sandbox, { tenantId: TENANT }));

			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			const [search] = sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`);
			expect(search.query).toEqual({ pageNo: '1', pageSize: '1' });
			expect(search.headers.authorization).toBe(`Bearer ${[...sandbox.tokens][0]}`);
		});

		it('succeeds without a tenant: the tenant-free Get Timezones API', async () => {
			const result = await testCredential(credentialData(sandbox));

			expect(result.status).toBe('OK');
			expect(sandbox.received('GET', '/api/v2/cfg/timezones')).toHaveLength(1);
		});

		it('fails with a wrong secret', async () => {
			const result = await testCredential(credentialData(sandbox, { clientSecret: 'wrong', tenantId: TENANT }));

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/401|Unauthorized/);
			expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`)).toHaveLength(0);
		});

		it('fails with a tenant the integration cannot reach', async () => {
			const result = await testCredential(credentialData(sandbox, { tenantId: 'client_99' }));

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/404|Not Found/);
		});
	});
});
