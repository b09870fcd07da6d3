/**
 * OpsRamp: a client-credentials token from /auth/oauth/token, then API v2 under a tenant: GETs
 * read; POST, PUT and DELETE write (a user's status changes are POSTs of an action).
 */
import type { IDataObject } from 'n8n-workflow';

import type { OpsRampUserRecord } from '../../sandbox/opsramp';
import { OpsRampSandbox, USER_GROUPS } from '../../sandbox/opsramp';
import type { SandboxRequest } from '../../sandbox/toolkit';
import type { OperationRow } from '../rows';
import { email, everyRecordOnce, fieldsDiffer, flagFalse, found, provisioned } from '../rows';
import type { Vendor, VendorRun } from './types';
import { namedTokens, recordIssued, runRow, secret } from './types';
import { upsertRows } from './upsert';

type Run = VendorRun<OpsRampSandbox> & { password: string };

export const TENANT = 'client_16';
const GROUP = USER_GROUPS[0];
const USERS = `/api/v2/tenants/${TENANT}/users`;
const MEMBERS = `/api/v2/tenants/${TENANT}/userGroups/${GROUP.uniqueId}/users`;
const userCall = (suffix: string) => new RegExp(`^${USERS}/(USR\\d+)${suffix}$`);
const idIn = (pattern: RegExp) => (r: SandboxRequest) => pattern.exec(r.path)?.[1] ?? '';
/** The user a membership change names: its body is `[{ id }]`. */
const memberKey = (r: SandboxRequest) => String(Array.isArray(r.body) ? r.body[0]?.id : '');

const byEmail = { tenantId: TENANT, findBy: 'email', email: '={{ $json.email }}' };

/** `extra` is called per user: each record gets its own lists. */
function seedPeople(v: Run, count: number, extra: () => Partial<OpsRampUserRecord> = () => ({})): IDataObject[] {
	return Array.from({ length: count }, (_, n) => {
		const user = v.sandbox.seedUser(TENANT, { email: email(n), loginName: `user${n}`, ...extra() });
		return { email: user.email, id: user.id };
	});
}

const user = (v: Run, item: IDataObject) => v.sandbox.user(String(item.id));
const inGroup = (v: Run, item: IDataObject) =>
	((user(v, item)?.userGroups ?? []) as Array<{ uniqueId: string }>).filter((g) => g.uniqueId === GROUP.uniqueId).length;

/** Deactivate and Activate: a status action, checked before it is sent again. */
function statusRow(operation: 'deactivate' | 'activate', action: string, from: string, to: string, flag: string): OperationRow<Run> {
	return {
		resource: 'user',
		operation,
		effect: `user ${to === 'inactive' ? 'deactivated' : 'activated'}`,
		parameters: byEmail,
		prepare: (v, count) => seedPeople(v, count, () => ({ status: from })),
		write: { target: { method: 'POST', path: userCall(`/${action}`) }, key: idIn(userCall(`/${action}`)), resend: 'checked' },
		effects: (v, item) => (user(v, item)?.status === to ? 1 : 0),
		output: (_v, item, [json]) => [...fieldsDiffer('output', json, { id: item.id, email: item.email, status: to }), ...flagFalse(json, flag)],
	};
}

