import { runNode } from '../harness/workflow';
import { OpsRampSandbox } from '../sandbox/opsramp';
import { NEVER } from '../sandbox/toolkit';
import { credentials, fromItems, hire, SEED_EXAMPLE_BODY, seedExampleParameters, TENANT } from './fixtures';

describe('OpsRamp: Create User (workflow, real HTTP)', () => {
	let sandbox: OpsRampSandbox;
	beforeEach(async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('sends the seed document\'s example request exactly as documented', async () => {
		const result = await runNode({ node: 'opsramp', parameters: seedExampleParameters(), items: [{}], credentials: credentials(sandbox) });

		expect(result.error).toBeUndefined();
		const creates = sandbox.creates();
		expect(creates).toHaveLength(1);
		const [post] = creates;
		expect(post.method).toBe('POST');
		expect(post.path).toBe('/api/v2/tenants/client_16/users');
		expect(post.query).toEqual({});
		expect(post.headers['content-type']).toMatch(/^application\/json/);
		expect(post.headers.accept).toMatch(/application\/json/);
		const [token] = sandbox.tokenRequests();
		expect(post.headers.authorization).toBe(`Bearer ${[...sandbox.tokens][0]}`);
		expect(token).toBeDefined();
		expect(JSON.parse(post.rawBody)).toEqual(SEED_EXAMPLE_BODY);
	});

	it('outputs the user OpsRamp returned, without the password, marked as created', async () => {
		const result = await runNode({ node: 'opsramp', parameters: seedExampleParameters(), items: [{}], credentials: credentials(sandbox) });

		expect(result.items).toHaveLength(1);
		const [item] = result.items!;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			id: sandbox.users[0].id,
			loginName: 'ScarletJohn',
			orgId: TENANT,
			status: 'active',
			authType: 'LOCAL',
			timeZone: { id: '12', name: 'Europe/Istanbul', label: 'GMT +03:00 Istanbul', code: 'TRT' },
			roles: expect.arrayContaining([{ id: 4, name: 'Client Administrator' }]),
			provisioningStatus: 'created',
		});
		expect(JSON.stringify(item.json)).not.toContain('ChangeMe@1234');
	});

	it('puts every optional parameter on the wire under its documented name and shape', async () => {
		const result = await runNode({
			node: 'opsramp',
			parameters: {
				...fromItems(),
				tenantId: 'msp_15',
				additionalFields: {
					password: 'S3cret!pass',
					changePassword: true,
					designation: 'Engineer',
					address: '1 Main St',
					city: 'Austin',
					state: 'TX',
					zip: 73301,
					country: 'United States',
					altEmail: 'ada.alt@example.com',
					phoneNumber: '512-555-0100',
					mobileNumber: '512-555-0101',
					timeZone: { value: { code: 'EST', name: '' } },
					userNotifications: {
						notification: [{ notifyType: 'Alert Notification', notifyMethod: 'Email', notifyInputType: 'Primary Email', notifyRecurringReport: true }],
					},
					roles: ['Client User'],
					userGroupType: 'NONE',
					userAccountType: 'BUSINESS',
					userAccessTypes: ['API_USER', 'PORTAL_USER'],
				},
			},
			items: [{ loginName: 'ada', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }],
			credentials: credentials(sandbox),
		});

		expect(result.error).toBeUndefined();
		const [post] = sandbox.creates();
		expect(post.path).toBe('/api/v2/tenants/msp_15/users');
		expect(JSON.parse(post.rawBody)).toEqual({
			loginName: 'ada',
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			password: 'S3cret!pass',
			changePassword: true,
			designation: 'Engineer',
			address: '1 Main St',
			city: 'Austin',
			state: 'TX',
			zip: '73301',
			country: 'United States',
			altEmail: 'ada.alt@example.com',
			phoneNumber: '512-555-0100',
			mobileNumber: '512-555-0101',
			timeZone: { code: 'EST' },
			userNotifications: [{ notifyType: 'Alert Notification', notifyMethod: 'Email', notifyInputType: 'Primary Email', notifyRecurringReport: true }],
			roles: [{ name: 'Client User' }],
			userGroupType: 'NONE',
			userAccountType: 'BUSINESS',
			userAccessTypes: ['API_USER', 'PORTAL_USER'],
		});
		expect(result.items![0].json).toMatchObject({ timeZone: { code: 'EST', name: 'America/New_York' }, userAccountType: 'BUSINESS' });
	});

	it('sends only the required fields when nothing else is given', async () => {
		await runNode({ node: 'opsramp', parameters: fromItems(), items: [hire(1)], credentials: credentials(sandbox) });

		expect(JSON.parse(sandbox.creates()[0].rawBody)).toEqual({ loginName: 'hire1', firstName: 'New', lastName: 'Hire 1', email: 'hire1@example.com' });
	});

	it('shows OpsRamp\'s own message when it refuses the user', async () => {
		sandbox.seedUser(TENANT, { loginName: 'someoneelse', email: 'scarlet@gmail.com' });

		const result = await runNode({ node: 'opsramp', parameters: seedExampleParameters(), items: [{}], credentials: credentials(sandbox) });

		expect(result.items).toBeUndefined();
		expect(result.error?.message).toBe('Email address scarlet@gmail.com is already in use');
		expect(result.error?.description).toContain('OpsRamp answered HTTP 400 Bad Request');
		expect(sandbox.createdByEmail.size).toBe(0);
	});

	it('never shows the new user\'s password, even when OpsRamp quotes it in an error', async () => {
		await sandbox.stop();
		sandbox = new OpsRampSandbox({ echoPasswordInErrors: true });
		await sandbox.start();
		const parameters = fromItems({ additionalFields: { password: 'Quoted#Pass9', roles: ['No Such Role'] } });

		const failed = await runNode({ node: 'opsramp', parameters, items: [hire(1)], credentials: credentials(sandbox) });
		const kept = await runNode({ node: 'opsramp', parameters, items: [hire(2)], credentials: credentials(sandbox), continueOnFail: true });

		expect(sandbox.creates()[0].rawBody).toContain('Quoted#Pass9');
		expect(failed.error?.message).toContain('Role not found: No Such Role');
		expect(failed.error?.message).toContain('[redacted]');
		// Everything n8n records of the error, except the node itself (its parameters are the workflow,
		// where the password was typed).
		const { node: _node, ...recorded } = JSON.parse(JSON.stringify(failed.run.data.resultData.error)) as Record<string, unknown>;
		expect(recorded.errorResponse).toBeDefined();
		expect(JSON.stringify(recorded)).not.toContain('Quoted#Pass9');
		expect(kept.items![0].json.error).toContain('[redacted]');
		expect(JSON.stringify(kept.items)).not.toContain('Quoted#Pass9');
	});

	describe('If User Exists: Return Existing', () => {
		const returnExisting = (extra = {}) => ({ ...fromItems(extra), options: { ifUserExists: 'returnExisting' } });

		it('returns the existing user, found by email, and creates nothing', async () => {
			const existing = sandbox.seedUser(TENANT, { loginName: 'scarlet.j', email: 'Scarlet@Gmail.com', designation: 'Architect' });

			const result = await runNode({
				node: 'opsramp',
				parameters: returnExisting(),
				items: [{ loginName: 'ScarletJohn', firstName: 'Scarlet', lastName: 'John', email: 'scarlet@gmail.com' }],
				credentials: credentials(sandbox),
			});

			expect(result.error).toBeUndefined();
			expect(sandbox.creates()).toHaveLength(0);
			expect(result.items![0].json).toMatchObject({ id: existing.id, designation: 'Architect', provisioningStatus: 'existing' });
			const [search] = sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`);
			expect(search.query).toEqual({ queryString: 'mailId:scarlet@gmail.com', pageNo: '1', pageSize: '100' });
			expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/${existing.id}`)).toHaveLength(1);
		});

		it('matches exactly: a longer email that contains this one is someone else', async () => {
			sandbox.seedUser(TENANT, { loginName: 'jo', email: 'joscarlet@gmail.com' });

			const result = await runNode({
				node: 'opsramp',
				parameters: returnExisting(),
				items: [{ loginName: 'ScarletJohn', firstName: 'Scarlet', lastName: 'John', email: 'scarlet@gmail.com' }],
				credentials: credentials(sandbox),
			});

			expect(result.items![0].json).toMatchObject({ email: 'scarlet@gmail.com', provisioningStatus: 'created' });
			expect(sandbox.createdByEmail.get('scarlet@gmail.com')).toBe(1);
			// The email search found nobody; the tenant's list (no query string) confirms it whatever
			// OpsRamp's search does with letter case; then the login name is checked.
			expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`).map((r) => r.query.queryString)).toEqual([
				'mailId:scarlet@gmail.com',
				undefined,
				'loginName:ScarletJohn',
			]);
		});

		it('refuses a login name that belongs to a user with another email, before any create', async () => {
			const other = sandbox.seedUser(TENANT, { loginName: 'ScarletJohn', email: 'other@example.com' });

			const result = await runNode({
				node: 'opsramp',
				parameters: returnExisting(),
				items: [{ loginName: 'scarletjohn', firstName: 'Scarlet', lastName: 'John', email: 'scarlet@gmail.com' }],
				credentials: credentials(sandbox),
			});

			expect(result.error?.message).toBe(`Login name "scarletjohn" already belongs to another OpsRamp user (${other.id})`);
			expect(sandbox.creates()).toHaveLength(0);
		});

		// Found by fast-check (FC_SEED=71151433): OpsRamp's query syntax reads "+" as a separator.
		it('a login name with "+" is not searched (it would break the query): the email search decides', async () => {
			const result = await runNode({
				node: 'opsramp',
				parameters: returnExisting(),
				items: [{ loginName: 'scarlet+john', firstName: 'Scarlet', lastName: 'John', email: 'scarlet@gmail.com' }],
				credentials: credentials(sandbox),
			});

			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toMatchObject({ loginName: 'scarlet+john', provisioningStatus: 'created' });
			expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`).map((r) => r.query.queryString)).toEqual(['mailId:scarlet@gmail.com']);
		});

		it('"+" in both the email and the login name: neither is searched, the tenant\'s list finds the user, nothing created', async () => {
			const existing = sandbox.seedUser(TENANT, { loginName: 'scarlet+john', email: 'Scarlet+Work@gmail.com' });
			const result = await runNode({
				node: 'opsramp',
				parameters: returnExisting(),
				items: [{ loginName: 'scarlet+john', firstName: 'Scarlet', lastName: 'John', email: 'scarlet+work@gmail.com' }],
				credentials: credentials(sandbox),
			});

			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toMatchObject({ id: existing.id, provisioningStatus: 'existing' });
			expect(sandbox.creates()).toHaveLength(0);
			expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`).map((r) => r.query.queryString)).toEqual([undefined]);
		});
	});

	it('Continue On Fail: one output item per input, paired, the batch goes on', async () => {
		sandbox.seedUser(TENANT, { loginName: 'taken', email: 'hire3@example.com' });

		const result = await runNode({
			node: 'opsramp',
			parameters: fromItems(),
			items: [hire(1), { ...hire(2), email: 'not-an-email' }, hire(3), hire(4)],
			credentials: credentials(sandbox),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.items!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items![0].json).toMatchObject({ email: 'hire1@example.com', provisioningStatus: 'created' });
		expect(result.items![1].json.error).toBe('Invalid "Email" in item 1: must be a valid email address');
		expect(result.items![2].json).toMatchObject({ error: 'Email address hire3@example.com is already in use', httpCode: '400' });
		expect(result.items![3].json).toMatchObject({ email: 'hire4@example.com', provisioningStatus: 'created' });
		expect(sandbox.creates()).toHaveLength(3);
		expect(sandbox.duplicates()).toEqual([]);
	});

	describe('a create whose answer is lost is not sent again blindly', () => {
		it('connection reset after OpsRamp created the user: looked up, output once', async () => {
			sandbox.fault({ method: 'POST', path: `/api/v2/tenants/${TENANT}/users`, times: 1, when: 'after', action: { type: 'reset' } });

			const result = await runNode({
				node: 'opsramp',
				parameters: { ...fromItems(), options: { timeout: 1000 } },
				items: [hire(1)],
				credentials: credentials(sandbox),
			});

			expect(result.error).toBeUndefined();
			expect(sandbox.creates()).toHaveLength(1);
			expect(sandbox.createdByEmail.get('hire1@example.com')).toBe(1);
			expect(result.items![0].json).toMatchObject({ id: sandbox.users[0].id, email: 'hire1@example.com', provisioningStatus: 'created' });
		});

		it('answer slower than the timeout: looked up, output once', async () => {
			// The answer never comes (held until the sandbox stops): only the Timeout can end the wait.
			sandbox.fault({ method: 'POST', path: `/api/v2/tenants/${TENANT}/users`, times: 1, when: 'after', action: { type: 'hold', until: NEVER } });

			const result = await runNode({
				node: 'opsramp',
				parameters: { ...fromItems(), options: { timeout: 1000 } },
				items: [hire(1)],
				credentials: credentials(sandbox),
			});

			expect(result.error).toBeUndefined();
			expect(sandbox.creates()).toHaveLength(1);
			expect(sandbox.duplicates()).toEqual([]);
			expect(result.items![0].json).toMatchObject({ email: 'hire1@example.com', provisioningStatus: 'created' });
		});

		it('a lost create that did not happen is sent again after the lookup found nobody', async () => {
			sandbox.fault({ method: 'POST', path: `/api/v2/tenants/${TENANT}/users`, times: 1, when: 'before', action: { type: 'reset' } });

			const result = await runNode({ node: 'opsramp', parameters: fromItems(), items: [hire(1)], credentials: credentials(sandbox) });

			expect(result.error).toBeUndefined();
			expect(sandbox.creates()).toHaveLength(2);
			expect(sandbox.createdByEmail.get('hire1@example.com')).toBe(1);
			expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`).length).toBeGreaterThan(0);
		});
	});
});
