/**
 * What the bad-input properties need from each vendor: a fresh sandbox and credential, the clean
 * values a field's type cannot tell (a tenant that exists, role names the tenant knows, a
 * password that meets the policy), the cross-field rules a clean item keeps, and how to read and
 * check a create request the sandbox received.
 */
import fc from 'fast-check';

import type { RunNodeOptions } from '../harness/workflow';
import { DomoSandbox } from '../sandbox/domo';
import { GarmatSandbox } from '../sandbox/garmat';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { COUNTRIES, OpsRampSandbox, ROLES, TIMEZONES, USER_GROUPS } from '../sandbox/opsramp';
import type { Sandbox, SandboxRequest } from '../sandbox/toolkit';
import { cleanText } from './fields';
import { domoShape, garmatShape, luzmoShape, opsRampShape } from './shapes';

export interface Started {
	sandbox: Sandbox;
	credentials: RunNodeOptions['credentials'];
	/** Create requests received so far. */
	creates(): SandboxRequest[];
	/** Why a create request does not have the documented shape; empty when it does. */
	shapeProblems(request: SandboxRequest): string[];
}

export interface BadInputVendor {
	node: string;
	name: string;
	start(): Promise<Started>;
	/** Clean values by field key, where the type alone is not enough; `unique` differs per item. */
	clean: Record<string, (unique: string) => fc.Arbitrary<unknown>>;
	/** Makes one clean item keep the rules between fields. */
	fixClean?(item: Record<string, unknown>): void;
	/** The email a create request was for. */
	emailOf(request: SandboxRequest): unknown;
	/** Refusals the vendor may give to a well-formed request (names only it knows). */
	allowedRefusal?: RegExp;
}

/** Shared by all: a Timeout long enough that a loaded machine never times out a local request. */
const commonClean = { options__timeout: () => fc.integer({ min: 5000, max: 60000 }) };

let seq = 0;
const id = (node: string) => `bad-input-${node}-${++seq}`;

export const luzmo: BadInputVendor = {
	node: 'luzmo',
	name: 'Luzmo',
	async start() {
		const sandbox = new LuzmoSandbox({ rejectDuplicates: false });
		await sandbox.start();
		return {
			sandbox,
			credentials: { id: id('luzmo'), type: 'luzmoApi', data: { apiKey: sandbox.apiKey, apiToken: sandbox.apiToken, region: 'custom', customHost: sandbox.url } },
			creates: () => sandbox.creates(),
			shapeProblems: (request) => luzmoShape(request, { key: sandbox.apiKey, token: sandbox.apiToken }),
		};
	},
	clean: {
		...commonClean,
		// A language appears once in a company name: entry 0 and entry 1 draw from different codes.
		additionalFields__company__0__language: () => fc.constantFrom('en', 'nl', 'zh_cn'),
		additionalFields__company__1__language: () => fc.constantFrom('fr', 'de', 'pt-BR'),
	},
	emailOf: (request) => request.body?.properties?.email,
};

export const domo: BadInputVendor = {
	node: 'domo',
	name: 'Domo',
	async start() {
		const sandbox = new DomoSandbox({ rejectDuplicates: false });
		await sandbox.start();
		return {
			sandbox,
			credentials: { id: id('domo'), type: 'domoApi', data: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiHost: sandbox.url, accessToken: '' } },
			creates: () => sandbox.creates(),
			shapeProblems: domoShape,
		};
	},
	clean: { ...commonClean },
	emailOf: (request) => request.body?.email,
};

const names = (list: Array<{ name: string }>) => list.map((entry) => entry.name);

export const opsramp: BadInputVendor = {
	node: 'opsramp',
	name: 'OpsRamp',
	async start() {
		const sandbox = new OpsRampSandbox({ rejectDuplicates: false });
		await sandbox.start();
		return {
			sandbox,
			credentials: {
				id: id('opsramp'),
				type: 'opsRampApi',
				data: { host: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authPath: '/auth/oauth/token', tenantId: '', accessToken: '' },
			},
			creates: () => sandbox.creates(),
			shapeProblems: opsRampShape,
		};
	},
	clean: {
		...commonClean,
		tenantId: () => fc.constantFrom('client_16', 'msp_15'),
		// Login names are unique in a tenant, as emails are.
		loginName: (unique) => cleanText.map((text) => `${text}.${unique}`),
		additionalFields__password: () => cleanText.map((text) => `Pw1!${text}xy`),
		additionalFields__roles: () => fc.subarray(names(ROLES)),
		additionalFields__userGroups: () => fc.subarray(names(USER_GROUPS)),
		additionalFields__country: () => fc.constantFrom(...names(COUNTRIES)),
		additionalFields__timeZone__0__code: () => fc.constantFrom(...TIMEZONES.map((zone) => zone.code)),
		additionalFields__timeZone__0__name: () => fc.constantFrom(...TIMEZONES.map((zone) => zone.name)),
	},
	fixClean(item) {
		// A notification user is nothing else; specific user groups go without a User Group Type.
		const access = item.additionalFields__userAccessTypes;
		if (Array.isArray(access) && access.includes('NOTIFICATION_USER')) item.additionalFields__userAccessTypes = ['NOTIFICATION_USER'];
		const groups = item.additionalFields__userGroups;
		if (Array.isArray(groups) && groups.length && 'additionalFields__userGroupType' in item) item.additionalFields__userGroupType = '';
	},
	emailOf: (request) => request.body?.email,
	// Names the node cannot check offline: roles, user groups and tenants are the tenant's own.
	allowedRefusal: /^(Role not found|User group not found|Tenant not found): |^Login name ".*" already belongs to another OpsRamp user/s,
};

export const garmat: BadInputVendor = {
	node: 'garmat',
	name: 'Garmat',
	async start() {
		const sandbox = new GarmatSandbox({ rejectDuplicates: false });
		await sandbox.start();
		return {
			sandbox,
			// An admin key: account_id is only accepted from Garmat admins.
			credentials: { id: id('garmat'), type: 'garmatApi', data: { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.adminKey, sessionToken: '' } },
			creates: () => sandbox.received('POST', '/api/users'),
			shapeProblems: garmatShape,
		};
	},
	clean: { ...commonClean },
	emailOf: (request) => request.body?.email,
};

export const BAD_INPUT_VENDORS: BadInputVendor[] = [luzmo, domo, opsramp, garmat];
