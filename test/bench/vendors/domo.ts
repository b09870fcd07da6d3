/** Domo: OAuth client credentials (one token per run), about 3,000 requests/min, 429 with Retry-After. */
import axios from 'axios';
import type { INodeParameters } from 'n8n-workflow';

import { DomoSandbox } from '../../sandbox/domo';
import type { VendorProfile } from './profile';
import { batching, counters, jsonBody, listen, lower, oursOptions } from './profile';

export const domo: VendorProfile = {
	name: 'domo',
	title: 'Domo',
	tokenBased: true,
	pacesItself: false,
	limit: { kind: 'window', limit: 3000, windowMs: 60_000 },
	limitNote: 'documented (third party): about 3,000 requests/min per instance; 429 with Retry-After (unscaled)',
	async start(latencyMs, limit) {
		const sandbox = await listen(
			new DomoSandbox(limit?.kind === 'window' ? { rateLimit: { limit: limit.limit, windowMs: limit.windowMs } } : {}),
			latencyMs,
		);
		return {
			sandbox,
			target: (credentialId) => ({ url: sandbox.url, secrets: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret }, credentialId }),
			counters: () => counters(sandbox, sandbox.tokenRequests().length),
			userEmails: () => lower(sandbox.users.filter((user) => !user.deleted).map((user) => user.email)),
			seed: (item) => void sandbox.seedUser({ email: String(item.email), name: String(item.name), role: 'Participant' }),
		};
	},
	item: (prefix, i) => ({ name: `New Hire ${i}`, email: `${prefix}.${i}@example.com` }),
	ours: (target, options) => ({
		node: 'domo',
		parameters: {
			resource: 'user',
			operation: 'create',
			name: '={{ $json.name }}',
			email: '={{ $json.email }}',
			role: 'Participant',
			sendInvite: false,
			options: oursOptions(options),
		},
		credentials: {
			id: target.credentialId,
			type: 'domoApi',
			data: { clientId: target.secrets.clientId, clientSecret: target.secrets.clientSecret, apiHost: target.url, accessToken: '' },
		},
	}),
	// The token exchange needs a credential that does it: the Domo credential, picked as a
	// predefined credential type, as a user who has it would.
	http: (target, batch) => ({
		node: 'httpRequest',
		parameters: {
			method: 'POST',
			url: `${target.url}/v1/users`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'domoApi',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'sendInvite', value: 'false' }] },
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: jsonBody({ name: '"{{ $json.name }}"', email: '"{{ $json.email }}"', role: '"Participant"' }),
			options: batching(batch),
		} as INodeParameters,
		credentials: {
			id: target.credentialId,
			type: 'domoApi',
			data: { clientId: target.secrets.clientId, clientSecret: target.secrets.clientSecret, apiHost: target.url, accessToken: '' },
		},
	}),
	raw: (target) => ({
		token: async () =>
			(
				await axios.get(`${target.url}/oauth/token`, {
					params: { grant_type: 'client_credentials', scope: 'user' },
					auth: { username: target.secrets.clientId, password: target.secrets.clientSecret },
				})
			).data.access_token,
		create: async (item, token) =>
			(
				await axios.post(
					`${target.url}/v1/users`,
					{ name: item.name, email: item.email, role: 'Participant' },
					{ params: { sendInvite: false }, headers: { Authorization: `bearer ${token}` } },
				)
			).data,
	}),
};