const rows: Array<OperationRow<Run>> = [
	{
		resource: 'user',
		operation: 'create',
		effect: 'user created',
		parameters: {
			tenantId: TENANT,
			loginName: '={{ $json.loginName }}',
			firstName: '={{ $json.firstName }}',
			lastName: '={{ $json.lastName }}',
			email: '={{ $json.email }}',
			// From the item, not typed into the node: the node's parameters are the workflow's, not an output.
			additionalFields: { password: '={{ $json.password }}' },
		},
		prepare: (v, count, already) =>
			Array.from({ length: count }, (_, n) => {
				if (already.has(n)) v.sandbox.seedUser(TENANT, { email: email(n), loginName: `user${n}` });
				return { loginName: `user${n}`, firstName: 'User', lastName: `Number ${n}`, email: email(n), password: v.password };
			}),
		write: { target: { method: 'POST', path: USERS }, key: (r) => String(r.body?.email).toLowerCase(), resend: 'checked' },
		effects: (v, item) => v.sandbox.createdByEmail.get(String(item.email)) ?? 0,
		output: (_v, item, outputs, context) => provisioned(item, outputs, context),
		lookupVariant: { options: { ifUserExists: 'returnExisting' }, already: [1] },
	},
	{
		resource: 'user',
		operation: 'get',
		effect: 'nothing (a read)',
		parameters: byEmail,
		prepare: (v, count) => seedPeople(v, count),
		effects: () => 0,
		output: (_v, item, outputs) => found(item, outputs),
	},
	{
		resource: 'user',
		operation: 'getAll',
		effect: 'nothing (a read)',
		parameters: { tenantId: TENANT, returnAll: true },
		// Pages of 100: 101 users make a second page, the one read faults hit.
		prepare: (v, count) => {
			for (let n = 0; n < 101; n++) v.sandbox.seedUser(TENANT, { email: `member${n}@example.com`, loginName: `member${n}` });
			return Array.from({ length: count }, () => ({}));
		},
		list: true,
		faultRead: 2,
		effects: () => 0,
		output: (v, _item, outputs) => everyRecordOnce(outputs, v.sandbox.users.filter((u) => u.orgId === TENANT).map((u) => u.id)),
	},
	{
		resource: 'user',
		operation: 'update',
		effect: 'user updated',
		// A new password too: OpsRamp quotes it in refusals (echoPasswordInErrors), and it is a secret.
		parameters: { ...byEmail, updateFields: { city: '={{ $json.city }}', password: '={{ $json.password }}' } },
		prepare: (v, count) => seedPeople(v, count).map((item, n) => ({ ...item, city: `City ${n}`, password: v.password })),
		write: { target: { method: 'POST', path: userCall('') }, key: idIn(userCall('')), resend: 'transport' },
		effects: (v, item) => (user(v, item)?.city === item.city ? 1 : 0),
		output: (v, item, [json]) => [
			...fieldsDiffer('output', json, { id: item.id, email: item.email, city: item.city }),
			...('password' in json ? ['output shows a password field'] : []),
			...fieldsDiffer('user in OpsRamp', user(v, item) as IDataObject | undefined, { email: item.email, city: item.city }),
		],
	},
	{
		resource: 'user',
		operation: 'delete',
		effect: 'user terminated',
		parameters: { ...byEmail, maskType: 'FULL' },
		prepare: (v, count) => seedPeople(v, count),
		write: { target: { method: 'POST', path: userCall('/TERMINATE') }, key: idIn(userCall('/TERMINATE')), resend: 'checked' },
		effects: (v, item) => (user(v, item) ? 0 : v.sandbox.terminated.filter((u) => u.id === item.id).length),
		output: (_v, item, [json]) => [...fieldsDiffer('output', json, { deleted: true, id: item.id, email: item.email }), ...flagFalse(json, 'alreadyAbsent')],
	},
	statusRow('deactivate', 'DEACTIVATE', 'active', 'inactive', 'alreadyInactive'),
	statusRow('activate', 'ACTIVATE', 'inactive', 'active', 'alreadyActive'),
	{
		resource: 'user',
		operation: 'addToGroup',
		effect: 'membership added',
		parameters: { ...byEmail, groupId: GROUP.uniqueId },
		prepare: (v, count) => seedPeople(v, count).map((item) => ({ ...item, groupId: GROUP.uniqueId })),
		write: { target: { method: 'POST', path: MEMBERS }, key: memberKey, resend: 'checked' },
		effects: inGroup,
		output: (_v, item, [json]) => [
			...fieldsDiffer('output', json, { added: true, id: item.id, groupId: item.groupId }),
			...flagFalse(json, 'alreadyMember'),
		],
	},
	{
		resource: 'user',
		operation: 'removeFromGroup',
		effect: 'membership removed',
		parameters: { ...byEmail, groupId: GROUP.uniqueId },
		prepare: (v, count) => seedPeople(v, count, () => ({ userGroups: [{ uniqueId: GROUP.uniqueId, name: GROUP.name }] })).map((item) => ({ ...item, groupId: GROUP.uniqueId })),
		write: { target: { method: 'DELETE', path: MEMBERS }, key: memberKey, resend: 'checked' },
		// The sandbox keeps no count of removals: removed is "out of the group", once.
		effects: (v, item) => (inGroup(v, item) === 0 ? 1 : 0),
		output: (_v, item, [json]) => [
			...fieldsDiffer('output', json, { removed: true, id: item.id, groupId: item.groupId }),
			...flagFalse(json, 'alreadyAbsent'),
		],
	},
	{
		resource: 'group',
		operation: 'getAll',
		effect: 'nothing (a read)',
		parameters: { tenantId: TENANT, returnAll: true },
		// The sandbox's three user groups: one page.
		prepare: (_v, count) => Array.from({ length: count }, () => ({})),
		list: true,
		effects: () => 0,
		output: (v, _item, outputs) => everyRecordOnce(outputs, v.sandbox.groups.map((g) => g.uniqueId), (json) => json.uniqueId),
	},
	// OpsRamp's Update sets the fields it names (sent again as it is); TERMINATE is checked first, as Delete's.
	...upsertRows<Run>({
		tokenExchange: true,
		parameters: {
			tenantId: TENANT,
			loginName: '={{ $json.loginName }}',
			firstName: '={{ $json.firstName }}',
			lastName: '={{ $json.lastName }}',
			email: '={{ $json.email }}',
			additionalFields: { password: '={{ $json.password }}' },
		},
		person: (v, n) => ({ loginName: `user${n}`, firstName: 'User', lastName: `Number ${n}`, email: email(n), password: v.password }),
		seed: (v, n) => v.sandbox.seedUser(TENANT, { email: email(n), loginName: `user${n}`, firstName: 'User', lastName: `Number ${n}` }).id,
		field: 'lastName',
		record: (v, id) => v.sandbox.user(id) as IDataObject | undefined,
		created: (v, address) => v.sandbox.createdByEmail.get(address) ?? 0,
		writes: {
			create: { target: { method: 'POST', path: USERS }, key: (r) => String(r.body?.email).toLowerCase(), resend: 'checked' },
			update: { target: { method: 'POST', path: userCall('') }, key: idIn(userCall('')), resend: 'transport' },
			removal: { target: { method: 'POST', path: userCall('/TERMINATE') }, key: idIn(userCall('/TERMINATE')), resend: 'checked' },
		},
		removal: { notInRoster: 'delete', action: 'removed', effect: 'user terminated', effects: (v, id) => (v.sandbox.user(id) ? 0 : v.sandbox.terminated.filter((u) => u.id === id).length) },
	}),
];

