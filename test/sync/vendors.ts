/**
 * One adapter per vendor for the Sync and Create or Update tests: a started sandbox, the roster
 * parameters (Create's fields, from each item), putting a user in the sandbox, reading which
 * accounts still have access, and which requests are writes. The tests in this folder are rows
 * over these adapters.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { LoadedPackage } from '../harness/package';
import type { NodeRun } from '../harness/workflow';
import { builtPackage, runNode } from '../harness/workflow';
import { DomoSandbox } from '../sandbox/domo';
import { GarmatSandbox } from '../sandbox/garmat';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { OpsRampSandbox, USER_GROUPS } from '../sandbox/opsramp';
import type { Sandbox, SandboxRequest } from '../sandbox/toolkit';

export interface SyncRun {
	sandbox: Sandbox;
	/** Runs the node on the roster items with these parameters over the roster's. */
	run(parameters: INodeParameters, items: IDataObject[], extra?: { continueOnFail?: boolean; nodeType?: string }): Promise<NodeRun>;
	/** Puts a user of person(n) in the sandbox (with optional field overrides); returns its ID. */
	seed(n: number, overrides?: IDataObject): string;
	/** Emails (lower-case, sorted) of the accounts that have access. */
	liveEmails(): string[];
	/** Whether the user of person(n) lost access the vendor's way (deleted, deactivated, terminated). */
	removed(n: number): boolean;
	/** Requests that change something. */
	writes(): SandboxRequest[];
	/** The seeded or created user of person(n), as the sandbox holds it. */
	user(n: number): IDataObject | undefined;
	stop(): Promise<void>;
}

/** Group sync, for vendors with groups: make a group, put a user in it, read its members' emails. */
export interface GroupSupport {
	seedGroup(): string;
	addMember(groupId: string, n: number): void;
	memberEmails(groupId: string): string[];
}

export interface SyncVendorRow {
	name: string;
	/** The best removal the vendor has, as Users Not in Roster's value. */
	removal: 'delete' | 'deactivate';
	/** A roster item for person n. */
	person(n: number, domain?: string): IDataObject;
	/** A roster change that the vendor's comparison sees: the item key, and the vendor field it sets. */
	change: { key: string; value: string; field: string };
	/** A roster field that fails validation, for a "bad row". */
	badRow: IDataObject;
	/** The create request, for faults on it. */
	create: { method: string; path: string; match?: (request: SandboxRequest) => boolean };
	start(): Promise<SyncRun & { groups?: GroupSupport }>;
}

/**
 * The built package with n8n's `...Tool` type names too: n8n runs a `usableAsTool` node for an AI
 * agent as `<package>.<node>Tool`, the same node class under that name (convertNodeToAiTool).
 */
export async function withToolVariants(): Promise<LoadedPackage> {
	const pkg = await builtPackage();
	const base = (name: string) => name.replace(/Tool$/, '');
	return {
		...pkg,
		nodeTypes: {
			getByName: (name) => pkg.nodeTypes.getByName(base(name)),
			getByNameAndVersion: (name, version) => pkg.nodeTypes.getByNameAndVersion(base(name), version),
			getKnownTypes: () => pkg.nodeTypes.getKnownTypes(),
		},
	};
}

export const email = (n: number, domain = 'example.com') => `person${n}@${domain}`;

let credentialSeq = 0;

const garmat: SyncVendorRow = {
	name: 'Garmat',
	removal: 'deactivate',
	person: (n, domain) => ({ name: `Person ${n}`, email: email(n, domain), role: 'customer_read_only' }),
	change: { key: 'name', value: 'Renamed Person', field: 'name' },
	badRow: { role: 'superuser' },
	create: { method: 'POST', path: '/api/users' },
	async start() {
		const sandbox = new GarmatSandbox();
		await sandbox.start();
		const byEmail = (n: number) => sandbox.users.find((user) => user.email.toLowerCase() === email(n));
		const credentials = { id: `sync-garmat-${++credentialSeq}`, type: 'garmatApi', data: { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.apiKey, sessionToken: '' } };
		return {
			sandbox,
			run: async (parameters, items, extra = {}) =>
				await runNode({
					node: 'garmat',
					parameters: { resource: 'user', name: '={{ $json.name }}', email: '={{ $json.email }}', role: '={{ $json.role }}', ...parameters },
					items,
					continueOnFail: extra.continueOnFail,
					credentials,
					...(extra.nodeType ? { nodeType: { name: extra.nodeType, version: 1 }, pkg: await withToolVariants() } : {}),
				}),
			seed: (n, overrides = {}) => sandbox.seedUser({ email: email(n), name: `Person ${n}`, ...overrides }).id,
			liveEmails: () => sandbox.users.filter((user) => user.status !== 'deactivated').map((user) => user.email.toLowerCase()).sort(),
			removed: (n) => byEmail(n)?.status === 'deactivated',
			writes: () => sandbox.requests.filter((request) => request.method !== 'GET'),
			user: (n) => byEmail(n) as IDataObject | undefined,
			stop: async () => await sandbox.stop(),
		};
	},
};

