/**
 * What the bad-input properties need from each vendor, one adapter per vendor whatever the
 * operation: a fresh sandbox seeded the same way every time (three users with fixed IDs, members
 * of one group), its credential, the clean values a field's type cannot tell (the seeded user an
 * item names, a tenant that exists, role names the tenant knows, a password that meets the
 * policy), the cross-field rules a clean item keeps, and how to check a create request the
 * sandbox received. Operations are not listed here: every operation the node offers is a row.
 */
import fc from 'fast-check';

import type { RunNodeOptions } from '../harness/workflow';
import { DomoSandbox } from '../sandbox/domo';
import { GarmatSandbox } from '../sandbox/garmat';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { COUNTRIES, OpsRampSandbox, ROLES, TIMEZONES, USER_GROUPS } from '../sandbox/opsramp';
import type { Sandbox, SandboxRequest } from '../sandbox/toolkit';
import type { FieldSpec, OperationKey } from './fields';
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
	/** A fresh sandbox with the seeded users and group; the same IDs every time. */
	start(): Promise<Started>;
	/** A clean value where the field's type alone is not enough; item `n` names seeded user n. */
	clean(spec: FieldSpec, operation: OperationKey, item: number): fc.Arbitrary<unknown> | undefined;
	/** Makes one clean item keep the rules between fields. */
	fixClean?(item: Record<string, unknown>): void;
	/** The email a create request was for. */
	emailOf(request: SandboxRequest): unknown;
	/** Refusals the vendor may give to a well-formed request carrying an odd value (names only it knows). */
	allowedRefusal?: RegExp;
}

/** Items per sample, at most: one seeded user each. */
export const MAX_ITEMS = 3;

export const seededEmail = (n: number) => `person${n}@example.com`;

/**
 * Clean values every vendor shares: a Timeout long enough that a loaded machine never times out a
 * local request; Sync's filters that must match something left empty (Email Domains, Role, Never
 * Touch).
 */
function timeout(spec: FieldSpec): fc.Arbitrary<unknown> | undefined {
	if (spec.key === 'options__timeout') return fc.integer({ min: 5000, max: 60000 });
	if (['options__emailDomains', 'options__scopeRole', 'options__neverTouch'].includes(spec.key)) return fc.constant('');
	return undefined;
}

/** Find User By, and the seeded user's email or ID: both given, as n8n needs when Find User By is an expression. */
function selector(spec: FieldSpec, item: number, id: (n: number) => string): fc.Arbitrary<unknown> | undefined {
	if (spec.key === 'findBy') return fc.constantFrom('email', 'id');
	if (spec.key === 'userId') return fc.constant(id(item));
	if (spec.key === 'email') return fc.constant(seededEmail(item));
	if (spec.key === 'ifNotFound') return fc.constantFrom('succeed', 'error');
	return undefined;
}

/** Create, and the operations that take Create's fields (Create or Update, Sync's roster rows). */
const createLike = (operation: OperationKey) => ['create', 'createOrUpdate', 'sync'].includes(operation.operation);

/**
 * Sync's own fields: the group IDs the vendor knows; Apply, so the values reach the vendor (a
 * Preview sends no write), with the users not in the roster kept (removing the seeded users would
 * meet the removal guard by design, and the next row needs them).
 */
function syncField(spec: FieldSpec, operation: OperationKey, group: string): fc.Arbitrary<unknown> | undefined {
	if (operation.operation !== 'sync') return undefined;
	const field = spec.key.replace(/^.*__/, '');
	if (field === 'groupIds' || field === 'scopeGroup' || field === 'managedGroups') return fc.constant(group);
	if (field === 'mode') return fc.constant('apply');
	if (field === 'notInRoster') return fc.constant('keep');
	return undefined;
}

let seq = 0;
const credentialId = (node: string) => `bad-input-${node}-${++seq}`;

const uuid = (kind: number, n: number) => `00000000-0000-4000-8000-${String(kind * 100 + n).padStart(12, '0')}`;

