import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { withAuthorization } from '../nodes/shared/authorization';
import { checkEndpoint } from '../nodes/shared/endpoint';

/**
 * OpsRamp: OAuth2 client credentials from a custom integration (inbound auth type OAUTH2).
 * https://docs.opsramp.com/api/api-getting-started/getting-started/
 * The key and secret are exchanged for a bearer token (about two hours, no refresh token) at
 * POST {host}{tokenPath}, form-encoded. n8n keeps the token in the hidden `accessToken` field,
 * reuses it, and fetches a new one once when an answer is 401.
 */
export class OpsRampApi implements ICredentialType {
	name = 'opsRampApi';

	displayName = 'OpsRamp API';

	icon = { light: 'file:../nodes/OpsRamp/opsramp.svg', dark: 'file:../nodes/OpsRamp/opsramp.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-user-provisioning/n8n-nodes-user-provisioning/blob/main/docs/opsramp.md#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Host URL',
			name: 'host',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://api-xyz.opsramp.com',
			description: 'The API endpoint of your OpsRamp instance, shown on the custom integration; it differs per customer',
		},
		{
			displayName: 'Key',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			description: 'The Key of the custom integration (sent as the OAuth client_id)',
		},
		{
			displayName: 'Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The Secret of the custom integration (sent as the OAuth client_secret)',
		},
		{
			displayName: 'Token Path',
			name: 'authPath',
			type: 'string',
			default: '/auth/oauth/token',
			placeholder: 'e.g. /auth/oauth/token',
			description:
				'Path of the token endpoint on the API host. The getting-started guide uses /auth/oauth/token; the v2 API reference and HPE\'s own client use /tenancy/auth/oauth/token.',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			placeholder: 'e.g. client_16',
			description:
				'Optional. The tenant the integration belongs to, used only by the credential test to check access to its users. Empty: the test only checks that the key and secret give a working token.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Client-credentials exchange, form-encoded as the getting-started guide and HPE's client send
	 * it. The API Host URL is checked first (n8n runs this before the first request and for the Test
	 * button), so a wrong one is reported naming the field.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const checked = checkEndpoint(credentials.host, { vendor: 'OpsRamp', field: 'API Host URL', example: 'https://api-xyz.opsramp.com' });
		if (checked.problem !== undefined) throw new Error(checked.problem);
		const host = checked.url;
		const rawPath = String(credentials.authPath ?? '').trim() || '/auth/oauth/token';
		const tokenPath = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${host}${tokenPath}`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: {
				grant_type: 'client_credentials',
				client_id: String(credentials.clientId ?? ''),
				client_secret: String(credentials.clientSecret ?? ''),
			},
		})) as { access_token?: unknown };
		// An answer without a token leaves the field empty: the next call gets a 401 whose hint
		// points at the host, key, secret and token path.
		return { accessToken: typeof answer?.access_token === 'string' ? answer.access_token : '' };
	}

	/** `Authorization: Bearer <token>`, written in code (see withAuthorization). */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withAuthorization(requestOptions, `Bearer ${String(credentials.accessToken ?? '')}`);
	}

	// With a tenant: one user search in it (the scope the node needs). Without: the tenant-free
	// Get Timezones API, which still needs a valid token.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.host || "").trim().replace(/\\/+$/, "")}}',
			url: '={{$credentials.tenantId && $credentials.tenantId.trim() ? "/api/v2/tenants/" + encodeURIComponent($credentials.tenantId.trim()) + "/users/search?pageNo=1&pageSize=1" : "/api/v2/cfg/timezones"}}',
			method: 'GET',
		},
	};
}
