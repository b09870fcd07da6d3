/** OpsRamp: OAuth client credentials, 50 creates/min per tenant announced in X-RateLimit headers. */
import axios from 'axios';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { OpsRampSandbox } from '../../sandbox/opsramp';
import type { Target, VendorProfile } from './profile';
import { batching, counters, jsonBody, listen, lower, oursOptions } from './profile';

export const OPSRAMP_TENANT = 'client_16';

export const opsramp: VendorProfile = {
	name: 'opsramp',
	title: 'OpsRamp',
	tokenBased: true,
	pacesItself: false,
	// Set from the options (--opsramp-window-ms): the documented 50 per minute, window scaled down.
	// The same limit counts the paginated GETs (the directory's pages, searches) apart.
	limit: { kind: 'window', limit: 50, windowMs: 60_000 },
	limitNote: 'documented: 50 writes/min and 50 paginated GETs/min per tenant, counted apart, announced in X-RateLimit headers',
	async start(latencyMs, limit) {
		const window = limit?.kind === 'window' ? { limit: limit.limit, windowMs: limit.windowMs } : undefined;
		const sandbox = await listen(new OpsRampSandbox(window ? { rateLimit: window, pagedRateLimit: window } : {}), latencyMs);
		return {
			sandbox,
			target: (credentialId) => ({ url: sandbox.url, secrets: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret }, credentialId }),
			counters: () => counters(sandbox, sandbox.tokenRequests().length),
			userEmails: () => lower(sandbox.users.map((user) => user.email)),
			seed: (item) =>
				void sandbox.seedUser(OPSRAMP_TENANT, { email: String(item.email), loginName: String(item.loginName), firstName: 'New', lastName: String(item.lastName) }),
		};
	},
	item: (prefix, i) => ({ loginName: `${prefix}.${i}`, firstName: 'New', lastName: `Hire ${i}`, email: `${prefix}.${i}@example.com` }),
	ours: (target, options) => ({
		node: 'opsramp',
		parameters: {
			resource: 'user',
			operation: 'create',
			tenantId: OPSRAMP_TENANT,
			loginName: '={{ $json.loginName }}',
			firstName: '={{ $json.firstName }}',
			lastName: '={{ $json.lastName }}',
			email: '={{ $json.email }}',
			options: oursOptions(options),
		},
		credentials: { id: target.credentialId, type: 'opsRampApi', data: opsRampCredential(target) },
	}),
	http: (target, batch) => ({
		node: 'httpRequest',
		parameters: {
			method: 'POST',
			url: `${target.url}/api/v2/tenants/${OPSRAMP_TENANT}/users`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'opsRampApi',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: jsonBody({
				loginName: '"{{ $json.loginName }}"',
				firstName: '"{{ $json.firstName }}"',
				lastName: '"{{ $json.lastName }}"',
				email: '"{{ $json.email }}"',
			}),
			options: batching(batch),
		} as INodeParameters,
		credentials: { id: target.credentialId, type: 'opsRampApi', data: opsRampCredential(target) },
	}),
	raw: (target) => ({
		token: async () =>
			(
				await axios.post(
					`${target.url}/auth/oauth/token`,
					new URLSearchParams({ grant_type: 'client_credentials', client_id: target.secrets.clientId, client_secret: target.secrets.clientSecret }),
					{ headers: { Accept: 'application/json' } },
				)
			).data.access_token,
		create: async (item, token) =>
			(
				await axios.post(
					`${target.url}/api/v2/tenants/${OPSRAMP_TENANT}/users`,
					{ loginName: item.loginName, firstName: item.firstName, lastName: item.lastName, email: item.email },
					{ headers: { Authorization: `Bearer ${token}` } },
				)
			).data,
	}),
};

function opsRampCredential(target: Target): ICredentialDataDecryptedObject {
	return {
		host: target.url,
		clientId: target.secrets.clientId,
		clientSecret: target.secrets.clientSecret,
		authPath: '/auth/oauth/token',
		tenantId: '',
		accessToken: '',
	};
}
