import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			body: {
				key: '={{$credentials.apiKey}}',
				token: '={{$credentials.apiToken}}',
				version: '0.1.0',
			},
		},
	};

	// A read of one user of the organization: cheap, and refused with a wrong key or token.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.region === "custom" ? $credentials.customHost : $credentials.region).replace(/\\/+$/, "")}}',
			url: '/0.1.0/user',
			method: 'POST',
			body: { action: 'get', find: { limit: 1 } },
		},
	};
}
