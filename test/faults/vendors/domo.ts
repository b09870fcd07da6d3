/**
 * Domo: a client-credentials token from /oauth/token, then REST on /v1/: GETs read, POST, PUT and
 * DELETE write. Domo has no email search, so a user found by email comes from its user list.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DomoGroupRecord } from '../../sandbox/domo';
import { DomoSandbox } from '../../sandbox/domo';
import type { SandboxRequest } from '../../sandbox/toolkit';
import type { OperationRow } from '../rows';
import { email, everyRecordOnce, fieldsDiffer, flagFalse, flagWhenClean, found, provisioned } from '../rows';
import type { Vendor, VendorRun } from './types';
import { namedTokens, recordIssued, runRow, secret } from './types';
import { upsertRows } from './upsert';

type Run = VendorRun<DomoSandbox>;

const USER = /^\/v1\/users\/(\d+)$/;
const MEMBER = /^\/v1\/groups\/\d+\/users\/(\d+)$/;
const idIn = (pattern: RegExp) => (r: SandboxRequest) => pattern.exec(r.path)?.[1] ?? '';

const byEmail = { findBy: 'email', email: '={{ $json.email }}' };

function seedPeople(v: Run, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, n) => {
		const user = v.sandbox.seedUser({ email: email(n), name: `User ${n}` });
		return { email: user.email, id: String(user.id), name: user.name };
	});
}

function withGroup(v: Run, count: number, members: boolean): IDataObject[] {
	const group = v.sandbox.seedGroup('Sales');
	return seedPeople(v, count).map((item) => {
		if (members) v.sandbox.addToGroup(v.sandbox.user(String(item.id))!, group);
		return { ...item, groupId: String(group.id) };
	});
}

/** How many times the user is listed in the group (twice would be a double membership). */
const inGroup = (v: Run, item: IDataObject) => v.sandbox.user(String(item.id))?.groups.filter((g) => String(g.id) === item.groupId).length ?? 0;

const record = (v: Run, item: IDataObject) => v.sandbox.users.find((u) => String(u.id) === item.id);