export const opsramp: Vendor<Run> = {
	id: 'opsramp',
	name: 'OpsRamp',
	hasToken: true,
	limiterCounts: 'writes',
	rows,
	async start({ tag, staleToken, refuseCounted }) {
		const sandbox = new OpsRampSandbox({
			clientId: secret('opsramp', 'key', tag),
			clientSecret: secret('opsramp', 'secret', tag),
			// A careless API that quotes the password of a refused create or update.
			echoPasswordInErrors: true,
			...(refuseCounted ? { rateLimit: { limit: 100_000, windowMs: 1000, refuse: refuseCounted } } : {}),
		});
		await sandbox.start();
		const issued = recordIssued(sandbox.tokens);
		// Meets the password policy: 7+ characters, a digit, a special character, both cases.
		const password = `Pw!${secret('opsramp', 'password', tag)}9`;
		const stale = staleToken ? secret('opsramp', 'stale-token', tag) : '';
		const run: Run = {
			vendor: 'opsramp',
			name: 'OpsRamp',
			sandbox,
			password,
			secrets: () => ({ key: sandbox.clientId, secret: sandbox.clientSecret, 'user password': password, ...(stale ? { 'stale token': stale } : {}), ...namedTokens(issued) }),
			isRead: (r) => r.method === 'GET' && r.path.startsWith('/api/v2/'),
			isWrite: (r) => r.method !== 'GET' && r.path.startsWith('/api/v2/'),
			token: { method: 'POST', path: '/auth/oauth/token' },
			expireTokens: () => sandbox.expireTokens(),
			errorBody: (status, message) => (status === 429 ? { error: 'throttled', error_description: message } : { code: '0001', message }),
			// OpsRamp announces its window in X-RateLimit headers, the reset in epoch seconds; no Retry-After.
			rateLimited: () => ({
				status: 429,
				body: { error: 'throttled', error_description: 'Too Many Requests' },
				headers: { 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 1) },
			}),
			tokenRefusal: { body: { error: 'invalid_client', error_description: 'Bad client credentials' }, message: 'Bad client credentials' },
			unknownTokenBody: (token) => ({ error: 'invalid_token', error_description: `Invalid access token: ${token}` }),
			run: async (row, settings) =>
				await runRow(
					'opsramp',
					'opsRampApi',
					{ host: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authPath: '/auth/oauth/token', tenantId: '', accessToken: stale },
					row,
					settings,
				),
			stop: async () => await sandbox.stop(),
		};
		return run;
	},
};