const LUZMO_GROUP = uuid(9, 0);

export const luzmo: BadInputVendor = {
	node: 'luzmo',
	name: 'Luzmo',
	async start() {
		const sandbox = new LuzmoSandbox({ rejectDuplicates: false });
		await sandbox.start();
		const group = sandbox.groups.seed('Leavers');
		group.id = LUZMO_GROUP;
		for (let n = 0; n < MAX_ITEMS; n++) {
			const user = sandbox.seedUser({ id: uuid(1, n), email: seededEmail(n), name: `Person ${n}` });
			sandbox.groups.addMember(LUZMO_GROUP, user.id as string);
		}
		return {
			sandbox,
			credentials: { id: credentialId('luzmo'), type: 'luzmoApi', data: { apiKey: sandbox.apiKey, apiToken: sandbox.apiToken, region: 'custom', customHost: sandbox.url } },
			creates: () => sandbox.creates(),
			shapeProblems: (request) => luzmoShape(request, { key: sandbox.apiKey, token: sandbox.apiToken }),
		};
	},
	clean(spec, operation, item) {
		if (spec.key === 'groupId') return fc.constant(LUZMO_GROUP);
		const sync = syncField(spec, operation, LUZMO_GROUP);
		if (sync) return sync;
		// A language appears once in a company name: entry 0 and entry 1 draw from different codes.
		if (spec.key.endsWith('company__0__language')) return fc.constantFrom('en', 'nl', 'zh_cn');
		if (spec.key.endsWith('company__1__language')) return fc.constantFrom('fr', 'de', 'pt-BR');
		return timeout(spec) ?? (createLike(operation) ? undefined : selector(spec, item, (n) => uuid(1, n)));
	},
	emailOf: (request) => request.body?.properties?.email,
};

const DOMO_GROUP = 876655018;

export const domo: BadInputVendor = {
	node: 'domo',
	name: 'Domo',
	async start() {
		const sandbox = new DomoSandbox({ rejectDuplicates: false });
		await sandbox.start();
		const group = sandbox.seedGroup('Leavers');
		group.id = DOMO_GROUP;
		for (let n = 0; n < MAX_ITEMS; n++) sandbox.addToGroup(sandbox.seedUser({ id: 900 + n, email: seededEmail(n), name: `Person ${n}` }), group);
		return {
			sandbox,
			credentials: { id: credentialId('domo'), type: 'domoApi', data: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiHost: sandbox.url, accessToken: '' } },
			creates: () => sandbox.creates(),
			shapeProblems: domoShape,
		};
	},
	clean(spec, operation, item) {
		if (spec.key === 'groupId') return fc.constant(String(DOMO_GROUP));
		return syncField(spec, operation, String(DOMO_GROUP)) ?? timeout(spec) ?? (createLike(operation) ? undefined : selector(spec, item, (n) => String(900 + n)));
	},
	emailOf: (request) => request.body?.email,
};

const names = (list: Array<{ name: string }>) => list.map((entry) => entry.name);
const OPSRAMP_GROUP = USER_GROUPS[0];
const opsRampId = (n: number) => `USR000000900${n}`;