const domo: SyncVendorRow = {
	name: 'Domo',
	removal: 'delete',
	person: (n, domain) => ({ name: `Person ${n}`, email: email(n, domain), role: 'Participant' }),
	change: { key: 'name', value: 'Renamed Person', field: 'name' },
	badRow: { role: 'Superuser' },
	create: { method: 'POST', path: '/v1/users' },
	async start() {
		const sandbox = new DomoSandbox();
		await sandbox.start();
		const byEmail = (n: number) => sandbox.users.find((user) => user.email.toLowerCase() === email(n));
		const credentials = { id: `sync-domo-${++credentialSeq}`, type: 'domoApi', data: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiHost: sandbox.url, accessToken: '' } };
		return {
			sandbox,
			run: async (parameters, items, extra = {}) =>
				await runNode({
					node: 'domo',
					parameters: { resource: 'user', name: '={{ $json.name }}', email: '={{ $json.email }}', role: '={{ $json.role }}', groupIds: '={{ $json.groups }}', ...parameters },
					items,
					continueOnFail: extra.continueOnFail,
					credentials,
					...(extra.nodeType ? { nodeType: { name: extra.nodeType, version: 1 }, pkg: await withToolVariants() } : {}),
				}),
			seed: (n, overrides = {}) => String(sandbox.seedUser({ email: email(n), name: `Person ${n}`, ...overrides }).id),
			liveEmails: () => sandbox.users.filter((user) => !user.deleted).map((user) => user.email.toLowerCase()).sort(),
			removed: (n) => byEmail(n)?.deleted === true,
			writes: () => sandbox.requests.filter((request) => request.method !== 'GET' && !request.path.startsWith('/oauth')),
			user: (n) => byEmail(n) as IDataObject | undefined,
			stop: async () => await sandbox.stop(),
			groups: {
				seedGroup: () => String(sandbox.seedGroup(`Group ${++credentialSeq}`).id),
				addMember: (groupId, n) => {
					const user = byEmail(n)!;
					user.groups.push({ id: Number(groupId), name: 'seeded' });
				},
				memberEmails: (groupId) => sandbox.members(groupId).map((id) => sandbox.user(id)!.email.toLowerCase()).sort(),
			},
		};
	},
};

const luzmo: SyncVendorRow = {
	name: 'Luzmo',
	removal: 'delete',
	person: (n, domain) => ({ name: `Person ${n}`, email: email(n, domain) }),
	change: { key: 'name', value: 'Renamed Person', field: 'name' },
	badRow: { progress: 'lots' },
	create: { method: 'POST', path: '/0.1.0/user', match: (request) => (request.body as IDataObject | undefined)?.action === 'create' },
	async start() {
		const sandbox = new LuzmoSandbox();
		await sandbox.start();
		const live = () => sandbox.records.filter((record) => !record.deleted && record.organizationId === sandbox.organizationId);
		const byEmail = (n: number) => sandbox.records.find((record) => record.user.email.toLowerCase() === email(n));
		const credentials = { id: `sync-luzmo-${++credentialSeq}`, type: 'luzmoApi', data: { apiKey: sandbox.apiKey, apiToken: sandbox.apiToken, region: 'custom', customHost: sandbox.url } };
		return {
			sandbox,
			run: async (parameters, items, extra = {}) =>
				await runNode({
					node: 'luzmo',
					parameters: { resource: 'user', email: '={{ $json.email }}', additionalFields: { name: '={{ $json.name }}', onboarding_editor_progress: '={{ $json.progress }}' }, groupIds: '={{ $json.groups }}', ...parameters },
					items,
					continueOnFail: extra.continueOnFail,
					credentials,
					...(extra.nodeType ? { nodeType: { name: extra.nodeType, version: 1 }, pkg: await withToolVariants() } : {}),
				}),
			seed: (n, overrides = {}) => sandbox.seedUser({ email: email(n), name: `Person ${n}`, ...overrides }).id,
			liveEmails: () => live().map((record) => record.user.email.toLowerCase()).sort(),
			removed: (n) => byEmail(n)?.deleted === true,
			writes: () => sandbox.requests.filter((request) => !['get'].includes(String((request.body as IDataObject | undefined)?.action))),
			user: (n) => byEmail(n)?.user as IDataObject | undefined,
			stop: async () => await sandbox.stop(),
			groups: {
				seedGroup: () => String(sandbox.groups.seed(`Group ${++credentialSeq}`).id),
				addMember: (groupId, n) => sandbox.groups.addMember(groupId, String(byEmail(n)!.user.id)),
				memberEmails: (groupId) => sandbox.groups.memberIds(groupId).map((id) => String(sandbox.liveUser(id)!.email).toLowerCase()).sort(),
			},
		};
	},
};

