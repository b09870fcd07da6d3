import axios from 'axios';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import { builtPackage } from './workflow';

export interface CredentialTestOutcome {
	status: number;
	body: unknown;
	/** Set when the token exchange itself failed. */
	preAuthenticationError?: string;
}

/**
 * What the credential dialog's Test button does, reduced to its parts: run `preAuthentication`
 * (always, as n8n does when testing), resolve the `test.request` expressions against the
 * credential, apply `authenticate`, and send the request. The real button is exercised against
 * a real n8n by the end-to-end suite.
 */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestOutcome> {
	const pkg = await builtPackage();
	const credentialType = pkg.credentialType(type);
	const helper = new TestCredentialsHelper(pkg);
	const node: INode = {
		id: 'credential-test',
		name: 'Credential Test',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: { temp: '' },
	};
	const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const credentials = { ...data };

	if (typeof credentialType.preAuthentication === 'function') {
		try {
			const output = await credentialType.preAuthentication.call(
				{ helpers: { httpRequest: async (options: IHttpRequestOptions) => (await axios({ ...toAxios(options) })).data } },
				credentials,
			);
			Object.assign(credentials, output);
		} catch (error) {
			const response = (error as { response?: { status: number; data: unknown } }).response;
			return { status: response?.status ?? 0, body: response?.data, preAuthenticationError: (error as Error).message };
		}
	}

	const resolve = (value: unknown): unknown => {
		if (typeof value === 'string' && value.startsWith('=')) {
			return workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
		}
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
		}
		return value;
	};
	const request = resolve(credentialType.test!.request) as IHttpRequestOptions & { baseURL?: string };
	const authenticated = await helper.authenticate(credentials, type, { ...request, url: request.url ?? '' }, workflow, node);
	const response = await axios({ ...toAxios(authenticated), validateStatus: () => true });
	return { status: response.status, body: response.data };
}

function toAxios(options: IHttpRequestOptions) {
	return {
		method: options.method ?? 'GET',
		baseURL: options.baseURL,
		url: options.url,
		params: options.qs,
		data: options.body,
		headers: options.headers as Record<string, string> | undefined,
		auth: options.auth as { username: string; password: string } | undefined,
	};
}