export const opsramp: BadInputVendor = {
	node: 'opsramp',
	name: 'OpsRamp',
	async start() {
		const sandbox = new OpsRampSandbox({ rejectDuplicates: false });
		await sandbox.start();
		for (let n = 0; n < MAX_ITEMS; n++) {
			sandbox.seedUser('client_16', {
				id: opsRampId(n),
				email: seededEmail(n),
				loginName: `person${n}`,
				userGroups: [{ uniqueId: OPSRAMP_GROUP.uniqueId, name: OPSRAMP_GROUP.name }],
			});
		}
		return {
			sandbox,
			credentials: {
				id: credentialId('opsramp'),
				type: 'opsRampApi',
				data: { host: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authPath: '/auth/oauth/token', tenantId: '', accessToken: '' },
			},
			creates: () => sandbox.creates(),
			shapeProblems: opsRampShape,
		};
	},
	clean(spec, operation, item) {
		const create = createLike(operation);
		const sync = syncField(spec, operation, OPSRAMP_GROUP.uniqueId);
		if (sync) return sync;
		// The seeded users live in client_16; a new one may go to either tenant.
		if (spec.key === 'tenantId') return create && operation.operation !== 'sync' ? fc.constantFrom('client_16', 'msp_15') : fc.constant('client_16');
		if (spec.key === 'groupId') return fc.constant(OPSRAMP_GROUP.uniqueId);
		// Login names are unique in a tenant, as emails are.
		if (spec.property.name === 'loginName') return cleanText.map((text) => `${text}.i${item}`);
		const field = spec.key.replace(/^(additionalFields|updateFields)__/, '');
		if (spec.group !== 'top' && field === 'email') return fc.constant(`renamed.i${item}@example.com`);
		if (field === 'password') return cleanText.map((text) => `Pw1!${text}xy`);
		if (field === 'roles') return fc.subarray(names(ROLES));
		if (field === 'userGroups') return fc.subarray(names(USER_GROUPS));
		if (field === 'country') return fc.constantFrom(...names(COUNTRIES));
		if (field === 'timeZone__0__code') return fc.constantFrom(...TIMEZONES.map((zone) => zone.code));
		if (field === 'timeZone__0__name') return fc.constantFrom(...TIMEZONES.map((zone) => zone.name));
		if (spec.key === 'filters__status') return fc.constantFrom('active', 'inactive');
		return timeout(spec) ?? (create ? undefined : selector(spec, item, opsRampId));
	},
	fixClean(item) {
		// A notification user is nothing else; specific user groups go without a User Group Type.
		for (const prefix of ['additionalFields', 'updateFields']) {
			const access = item[`${prefix}__userAccessTypes`];
			if (Array.isArray(access) && access.includes('NOTIFICATION_USER')) item[`${prefix}__userAccessTypes`] = ['NOTIFICATION_USER'];
			const groups = item[`${prefix}__userGroups`];
			if (Array.isArray(groups) && groups.length && `${prefix}__userGroupType` in item) item[`${prefix}__userGroupType`] = '';
		}
	},
	emailOf: (request) => request.body?.email,
	// Names the node cannot check offline: roles, user groups and tenants are the tenant's own.
	allowedRefusal: /^(Role not found|User group not found|Tenant not found): |^Login name ".*" already belongs to another OpsRamp user|^Cannot search OpsRamp for the email/s,
};

const garmatId = (n: number) => uuid(2, n);

export const garmat: BadInputVendor = {
	node: 'garmat',
	name: 'Garmat',
	async start() {
		const sandbox = new GarmatSandbox({ rejectDuplicates: false });
		await sandbox.start();
		for (let n = 0; n < MAX_ITEMS; n++) sandbox.seedUser({ id: garmatId(n), email: seededEmail(n), name: `Person ${n}` });
		return {
			sandbox,
			// An admin key: account_id is only accepted from Garmat admins, and only they re-send invitations.
			credentials: { id: credentialId('garmat'), type: 'garmatApi', data: { baseUrl: sandbox.url, authentication: 'apiKey', apiKey: sandbox.adminKey, sessionToken: '' } },
			creates: () => sandbox.received('POST', '/api/users'),
			shapeProblems: garmatShape,
		};
	},
	clean(spec, operation, item) {
		if (spec.key === 'filters__filter') return fc.constantFrom('', 'example', 'person');
		if (spec.key === 'filters__sort') return fc.constantFrom('', 'name', '-email');
		if (spec.key === 'updateFields__email') return fc.constant(`renamed.i${item}@example.com`);
		return syncField(spec, operation, '') ?? timeout(spec) ?? (createLike(operation) ? undefined : selector(spec, item, garmatId));
	},
	emailOf: (request) => request.body?.email,
};

export const BAD_INPUT_VENDORS: BadInputVendor[] = [luzmo, domo, opsramp, garmat];