const TENANT = 'client_16';

const opsramp: SyncVendorRow = {
	name: 'OpsRamp',
	removal: 'delete',
	person: (n, domain) => ({ loginName: `person${n}${domain ? `.${domain}` : ''}`, firstName: 'Person', lastName: `Number ${n}`, email: email(n, domain) }),
	change: { key: 'lastName', value: 'Renamed', field: 'lastName' },
	badRow: { loginName: '' },
	create: { method: 'POST', path: `/api/v2/tenants/${TENANT}/users` },
	async start() {
		const sandbox = new OpsRampSandbox();
		await sandbox.start();
		let groupNo = 0;
		const byEmail = (n: number) => [...sandbox.users, ...sandbox.terminated].find((user) => String(user.email).toLowerCase() === email(n));
		const credentials = {
			id: `sync-opsramp-${++credentialSeq}`,
			type: 'opsRampApi',
			data: { host: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authPath: '/auth/oauth/token', tenantId: '', accessToken: '' },
		};
		return {
			sandbox,
			run: async (parameters, items, extra = {}) =>
				await runNode({
					node: 'opsramp',
					parameters: {
						resource: 'user',
						tenantId: TENANT,
						loginName: '={{ $json.loginName }}',
						firstName: '={{ $json.firstName }}',
						lastName: '={{ $json.lastName }}',
						email: '={{ $json.email }}',
						groupIds: '={{ $json.groups }}',
						...parameters,
					},
					items,
					continueOnFail: extra.continueOnFail,
					credentials,
					...(extra.nodeType ? { nodeType: { name: extra.nodeType, version: 1 }, pkg: await withToolVariants() } : {}),
				}),
			seed: (n, overrides = {}) => sandbox.seedUser(TENANT, { email: email(n), loginName: `person${n}`, firstName: 'Person', lastName: `Number ${n}`, ...overrides }).id,
			liveEmails: () => sandbox.users.filter((user) => user.orgId === TENANT && user.status !== 'inactive').map((user) => String(user.email).toLowerCase()).sort(),
			removed: (n) => byEmail(n)?.status === 'terminated',
			writes: () => sandbox.requests.filter((request) => request.method !== 'GET' && !request.path.includes('oauth')),
			user: (n) => byEmail(n) as IDataObject | undefined,
			stop: async () => await sandbox.stop(),
			groups: {
				// The sandbox's tenants share three user groups: each call takes the next one.
				seedGroup: () => USER_GROUPS[groupNo++].uniqueId,
				addMember: (groupId, n) => {
					const group = USER_GROUPS.find((candidate) => candidate.uniqueId === groupId)!;
					(byEmail(n)!.userGroups as IDataObject[]).push({ uniqueId: group.uniqueId, name: group.name });
				},
				memberEmails: (groupId) =>
					sandbox.users
						.filter((user) => (user.userGroups as Array<{ uniqueId: string }>).some((group) => group.uniqueId === groupId))
						.map((user) => String(user.email).toLowerCase())
						.sort(),
			},
		};
	},
};

export const SYNC_VENDORS: SyncVendorRow[] = [luzmo, domo, opsramp, garmat];
