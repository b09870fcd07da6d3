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
 * Domo's platform APIs use OAuth client credentials: the client ID and secret of an API client
 * (developer.domo.com > My Account > New Client) are exchanged at GET /oauth/token for a bearer
 * token that lasts about an hour and has no refresh token. n8n keeps the token in the hidden
 * expirable field, reuses it across items and executions, and exchanges again after a 401.
 */
export class DomoApi implements ICredentialType {
	name = 'domoApi';

	displayName = 'Domo API';

	icon = { light: 'file:../nodes/Domo/domo.svg', dark: 'file:../nodes/Domo/domo.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-user-provisioning/n8n-nodes-user-provisioning/blob/main/docs/domo.md#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5f6b1c2a-93d4-4e1f-a8b7-2c9d0e4f6a1b',
			description: 'ID of the API client created on developer.domo.com, with the "user" scope',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Secret of the API client',
		},
		{
			displayName: 'API Host',
			name: 'apiHost',
			type: 'string',
			default: 'https://api.domo.com',
			placeholder: 'e.g. https://api.domo.com',
			description: 'Root of the Domo platform API, without a trailing /v1',
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
	 * The client-credentials exchange; the "user" scope is the one creating users needs. The API
	 * Host is checked first (n8n runs this before the first request and for the Test button), so a
	 * wrong one is reported naming the field instead of failing somewhere in the network.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const given = typeof credentials.apiHost === 'string' && credentials.apiHost.trim() ? credentials.apiHost : 'https://api.domo.com';
		const host = checkEndpoint(given, { vendor: 'Domo', field: 'API Host', example: 'https://api.domo.com' });
		if (host.problem !== undefined) throw new Error(host.problem);
		const answer = (await this.helpers.httpRequest({
			method: 'GET',
			url: `${host.url}/oauth/token`,
			qs: { grant_type: 'client_credentials', scope: 'user' },
			auth: { username: String(credentials.clientId ?? ''), password: String(credentials.clientSecret ?? '') },
			json: true,
		})) as { access_token?: string };
		return { accessToken: answer.access_token ?? '' };
	}

	/** `Authorization: bearer <token>`, written in code (see withAuthorization). */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withAuthorization(requestOptions, `bearer ${String(credentials.accessToken ?? '')}`);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{(String($credentials.apiHost || "").trim() || "https://api.domo.com").replace(/\\/+$/, "")}}',
			url: '/v1/users',
			qs: { limit: 1 },
		},
	};
}
