/**
 * One small adapter per vendor, so a fault case is written once and runs against all four
 * sandboxes: where the create, lookup and token requests go, how the vendor words an error, how a
 * test item and an existing user look, and which values are secret.
 * Every secret is recognisable and unique to one (case, vendor) run, so a hit in the shared log
 * capture is attributed to the run that leaked it even when runs overlap.
 */
import { randomBytes } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { NodeRun } from '../harness/workflow';
import { runNode } from '../harness/workflow';
import { DomoSandbox } from '../sandbox/domo';
import { GarmatSandbox } from '../sandbox/garmat';
import { luzmoError, LuzmoSandbox } from '../sandbox/luzmo';
import { OpsRampSandbox } from '../sandbox/opsramp';
import type { Sandbox, SandboxRequest } from '../sandbox/toolkit';

export type VendorId = 'luzmo' | 'domo' | 'opsramp' | 'garmat';

/** Which requests a fault hits. */
export interface Target {
	method: string;
	path: string | RegExp;
	match?: (request: SandboxRequest) => boolean;
}

export interface RunSettings {
	items: IDataObject[];
	continueOnFail: boolean;
	options: IDataObject;
}

/** One vendor's sandbox, started for one case, with everything a case needs to drive it. */
export interface VendorRun {
	vendor: VendorId;
	/** As users know the product; the shared transport's messages use it. */
	name: string;
	sandbox: Sandbox & { createdByEmail: Map<string, number>; duplicates(): string[] };
	/** Named secret values: credential fields, tokens issued so far, derived forms, user passwords. */
	secrets(): Record<string, string>;
	person(n: number): IDataObject;
	emailOf(item: IDataObject): string;
	/** Makes the user of person(n) exist before the run. */
	seed(n: number): void;
	create: Target;
	lookup: Target;
	/** The token exchange, for credentials that have one. */
	token?: Target;
	expireTokens?(): void;
	/** An error body in the vendor's own shape, carrying `message`. */
	errorBody(status: number, message: string): unknown;
	/** The token endpoint's refusal in the vendor's shape, and the message the node should show. */
	tokenRefusal?: { body: unknown; message: string };
	/** The API's refusal of a token it does not know, echoing it (Spring OAuth does). */
	unknownTokenBody?(token: string): unknown;
	run(settings: RunSettings): Promise<NodeRun>;
	stop(): Promise<void>;
}

export interface StartOptions {
	/** A label unique to the run, built into every secret. */
	tag: string;
	/** Use a credential that exchanges a token (Garmat: session mode; Domo and OpsRamp always do). */
	tokenMode: boolean;
}

export interface Vendor {
	id: VendorId;
	name: string;
	/** Whether the vendor has a token exchange (for Garmat, in its session mode). */
	hasToken: boolean;
	start(options: StartOptions): Promise<VendorRun>;
}

const secret = (vendor: string, field: string, tag: string) => `S3CR3T-${vendor}-${field}-${tag}-${randomBytes(4).toString('hex')}`;

/** Records every token a sandbox issues into its Set (the sandboxes keep only the live ones). */
function recordIssued(tokens: Set<string>): string[] {
	const issued: string[] = [];
	const add = tokens.add.bind(tokens);
	tokens.add = (value: string) => {
		issued.push(value);
		return add(value);
	};
	return issued;
}

const namedTokens = (issued: string[]) => Object.fromEntries(issued.map((token, i) => [`issued token ${i + 1}`, token]));

let credentialSeq = 0;

async function run(node: string, type: string, data: ICredentialDataDecryptedObject, parameters: INodeParameters, settings: RunSettings) {
	return await runNode({
		node,
		parameters: { resource: 'user', operation: 'create', ...parameters, options: settings.options as INodeParameters },
		items: settings.items,
		continueOnFail: settings.continueOnFail,
		// A fresh credential id per run: rate gates and stored tokens are per credential.
		credentials: { id: `faults-${node}-${++credentialSeq}`, type, data },
	});
}

