import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkEndpoint } from '../nodes/shared/endpoint';

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/**
 * Luzmo has no auth header: every call is a JSON body that carries the API key and token with
 * `version: "0.1.0"` (https://developer.luzmo.com/guide/api--connect). The key-token pair only
 * works against the region it was issued for.
 */
export class LuzmoApi implements ICredentialType {
	name = 'luzmoApi';

	displayName = 'Luzmo API';

	icon = { light: 'file:../nodes/Luzmo/luzmo.svg', dark: 'file:../nodes/Luzmo/luzmo.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-user-provisioning/n8n-nodes-user-provisioning/blob/main/docs/luzmo.md#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Key of an API key-token pair of an organization owner, created in your Luzmo profile settings',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Token of the same pair. Never leave it empty: Luzmo puts a user created without a token in a brand-new organization.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			// The values are the API hosts themselves, so the node and the test request read one field.
			options: [
				{ name: 'Custom Host (VPC)', value: 'custom', description: 'A dedicated Luzmo host, e.g. a VPC' },
				{ name: 'EU', value: 'https://api.luzmo.com', description: 'https://api.luzmo.com' },
				{ name: 'US', value: 'https://api.us.luzmo.com', description: 'https://api.us.luzmo.com' },
			],
			default: 'https://api.luzmo.com',
			description: 'Where your Luzmo organization lives; a key-token pair only works in the region it was issued for',
		},
		{
			displayName: 'Custom Host',
			name: 'customHost',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.myvpc.luzmo.com',
			description: 'Root of your Luzmo API, with https:// and without /0.1.0',
			displayOptions: { show: { region: ['custom'] } },
		},
	];

	/**
	 * Adds key, token and version to the body, as a generic `authenticate` would, after two checks
	 * no declarative one can make, for every request that uses this credential (the nodes, the Test
	 * button, an HTTP Request node): a Custom Host that is no API address is refused naming the
	 * field, and a request is never sent without a key and token, which Luzmo would answer, for a
	 * create, with a brand-new organization.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		if (credentials.region === 'custom') {
			const host = checkEndpoint(credentials.customHost, { vendor: 'Luzmo', field: 'Custom Host', example: 'https://api.myvpc.luzmo.com' });
			if (host.problem !== undefined) throw new Error(host.problem);
		}
		if (isBlank(credentials.apiKey) || isBlank(credentials.apiToken)) {
			throw new Error('The Luzmo credential has an empty API Key or API Token: fill in both. Nothing was sent (Luzmo would put a user created without them in a brand-new organization).');
		}
		const body = requestOptions.body && typeof requestOptions.body === 'object' && !Array.isArray(requestOptions.body) ? (requestOptions.body as IDataObject) : {};
		return { ...requestOptions, body: { ...body, key: credentials.apiKey, token: credentials.apiToken, version: '0.1.0' } };
	}

	// A read of one user of the organization: cheap, and refused with a wrong key or token.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String(($credentials.region === "custom" ? $credentials.customHost : $credentials.region) || "").trim().replace(/\\/+$/, "")}}',
			url: '/0.1.0/user',
			method: 'POST',
			body: { action: 'get', find: { limit: 1 } },
		},
	};
}
