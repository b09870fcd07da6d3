import axios from 'axios';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DomoSandbox } from '../sandbox/domo';
import { builtPackage, TestCredentialsHelper } from '../harness/workflow';
import { mappedParameters, person, runDomo } from './run';

describe('Domo: the token is exchanged once and renewed once (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('a batch costs one token request, even with concurrency', async () => {
		const items = Array.from({ length: 12 }, (_, i) => person(i));
		const result = await runDomo(sandbox, { parameters: mappedParameters({ options: { concurrency: 5 } }), items });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(12);
		expect(sandbox.tokenRequests()).toHaveLength(1);
		const [token] = sandbox.tokens;
		expect(new Set(sandbox.creates().map((r) => r.headers.authorization))).toEqual(new Set([`bearer ${token}`]));
	});

	it('the token is kept in the credential and reused by the next execution', async () => {
		const helper = new TestCredentialsHelper(await builtPackage());
		await runDomo(sandbox, { parameters: mappedParameters(), items: [person(0)], helper });
		// The first run stored the credential with the token it fetched.
		const [token] = sandbox.tokens;
		expect(helper.stored('domo-1')?.accessToken).toBe(token);

		const second = await runDomo(sandbox, { parameters: mappedParameters(), items: [person(1)], helper });
		expect(second.error).toBeUndefined();
		expect(sandbox.tokenRequests()).toHaveLength(1);
		expect(sandbox.creates()[1].headers.authorization).toBe(`bearer ${token}`);
	});

	it('after the token expires, a 401 renews it once and the create is sent again, creating the user once', async () => {
		const helper = new TestCredentialsHelper(await builtPackage());
		await runDomo(sandbox, { parameters: mappedParameters(), items: [person(0)], helper });
		const [oldToken] = sandbox.tokens;
		sandbox.expireTokens();

		const result = await runDomo(sandbox, { parameters: mappedParameters(), items: [person(1), person(2)], helper });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.provisioningStatus)).toEqual(['created', 'created']);
		expect(sandbox.tokenRequests()).toHaveLength(2);
		const [newToken] = sandbox.tokens;
		expect(newToken).not.toBe(oldToken);
		// The refused create, its repeat with the new token, then item 2 with the new token.
		expect(sandbox.creates().slice(1).map((r) => [r.body.email, r.headers.authorization])).toEqual([
			['user1@example.com', `bearer ${oldToken}`],
			['user1@example.com', `bearer ${newToken}`],
			['user2@example.com', `bearer ${newToken}`],
		]);
		expect(helper.stored('domo-1')?.accessToken).toBe(newToken);
		expect(sandbox.duplicates()).toEqual([]);
	});

	it('a 401 that a new token does not cure fails after one renewal, with Domo\'s message', async () => {
		sandbox.fault({
			method: 'POST',
			path: '/v1/users',
			times: Infinity,
			when: 'before',
			action: { type: 'respond', response: { status: 401, body: { error: 'invalid_token', error_description: 'Access token expired or invalid' } } },
		});
		const result = await runDomo(sandbox, { parameters: mappedParameters(), items: [person(0)] });
		expect(result.error?.message).toBe('Access token expired or invalid');
		expect(result.error?.httpCode).toBe('401');
		expect(sandbox.tokenRequests()).toHaveLength(2);
		expect(sandbox.creates()).toHaveLength(2);
	});

	it('a wrong client secret is refused at the token endpoint, and no create is sent', async () => {
		const result = await runDomo(sandbox, { parameters: mappedParameters(), items: [person(0)], credentials: { clientSecret: 'wrong-secret-0000' } });
		expect(result.error?.message).toBe('Bad client credentials');
		expect(sandbox.creates()).toHaveLength(0);
		// n8n-core retries the exchange once after a 401, then stops.
		expect(sandbox.tokenRequests()).toHaveLength(2);
	});
});

/**
 * The credential's Test button: n8n runs preAuthentication, then sends the `test` request with
 * `authenticate` applied. Done here with the harness's TestCredentialsHelper (as n8n's
 * CredentialsHelper would) and axios for the HTTP, since the tester itself lives in n8n's server.
 */
describe('Domo: the credential test request', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	async function send(options: IHttpRequestOptions) {
		return await axios.request({
			method: options.method ?? 'GET',
			baseURL: options.baseURL,
			url: options.url,
			params: options.qs,
			headers: options.headers as Record<string, string>,
			auth: options.auth ? { username: options.auth.username ?? '', password: options.auth.password ?? '' } : undefined,
			data: options.body,
			validateStatus: () => true,
		});
	}

	async function testCredential(clientSecret: string) {
		const pkg = await builtPackage();
		const helper = new TestCredentialsHelper(pkg);
		const type = pkg.credentialType('domoApi');
		const node: INode = {
			id: 'credential-test',
			name: 'Credential Test',
			type: pkg.typeName('domo'),
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { domoApi: { id: 'domo-test', name: 'Sandbox' } },
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes: pkg.nodeTypes, active: false });
		const credentials: ICredentialDataDecryptedObject = { clientId: sandbox.clientId, clientSecret, apiHost: `${sandbox.url}/`, accessToken: '' };
		helper.set('domo-test', 'domoApi', credentials);

		const httpRequest = async (options: IHttpRequestOptions) => {
			const response = await send(options);
			if (response.status >= 400) throw Object.assign(new Error(`HTTP ${response.status}`), { response });
			return response.data;
		};
		try {
			await helper.preAuthentication({ helpers: { httpRequest } }, credentials, 'domoApi', node, false);
		} catch (error) {
			return { stage: 'token' as const, status: (error as { response: { status: number; data: unknown } }).response.status, body: (error as { response: { data: unknown } }).response.data };
		}
		const request = { ...type.test!.request } as IHttpRequestOptions;
		request.baseURL = String(
			workflow.expression.getSimpleParameterValue(node, String(request.baseURL), 'internal', { $credentials: credentials }, undefined, ''),
		);
		const authenticated = await helper.authenticate(credentials, 'domoApi', request, workflow, node);
		const response = await send(authenticated);
		return { stage: 'test' as const, status: response.status, body: response.data as unknown };
	}

	it('succeeds with the right secret: GET {host}/v1/users?limit=1 with the bearer token', async () => {
		const outcome = await testCredential(sandbox.clientSecret);
		expect(outcome).toMatchObject({ stage: 'test', status: 200 });
		const [listed] = sandbox.listRequests();
		expect(listed.query).toEqual({ limit: '1' });
		expect(listed.headers.authorization).toBe(`bearer ${[...sandbox.tokens][0]}`);
	});

	it('fails with a wrong secret, with the OAuth error', async () => {
		const outcome = await testCredential('not-the-secret');
		expect(outcome).toEqual({ stage: 'token', status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } });
		expect(sandbox.listRequests()).toHaveLength(0);
	});
});