const email = (n: number) => `user${n}@example.com`;

export const luzmo: Vendor = {
	id: 'luzmo',
	name: 'Luzmo',
	hasToken: false,
	async start({ tag }) {
		const sandbox = new LuzmoSandbox({ apiKey: secret('luzmo', 'key', tag), apiToken: secret('luzmo', 'token', tag) });
		await sandbox.start();
		const isAction = (action: string) => (r: SandboxRequest) => r.body?.action === action;
		return {
			vendor: 'luzmo',
			name: 'Luzmo',
			sandbox,
			secrets: () => ({ 'API key': sandbox.apiKey, 'API token': sandbox.apiToken }),
			person: (n) => ({ email: email(n), name: `User ${n}` }),
			emailOf: (item) => String(item.email),
			seed: (n) => void sandbox.seedUser({ email: email(n), name: `User ${n}` }),
			create: { method: 'POST', path: '/0.1.0/user', match: isAction('create') },
			lookup: { method: 'POST', path: '/0.1.0/user', match: isAction('get') },
			errorBody: (status, message) => luzmoError(status, status === 429 ? 'Too Many Requests' : 'Error', message).body,
			run: async (settings) =>
				await run(
					'luzmo',
					'luzmoApi',
					{ apiKey: sandbox.apiKey, apiToken: sandbox.apiToken, region: 'custom', customHost: sandbox.url },
					{ email: '={{ $json.email }}', additionalFields: { name: '={{ $json.name }}' } },
					settings,
				),
			stop: async () => await sandbox.stop(),
		};
	},
};

export const domo: Vendor = {
	id: 'domo',
	name: 'Domo',
	hasToken: true,
	async start({ tag }) {
		const sandbox = new DomoSandbox({ clientId: `domo-client-${tag}`, clientSecret: secret('domo', 'client-secret', tag) });
		await sandbox.start();
		const issued = recordIssued(sandbox.tokens);
		return {
			vendor: 'domo',
			name: 'Domo',
			sandbox,
			secrets: () => ({
				'client secret': sandbox.clientSecret,
				'basic auth': Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64'),
				...namedTokens(issued),
			}),
			person: (n) => ({ name: `User ${n}`, email: email(n) }),
			emailOf: (item) => String(item.email),
			seed: (n) => void sandbox.seedUser({ email: email(n), name: `User ${n}` }),
			create: { method: 'POST', path: '/v1/users' },
			lookup: { method: 'GET', path: '/v1/users' },
			token: { method: 'GET', path: '/oauth/token' },
			expireTokens: () => sandbox.expireTokens(),
			errorBody: (status, message) => ({ status, statusReason: status === 429 ? 'Too Many Requests' : 'Error', message }),
			tokenRefusal: { body: { error: 'invalid_client', error_description: 'Bad client credentials' }, message: 'Bad client credentials' },
			unknownTokenBody: (token) => ({ error: 'invalid_token', error_description: `Invalid access token: ${token}` }),
			run: async (settings) =>
				await run(
					'domo',
					'domoApi',
					{ clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiHost: sandbox.url, accessToken: '' },
					{ name: '={{ $json.name }}', email: '={{ $json.email }}', role: 'Participant' },
					settings,
				),
			stop: async () => await sandbox.stop(),
		};
	},
};

export const TENANT = 'client_16';