const rows: Array<OperationRow<Run>> = [
	{
		resource: 'user',
		operation: 'create',
		effect: 'user created',
		parameters: { name: '={{ $json.name }}', email: '={{ $json.email }}', role: 'Participant' },
		prepare: (v, count, already) =>
			Array.from({ length: count }, (_, n) => {
				if (already.has(n)) v.sandbox.seedUser({ email: email(n), name: `User ${n}` });
				return { name: `User ${n}`, email: email(n) };
			}),
		write: { target: { method: 'POST', path: '/v1/users' }, key: (r) => String(r.body?.email).toLowerCase(), resend: 'checked' },
		effects: (v, item) => v.sandbox.createdByEmail.get(String(item.email)) ?? 0,
		output: (_v, item, outputs, context) => provisioned(item, outputs, context),
		lookupVariant: { options: { ifUserExists: 'returnExisting' }, already: [1] },
	},
	{
		resource: 'user',
		operation: 'get',
		effect: 'nothing (a read)',
		parameters: byEmail,
		prepare: seedPeople,
		effects: () => 0,
		output: (_v, item, outputs) => found(item, outputs),
	},
	{
		resource: 'user',
		operation: 'getAll',
		effect: 'nothing (a read)',
		parameters: { returnAll: true },
		// Pages of 500: 501 users make a second page, the one read faults hit.
		prepare: (v, count) => {
			for (let n = 0; n < 501; n++) v.sandbox.seedUser({ email: `member${n}@example.com` });
			return Array.from({ length: count }, () => ({}));
		},
		list: true,
		faultRead: 2,
		effects: () => 0,
		output: (v, _item, outputs) => everyRecordOnce(outputs, v.sandbox.users.filter((u) => !u.deleted).map((u) => String(u.id))),
	},
	{
		resource: 'user',
		operation: 'update',
		effect: 'user updated',
		parameters: { ...byEmail, updateFields: { title: '={{ $json.title }}' } },
		prepare: (v, count) => seedPeople(v, count).map((item, n) => ({ ...item, title: `Title ${n}` })),
		write: { target: { method: 'PUT', path: USER }, key: idIn(USER), resend: 'transport' },
		effects: (v, item) => (v.sandbox.user(String(item.id))?.title === item.title ? 1 : 0),
		output: (v, item, [json]) => [
			...fieldsDiffer('output', json, { id: item.id, email: item.email, title: item.title }),
			// The PUT writes the whole record: what it did not change stays as it was.
			...fieldsDiffer('user in Domo', record(v, item) as IDataObject | undefined, { email: item.email, name: item.name, role: 'Participant' }),
		],
	},
	{
		resource: 'user',
		operation: 'delete',
		effect: 'user deleted',
		parameters: byEmail,
		prepare: seedPeople,
		write: { target: { method: 'DELETE', path: USER }, key: idIn(USER), resend: 'transport' },
		// Domo keeps a deleted user listed with `deleted: true`; it cannot be deleted twice.
		effects: (v, item) => (record(v, item)?.deleted ? 1 : 0),
		output: (_v, item, [json], context) => [
			...fieldsDiffer('output', json, { deleted: true, email: item.email }),
			...flagWhenClean(json, 'alreadyAbsent', context),
		],
	},
	{
		resource: 'user',
		operation: 'addToGroup',
		effect: 'membership added',
		parameters: { ...byEmail, groupId: '={{ $json.groupId }}' },
		prepare: (v, count) => withGroup(v, count, false),
		write: { target: { method: 'PUT', path: MEMBER }, key: idIn(MEMBER), resend: 'transport' },
		effects: inGroup,
		output: (_v, item, [json]) => [
			...fieldsDiffer('output', json, { userId: item.id, groupId: item.groupId }),
			...fieldsDiffer('output', json, { added: true, alreadyMember: false }),
		],
	},
	{
		resource: 'user',
		operation: 'removeFromGroup',
		effect: 'membership removed',
		parameters: { ...byEmail, groupId: '={{ $json.groupId }}' },
		prepare: (v, count) => withGroup(v, count, true),
		write: { target: { method: 'DELETE', path: MEMBER }, key: idIn(MEMBER), resend: 'transport' },
		// Domo keeps no count of removals: removed is "out of the group", once.
		effects: (v, item) => (inGroup(v, item) === 0 ? 1 : 0),
		output: (v, item, [json]) => [
			...fieldsDiffer('output', json, { removed: true, userId: item.id, groupId: item.groupId }),
			...flagFalse(json, 'alreadyAbsent'),
			// Only this group: the user stays in Domo's default group.
			...(v.sandbox.user(String(item.id))?.groups.map((g) => g.name).join() === 'Default' ? [] : ['the user left other groups too']),
		],
	},
	{
		resource: 'group',
		operation: 'getAll',
		effect: 'nothing (a read)',
		parameters: { returnAll: true },
		// Pages of 500: with Domo's default group, 501 groups make a second page.
		prepare: (v, count) => {
			for (let n = 0; n < 500; n++) v.sandbox.seedGroup(`Team ${n}`);
			return Array.from({ length: count }, () => ({}));
		},
		list: true,
		faultRead: 2,
		effects: () => 0,
		output: (v, _item, outputs) => everyRecordOnce(outputs, v.sandbox.groups.map((g: DomoGroupRecord) => String(g.id))),
	},
	// Domo's Update is a PUT of the whole record and its Delete a DELETE: both sent again as they are.
	...upsertRows<Run>({
		tokenExchange: true,
		parameters: { name: '={{ $json.name }}', email: '={{ $json.email }}', role: 'Participant' },
		person: (_v, n) => ({ name: `User ${n}`, email: email(n) }),
		seed: (v, n) => String(v.sandbox.seedUser({ email: email(n), name: `User ${n}` }).id),
		field: 'name',
		record: (v, id) => v.sandbox.users.find((u) => String(u.id) === id && !u.deleted) as IDataObject | undefined,
		created: (v, address) => v.sandbox.createdByEmail.get(address) ?? 0,
		writes: {
			create: { target: { method: 'POST', path: '/v1/users' }, key: (r) => String(r.body?.email).toLowerCase(), resend: 'checked' },
			update: { target: { method: 'PUT', path: USER }, key: idIn(USER), resend: 'transport' },
			removal: { target: { method: 'DELETE', path: USER }, key: idIn(USER), resend: 'transport' },
		},
		// Domo keeps a deleted user listed with `deleted: true`; it cannot be deleted twice.
		removal: { notInRoster: 'delete', action: 'removed', effect: 'user deleted', effects: (v, id) => (v.sandbox.users.find((u) => String(u.id) === id)?.deleted ? 1 : 0) },
	}),
];

export const domo: Vendor<Run> = {
	id: 'domo',
	name: 'Domo',
	hasToken: true,
	limiterCounts: 'every call',
	rows,
	async start({ tag, staleToken, refuseCounted }) {
		const sandbox = new DomoSandbox({
			clientId: `domo-client-${tag}`,
			clientSecret: secret('domo', 'client-secret', tag),
			...(refuseCounted ? { rateLimit: { limit: 100_000, windowMs: 1000, refuse: refuseCounted } } : {}),
		});
		await sandbox.start();
		const issued = recordIssued(sandbox.tokens);
		const stale = staleToken ? secret('domo', 'stale-token', tag) : '';
		return {
			vendor: 'domo',
			name: 'Domo',
			sandbox,
			secrets: () => ({
				'client secret': sandbox.clientSecret,
				'basic auth': Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64'),
				...(stale ? { 'stale token': stale } : {}),
				...namedTokens(issued),
			}),
			isRead: (r) => r.method === 'GET' && r.path.startsWith('/v1/'),
			isWrite: (r) => r.method !== 'GET' && r.path.startsWith('/v1/'),
			token: { method: 'GET', path: '/oauth/token' },
			expireTokens: () => sandbox.expireTokens(),
			errorBody: (status, message) => ({ status, statusReason: status === 429 ? 'Too Many Requests' : 'Error', message }),
			rateLimited: () => ({
				status: 429,
				body: { status: 429, statusReason: 'Too Many Requests', message: 'Rate limit exceeded' },
				headers: { 'Retry-After': '1' },
			}),
			tokenRefusal: { body: { error: 'invalid_client', error_description: 'Bad client credentials' }, message: 'Bad client credentials' },
			unknownTokenBody: (token) => ({ error: 'invalid_token', error_description: `Invalid access token: ${token}` }),
			run: async (row, settings) =>
				await runRow('domo', 'domoApi', { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiHost: sandbox.url, accessToken: stale }, row, settings),
			stop: async () => await sandbox.stop(),
		};
	},
};
