/** Garmat: session token from the API key (the token-based scheme), an undocumented rate limit. */
import axios from 'axios';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { GarmatSandbox } from '../../sandbox/garmat';
import type { Target, VendorProfile } from './profile';
import { batching, counters, jsonBody, listen, lower, oursOptions } from './profile';

export const garmat: VendorProfile = {
	name: 'garmat',
	title: 'Garmat',
	tokenBased: true,
	pacesItself: false,
	limit: { kind: 'window', limit: 100, windowMs: 1000 },
	limitNote: 'undocumented (429 or 422 "API limit reached", no numbers, no headers): we picked 100 per second per key, answered with 429 without Retry-After',
	async start(latencyMs, limit) {
		const sandbox = await listen(
			new GarmatSandbox(limit?.kind === 'window' ? { rateLimit: { limit: limit.limit, windowMs: limit.windowMs, style: '429' } } : {}),
			latencyMs,
		);
		return {
			sandbox,
			target: (credentialId) => ({ url: sandbox.url, secrets: { apiKey: sandbox.apiKey }, credentialId }),
			counters: () => counters(sandbox, sandbox.received('POST', '/api/authenticate').length),
			userEmails: () => lower(sandbox.users.map((user) => user.email)),
			seed: (item) => void sandbox.seedUser({ email: String(item.email), name: String(item.name) }),
		};
	},
	item: (prefix, i) => ({ name: `New Hire ${i}`, email: `${prefix}.${i}@example.com` }),
	// Session mode: the key is exchanged for a session token (the token-based scheme).
	ours: (target, options) => ({
		node: 'garmat',
		parameters: {
			resource: 'user',
			operation: 'create',
			name: '={{ $json.name }}',
			email: '={{ $json.email }}',
			role: 'customer_read_only',
			options: oursOptions(options),
		},
		credentials: { id: target.credentialId, type: 'garmatApi', data: garmatCredential(target) },
	}),
	http: (target, batch) => ({
		node: 'httpRequest',
		parameters: {
			method: 'POST',
			url: `${target.url}/api/users`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'garmatApi',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: jsonBody({ name: '"{{ $json.name }}"', email: '"{{ $json.email }}"', role: '"customer_read_only"' }),
			options: batching(batch),
		} as INodeParameters,
		credentials: { id: target.credentialId, type: 'garmatApi', data: garmatCredential(target) },
	}),
	raw: (target) => ({
		token: async () => (await axios.post(`${target.url}/api/authenticate`, { api_key: target.secrets.apiKey })).data.session_token,
		create: async (item, token) =>
			(
				await axios.post(
					`${target.url}/api/users`,
					{ name: item.name, email: item.email, role: 'customer_read_only' },
					{ headers: { Authorization: `Bearer ${token}` } },
				)
			).data,
	}),
};

function garmatCredential(target: Target): ICredentialDataDecryptedObject {
	return { baseUrl: target.url, authentication: 'sessionToken', apiKey: target.secrets.apiKey, sessionToken: '' };
}
