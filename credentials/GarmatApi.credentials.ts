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
 * Garmat accepts the API key itself in the Authorization header (the create-user page), or a
 * session token obtained from it (POST /api/authenticate), sent as a bearer token.
 */
export class GarmatApi implements ICredentialType {
	name = 'garmatApi';

	displayName = 'Garmat API';

	icon = { light: 'file:../nodes/Garmat/garmat.svg', dark: 'file:../nodes/Garmat/garmat.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-user-provisioning/n8n-nodes-user-provisioning/blob/main/docs/garmat.md#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://production-api.garmatsprayboothcustomers.com',
			placeholder: 'e.g. https://production-api.garmatsprayboothcustomers.com',
			description: 'Root of the Garmat API, without a trailing /api',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'API Key',
					value: 'apiKey',
					description: 'Send the API key itself in the Authorization header',
				},
				{
					name: 'Session Token',
					value: 'sessionToken',
					description: 'Exchange the API key for a session token and send that as a bearer token',
				},
			],
			default: 'apiKey',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Checks the Base URL (n8n runs this before a request while no session token is kept, which in
	 * API key mode is always, and for the Test button), then, in session mode, exchanges the key.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const base = checkEndpoint(credentials.baseUrl, { vendor: 'Garmat', field: 'Base URL', example: 'https://production-api.garmatsprayboothcustomers.com' });
		if (base.problem !== undefined) throw new Error(base.problem);
		if (credentials.authentication !== 'sessionToken') return {};
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${base.url}/api/authenticate`,
			body: { api_key: credentials.apiKey },
			json: true,
		})) as { session_token?: string };
		return { sessionToken: answer.session_token ?? '' };
	}

	/** The session token as a bearer token, or the API key itself (no "Bearer"), written in code (see withAuthorization). */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withAuthorization(requestOptions, credentials.authentication === 'sessionToken' ? `Bearer ${String(credentials.sessionToken ?? '')}` : String(credentials.apiKey ?? ''));
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl || "").trim().replace(/\\/+$/, "")}}',
			url: '/api/users',
			qs: { limit: 1, page: 1 },
		},
	};
}
