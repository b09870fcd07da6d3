import { GarmatSandbox } from '../sandbox/garmat';
import { runNode } from '../harness/workflow';

describe('Garmat: Create User (workflow, real HTTP)', () => {
	let sandbox: GarmatSandbox;
	beforeEach(async () => {
		sandbox = new GarmatSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('sends the seed example as documented', async () => {
		const result = await runNode({
			node: 'garmat',
			parameters: {
				resource: 'user',
				operation: 'create',
				name: '={{ $json.name }}',
				email: '={{ $json.email }}',
				role: 'customer_read_only',
				additionalFields: { status: 'active' },
			},
			items: [{ name: 'Test User', email: 'user@test.com' }],
			credentials: { id: 'g1', type: 'garmatApi', data: { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.apiKey, sessionToken: '' } },
		});
		expect(result.error).toBeUndefined();
		const [post] = sandbox.received('POST', '/api/users');
		expect(post.headers.authorization).toBe(sandbox.apiKey);
		expect(post.body).toEqual({ name: 'Test User', role: 'customer_read_only', email: 'user@test.com', status: 'active' });
		expect(result.items).toHaveLength(1);
		expect(result.items![0].json).toMatchObject({ email: 'user@test.com', provisioningStatus: 'created' });
	});
});