export const opsramp: Vendor = {
	id: 'opsramp',
	name: 'OpsRamp',
	hasToken: true,
	async start({ tag }) {
		const sandbox = new OpsRampSandbox({
			clientId: secret('opsramp', 'key', tag),
			clientSecret: secret('opsramp', 'secret', tag),
			// A careless API that quotes the password of a refused create.
			echoPasswordInErrors: true,
		});
		await sandbox.start();
		const issued = recordIssued(sandbox.tokens);
		// Meets the password policy: 7+ characters, a digit, a special character, both cases.
		const password = `Pw!${secret('opsramp', 'password', tag)}9`;
		const users = `/api/v2/tenants/${TENANT}/users`;
		return {
			vendor: 'opsramp',
			name: 'OpsRamp',
			sandbox,
			secrets: () => ({ key: sandbox.clientId, secret: sandbox.clientSecret, 'user password': password, ...namedTokens(issued) }),
			person: (n) => ({ loginName: `user${n}`, firstName: 'User', lastName: `Number ${n}`, email: email(n), password }),
			emailOf: (item) => String(item.email),
			seed: (n) => void sandbox.seedUser(TENANT, { email: email(n), loginName: `user${n}` }),
			create: { method: 'POST', path: users },
			lookup: { method: 'GET', path: `${users}/search` },
			token: { method: 'POST', path: '/auth/oauth/token' },
			expireTokens: () => sandbox.expireTokens(),
			errorBody: (status, message) => (status === 429 ? { error: 'throttled', error_description: message } : { code: '0001', message }),
			tokenRefusal: { body: { error: 'invalid_client', error_description: 'Bad client credentials' }, message: 'Bad client credentials' },
			unknownTokenBody: (token) => ({ error: 'invalid_token', error_description: `Invalid access token: ${token}` }),
			run: async (settings) =>
				await run(
					'opsramp',
					'opsRampApi',
					{ host: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authPath: '/auth/oauth/token', tenantId: '', accessToken: '' },
					{
						tenantId: TENANT,
						loginName: '={{ $json.loginName }}',
						firstName: '={{ $json.firstName }}',
						lastName: '={{ $json.lastName }}',
						email: '={{ $json.email }}',
						// From the item, not typed into the node: the node's parameters are the workflow's, not an output.
						additionalFields: { password: '={{ $json.password }}' },
					},
					settings,
				),
			stop: async () => await sandbox.stop(),
		};
	},
};

export const garmat: Vendor = {
	id: 'garmat',
	name: 'Garmat',
	hasToken: true,
	async start({ tag, tokenMode }) {
		const sandbox = new GarmatSandbox({ apiKey: secret('garmat', 'key', tag), adminKey: secret('garmat', 'admin-key', tag) });
		await sandbox.start();
		const issued = recordIssued(sandbox.sessions);
		return {
			vendor: 'garmat',
			name: 'Garmat',
			sandbox,
			secrets: () => ({ 'API key': sandbox.apiKey, 'admin key': sandbox.adminKey, ...namedTokens(issued) }),
			person: (n) => ({ name: `User ${n}`, email: email(n) }),
			emailOf: (item) => String(item.email),
			seed: (n) => void sandbox.seedUser({ email: email(n), name: `User ${n}` }),
			create: { method: 'POST', path: '/api/users' },
			lookup: { method: 'GET', path: '/api/users' },
			...(tokenMode
				? {
						token: { method: 'POST', path: '/api/authenticate' },
						expireTokens: () => sandbox.expireSessions(),
						tokenRefusal: { body: { error: 'Invalid API key' }, message: 'Invalid API key' },
						unknownTokenBody: (token: string) => ({ error: `Unauthorized: unknown session ${token}` }),
					}
				: {}),
			errorBody: (_status, message) => ({ error: message }),
			run: async (settings) =>
				await run(
					'garmat',
					'garmatApi',
					{ baseUrl: sandbox.url, authentication: tokenMode ? 'sessionToken' : 'apiKey', apiKey: sandbox.apiKey, sessionToken: '' },
					{ name: '={{ $json.name }}', email: '={{ $json.email }}', role: 'customer_read_only' },
					settings,
				),
			stop: async () => await sandbox.stop(),
		};
	},
};

export const VENDORS: Vendor[] = [luzmo, domo, opsramp, garmat];

/** Requests a target matches, in the order received. */
export function receivedBy(sandbox: Sandbox, target: Target): SandboxRequest[] {
	return sandbox.requests.filter(
		(r) =>
			r.method === target.method &&
			(typeof target.path === 'string' ? r.path === target.path : target.path.test(r.path)) &&
			(!target.match || target.match(r)),
	);
}
