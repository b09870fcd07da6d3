/** Luzmo: action-based JSON API, key and token in the body, 10 requests/s per token with bursts of 200. */
import axios from 'axios';
import type { INodeParameters } from 'n8n-workflow';

import { LuzmoSandbox } from '../../sandbox/luzmo';
import type { VendorProfile } from './profile';
import { batching, counters, jsonBody, listen, lower, oursOptions } from './profile';

export const luzmo: VendorProfile = {
	name: 'luzmo',
	title: 'Luzmo',
	tokenBased: false,
	pacesItself: true,
	limit: { kind: 'bucket', perSecond: 10, burst: 200 },
	limitNote: 'documented: 10 requests/s per token, bursts up to 200 (unscaled: the node paces itself to it)',
	async start(latencyMs, limit) {
		const sandbox = await listen(
			new LuzmoSandbox(limit?.kind === 'bucket' ? { rateLimit: { perSecond: limit.perSecond, burst: limit.burst } } : {}),
			latencyMs,
		);
		return {
			sandbox,
			target: (credentialId) => ({ url: sandbox.url, secrets: { apiKey: sandbox.apiKey, apiToken: sandbox.apiToken }, credentialId }),
			counters: () => counters(sandbox, undefined),
			userEmails: () => lower(sandbox.records.map((record) => record.user.email)),
			seed: (item) => void sandbox.seedUser({ email: String(item.email), name: item.name }),
		};
	},
	item: (prefix, i) => ({ email: `${prefix}.${i}@example.com`, name: `New Hire ${i}` }),
	ours: (target, options) => ({
		node: 'luzmo',
		parameters: {
			resource: 'user',
			operation: 'create',
			email: '={{ $json.email }}',
			additionalFields: { name: '={{ $json.name }}' },
			options: oursOptions(options),
		},
		credentials: {
			id: target.credentialId,
			type: 'luzmoApi',
			data: { apiKey: target.secrets.apiKey, apiToken: target.secrets.apiToken, region: 'custom', customHost: target.url },
		},
	}),
	// Luzmo authenticates in the body: n8n's Custom Auth credential merges key, token and version into it.
	http: (target, batch) => ({
		node: 'httpRequest',
		parameters: {
			method: 'POST',
			url: `${target.url}/0.1.0/user`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpCustomAuth',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: jsonBody({ action: '"create"', properties: '{ "email": "{{ $json.email }}", "name": "{{ $json.name }}" }' }),
			options: batching(batch),
		} as INodeParameters,
		credentials: {
			id: target.credentialId,
			type: 'httpCustomAuth',
			data: { json: JSON.stringify({ body: { key: target.secrets.apiKey, token: target.secrets.apiToken, version: '0.1.0' } }) },
		},
	}),
	raw: (target) => ({
		create: async (item) =>
			(
				await axios.post(`${target.url}/0.1.0/user`, {
					action: 'create',
					version: '0.1.0',
					key: target.secrets.apiKey,
					token: target.secrets.apiToken,
					properties: { email: item.email, name: item.name },
				})
			).data,
	}),
};
