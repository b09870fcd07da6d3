/**
 * The four vendors as the benchmark drives them: the sandbox with its latency and rate limit,
 * the items of an onboarding batch, and the same create call made three ways: our node, n8n's
 * HTTP Request node configured as a user would, and a raw axios call.
 */
import axios from 'axios';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunNodeOptions } from '../harness/workflow';
import { DomoSandbox } from '../sandbox/domo';
import { GarmatSandbox } from '../sandbox/garmat';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { OpsRampSandbox } from '../sandbox/opsramp';
import type { Sandbox } from '../sandbox/toolkit';
import type { RateLimitShape } from './limits';

export const VENDORS = ['luzmo', 'domo', 'opsramp', 'garmat'] as const;
export type VendorName = (typeof VENDORS)[number];

export type IfUserExists = 'error' | 'returnExisting';

/** Where a client finds the sandbox, and the secrets it was started with. */
export interface Target {
	url: string;
	secrets: Record<string, string>;
	/** A fresh id per run: the node's rate gate and n8n's stored token are per credential. */
	credentialId: string;
}

export interface SandboxCounters {
	/** Create requests the sandbox accepted, i.e. users created. */
	created: number;
	/** Emails created more than once. */
	duplicates: number;
	/** Answers refused by the rate limit (429, or Garmat's 422 "API limit reached"). */
	rateLimited: number;
	/** Token exchanges; undefined for a vendor without tokens. */
	tokenRequests: number | undefined;
	/** Every request the sandbox received. */
	requests: number;
	/** Requests the client kept in flight: time-weighted average and maximum. */
	inFlightAverage: number | undefined;
	inFlightMax: number | undefined;
}

export interface BenchSandbox {
	sandbox: Sandbox;
	target(credentialId: string): Target;
	counters(): SandboxCounters;
	/** Emails of every user the sandbox holds, lower-cased. */
	userEmails(): Set<string>;
	/** A user that exists before the run. */
	seed(item: IDataObject): void;
}

/** The same create request through axios, as a developer writing the loop by hand would. */
export interface RawClient {
	/** Exchanges the credential for a token once, before the loop; absent for vendors without tokens. */
	token?(): Promise<string>;
	create(item: IDataObject, token: string | undefined): Promise<IDataObject>;
}

export type NodeRunSpec = Omit<RunNodeOptions, 'items'>;

export interface VendorProfile {
	name: VendorName;
	title: string;
	/** Whether the credential exchanges a key for a token (one exchange per run is the target). */
	tokenBased: boolean;
	/**
	 * Whether our node paces itself to the documented limit (Luzmo). Such a vendor is compared
	 * under its limit, with the other clients paced as a user would pace them.
	 */
	pacesItself: boolean;
	/** The limit the sandbox enforces in the limits section, and where the number comes from. */
	limit: RateLimitShape;
	limitNote: string;
	/** Starts the sandbox on 127.0.0.1, with a latency and optionally the rate limit. */
	start(latencyMs: number, limit: RateLimitShape | undefined): Promise<BenchSandbox>;
	item(prefix: string, index: number): IDataObject;
	ours(target: Target, options: { concurrency: number; ifUserExists: IfUserExists }): NodeRunSpec;
	/** n8n's HTTP Request node: same endpoint, body and authentication; batching as the caller sizes it. */
	http(target: Target, batch: Batching): NodeRunSpec;
	raw(target: Target): RawClient;
}

/** HTTP Request node version: the default of n8n-nodes-base 2.41 (what a new node on the canvas gets). */
export const HTTP_REQUEST_VERSION = 4.5;

/** The HTTP Request node's Options > Batching: Items per Batch, Batch Interval (ms). */
export interface Batching {
	batchSize: number;
	batchIntervalMs: number;
}

function batching(batch: Batching): IDataObject {
	return { batching: { batch: { batchSize: batch.batchSize, batchInterval: batch.batchIntervalMs } } };
}

function jsonBody(fields: Record<string, string>): string {
	return `={ ${Object.entries(fields)
		.map(([key, value]) => `"${key}": ${value}`)
		.join(', ')} }`;
}

const lower = (emails: Iterable<string>) => new Set([...emails].map((email) => email.toLowerCase()));

function counters(sandbox: Sandbox & { createdByEmail: Map<string, number>; duplicates(): string[] }, tokenRequests: number | undefined): SandboxCounters {
	return {
		created: sandbox.createdByEmail.size,
		duplicates: sandbox.duplicates().length,
		rateLimited: sandbox.rateLimited,
		tokenRequests,
		requests: sandbox.requests.length,
		inFlightAverage: sandbox.inFlightStats()?.average,
		inFlightMax: sandbox.inFlightStats()?.max,
	};
}

async function listen<S extends Sandbox>(sandbox: S, latencyMs: number): Promise<S> {
	sandbox.latencyMs = latencyMs;
	await sandbox.start();
	sandbox.trackInFlight();
	return sandbox;
}

const luzmo: VendorProfile = {
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
			options: { concurrency: options.concurrency, ifUserExists: options.ifUserExists },
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

const domo: VendorProfile = {
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
			options: { concurrency: options.concurrency, ifUserExists: options.ifUserExists },
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

export const OPSRAMP_TENANT = 'client_16';

const opsramp: VendorProfile = {
	name: 'opsramp',
	title: 'OpsRamp',
	tokenBased: true,
	pacesItself: false,
	// Set from the options (--opsramp-window-ms): the documented 50 per minute, window scaled down.
	limit: { kind: 'window', limit: 50, windowMs: 60_000 },
	limitNote: 'documented: 50 creates/min per tenant, announced in X-RateLimit headers',
	async start(latencyMs, limit) {
		const sandbox = await listen(
			new OpsRampSandbox(limit?.kind === 'window' ? { rateLimit: { limit: limit.limit, windowMs: limit.windowMs } } : {}),
			latencyMs,
		);
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
			options: { concurrency: options.concurrency, ifUserExists: options.ifUserExists },
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

const garmat: VendorProfile = {
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
			options: { concurrency: options.concurrency, ifUserExists: options.ifUserExists },
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

export const PROFILES: Record<VendorName, VendorProfile> = { luzmo, domo, opsramp, garmat };
