import axios from 'axios';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { builtPackage, TestCredentialsHelper } from '../harness/workflow';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { createUsers, luzmoCredential } from './helpers';

/**
 * The credential dialog's Test button, as n8n runs it: the `test` request's expressions resolved
 * against the credential, the generic `authenticate` applied by the credentials helper, then sent.
 */
async function testCredential(data: ICredentialDataDecryptedObject) {
	const pkg = await builtPackage();
	const type = pkg.credentialType('luzmoApi');
	const node: INode = {
		id: 'credential-test',
		name: 'Credential Test',
		type: pkg.typeName('luzmo'),
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { luzmoApi: { id: 'test', name: 'Test' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const resolve = (value: unknown) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: data }, undefined, '')
			: value;
	const { request } = type.test!;
	const baseURL = String(resolve(request.baseURL));
	const options: IHttpRequestOptions = {
		url: `${baseURL}${request.url}`,
		method: request.method,
		body: structuredClone(request.body) as IDataObject,
		json: true,
	};
	const authenticated = await new TestCredentialsHelper(pkg).authenticate(data, 'luzmoApi', options, workflow, node);
	const response = await axios.request({
		url: authenticated.url,
		method: authenticated.method,
		data: authenticated.body,
		headers: authenticated.headers as Record<string, string> | undefined,
		validateStatus: () => true,
	});
	return { baseURL, status: response.status, body: response.data as IDataObject };
}

describe('Luzmo credential', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	describe('Test button', () => {
		it('succeeds with the right key and token: a get of one user, the secrets in the body', async () => {
			sandbox.seedUser({ email: 'owner@example.com' });
			const result = await testCredential(luzmoCredential(sandbox).data!);

			expect(result.status).toBe(200);
			expect(result.body).toMatchObject({ count: 1, rows: [{ email: 'owner@example.com' }] });
			expect(sandbox.requests).toHaveLength(1);
			expect(sandbox.requests[0].path).toBe('/0.1.0/user');
			expect(sandbox.requests[0].body).toEqual({
				action: 'get',
				find: { limit: 1 },
				key: sandbox.apiKey,
				token: sandbox.apiToken,
				version: '0.1.0',
			});
		});

		it('fails with a wrong token; with an empty one it says so and sends nothing', async () => {
			const wrong = await testCredential(luzmoCredential(sandbox, { apiToken: 'not-the-token' }).data!);
			expect(wrong.status).toBe(401);
			expect(wrong.body.message).toBe('Invalid API key or token.');

			sandbox.requests.length = 0;
			await expect(testCredential(luzmoCredential(sandbox, { apiToken: ' ' }).data!)).rejects.toThrow('The Luzmo credential has an empty API Key or API Token');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('calls the host of the chosen region, and a custom host without its trailing slash', async () => {
			// Sent to the sandbox as a custom host, so the region checks only resolve the URL.
			const custom = await testCredential(luzmoCredential(sandbox, { customHost: `${sandbox.url}//` }).data!);
			expect(custom.baseURL).toBe(sandbox.url);
			expect(custom.status).toBe(200);

			const pkg = await builtPackage();
			const { baseURL } = pkg.credentialType('luzmoApi').test!.request;
			const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
			const node = { parameters: {} } as INode;
			for (const region of ['https://api.luzmo.com', 'https://api.us.luzmo.com']) {
				const resolved = workflow.expression.getSimpleParameterValue(node, baseURL!, 'internal', { $credentials: { region, customHost: '' } }, undefined, '');
				expect(resolved).toBe(region);
			}
		});
	});

	describe('a create is never sent without a key and token (Luzmo would start a new organization)', () => {
		it('the sandbox does what the document says for such a create', async () => {
			const answer = await axios.post(`${sandbox.url}/0.1.0/user`, { action: 'create', version: '0.1.0', properties: { email: 'x@example.com' } });
			expect(answer.status).toBe(200);
			expect(sandbox.bootstrappedOrganizations).toBe(1);
		});

		it.each([
			['an empty API token', { apiToken: '' }],
			['an empty API key', { apiKey: '' }],
			['a blank API token', { apiToken: '   ' }],
		])('%s: the node fails saying why, and nothing reaches Luzmo', async (_title, data) => {
			const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], {}, { credentials: luzmoCredential(sandbox, data) });

			expect(result.items).toBeUndefined();
			expect(result.error?.message).toContain('empty API key or API token');
			expect(result.error?.message).toContain('brand-new organization');
			expect(result.error?.description).toBe('Fix the Luzmo credential; no request was sent.');
			expect(sandbox.requests).toHaveLength(0);
			expect(sandbox.bootstrappedOrganizations).toBe(0);
		});

		it('a Custom Host region without a host: the node fails saying so', async () => {
			const result = await createUsers(sandbox, [{ email: 'ada@example.com' }], {}, { credentials: luzmoCredential(sandbox, { customHost: '' }) });

			expect(result.error?.message).toBe("The Luzmo credential's Custom Host is empty: enter the address of Luzmo's API, e.g. https://api.myvpc.luzmo.com");
			expect(sandbox.requests).toHaveLength(0);
		});
	});
});
