/**
 * Garmat: the API key in the Authorization header, or (session mode) a session token from
 * /api/authenticate. GET /api/users reads (Garmat has no get-by-ID and no email search); POST and
 * PUT on /api/users write.
 */
import type { IDataObject } from 'n8n-workflow';

import { GarmatSandbox } from '../../sandbox/garmat';
import type { SandboxRequest } from '../../sandbox/toolkit';
import type { OperationRow } from '../rows';
import { email, everyRecordOnce, fieldsDiffer, flagFalse, found, provisioned } from '../rows';
import type { Vendor, VendorRun } from './types';
import { namedTokens, recordIssued, runRow, secret } from './types';
import { upsertRows } from './upsert';

type Run = VendorRun<GarmatSandbox>;

const USER = /^\/api\/users\/([^/]+)$/;
const RESEND = /^\/api\/users\/([^/]+)\/resend_invitation$/;
const idIn = (pattern: RegExp) => (r: SandboxRequest) => pattern.exec(r.path)?.[1] ?? '';

const byEmail = { findBy: 'email', email: '={{ $json.email }}' };

/** Items carry the seeded record, to check that a change left every other field as it was. */
function seedPeople(v: Run, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, n) => {
		const user = v.sandbox.seedUser({ email: email(n), name: `User ${n}` });
		return { email: user.email, id: user.id, seeded: { ...user } };
	});
}

const user = (v: Run, item: IDataObject) => v.sandbox.user(String(item.id));

/** The record is the seeded one with only `changes` applied. */
const recordIs = (v: Run, item: IDataObject, changes: IDataObject) =>
	fieldsDiffer('user in Garmat', user(v, item) as unknown as IDataObject, { ...(item.seeded as IDataObject), ...changes });

const rows: Array<OperationRow<Run>> = [
	{
		resource: 'user',
		operation: 'create',
		effect: 'user created',
		parameters: { name: '={{ $json.name }}', email: '={{ $json.email }}', role: 'customer_read_only' },
		prepare: (v, count, already) =>
			Array.from({ length: count }, (_, n) => {
				if (already.has(n)) v.sandbox.seedUser({ email: email(n), name: `User ${n}` });
				return { name: `User ${n}`, email: email(n) };
			}),
		write: { target: { method: 'POST', path: '/api/users' }, key: (r) => String(r.body?.email).toLowerCase(), resend: 'checked' },
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
		// Pages of 100: 101 users make a second page, the one read faults hit.
		prepare: (v, count) => {
			for (let n = 0; n < 101; n++) v.sandbox.seedUser({ email: `member${n}@example.com` });
			return Array.from({ length: count }, () => ({}));
		},
		list: true,
		faultRead: 2,
		effects: () => 0,
		output: (v, _item, outputs) => everyRecordOnce(outputs, v.sandbox.users.map((u) => u.id)),
	},
	{
		resource: 'user',
		operation: 'update',
		effect: 'user updated',
		parameters: { ...byEmail, updateFields: { name: '={{ $json.newName }}' } },
		prepare: (v, count) => seedPeople(v, count).map((item, n) => ({ ...item, newName: `Renamed ${n}` })),
		write: { target: { method: 'PUT', path: USER }, key: idIn(USER), resend: 'transport' },
		effects: (v, item) => (user(v, item)?.name === item.newName ? 1 : 0),
		output: (v, item, [json]) => [...fieldsDiffer('output', json, { id: item.id, name: item.newName }), ...recordIs(v, item, { name: item.newName })],
	},
	{
		resource: 'user',
		operation: 'deactivate',
		effect: 'user deactivated',
		parameters: byEmail,
		prepare: seedPeople,
		write: { target: { method: 'PUT', path: USER }, key: idIn(USER), resend: 'transport' },
		effects: (v, item) => (user(v, item)?.status === 'deactivated' ? 1 : 0),
		output: (v, item, [json]) => [
			...fieldsDiffer('output', json, { deactivated: true, id: item.id, status: 'deactivated', alreadyAbsent: false }),
			...flagFalse(json, 'alreadyDeactivated'),
			...recordIs(v, item, { status: 'deactivated' }),
		],
	},
	{
		resource: 'user',
		operation: 'resendInvitation',
		effect: 'invitation sent',
		parameters: byEmail,
		prepare: seedPeople,
		write: {
			target: { method: 'POST', path: RESEND },
			key: idIn(RESEND),
			resend: 'never',
			uncertainNote: 'The invitation may have been sent; the node did not send it again',
		},
		effects: (v, item) => v.sandbox.invitationsSent.get(String(item.id)) ?? 0,
		output: (_v, item, [json]) => fieldsDiffer('output', json, { invitationSent: true, id: item.id, email: item.email }),
	},
	// Garmat's Update and Deactivate are one read-modify-write PUT, sent again as it is.
	...upsertRows<Run>({
		tokenExchange: true,
		parameters: { name: '={{ $json.name }}', email: '={{ $json.email }}', role: 'customer_read_only' },
		person: (_v, n) => ({ name: `User ${n}`, email: email(n) }),
		seed: (v, n) => v.sandbox.seedUser({ email: email(n), name: `User ${n}` }).id,
		field: 'name',
		record: (v, id) => v.sandbox.user(id) as unknown as IDataObject | undefined,
		created: (v, address) => v.sandbox.createdByEmail.get(address) ?? 0,
		writes: {
			create: { target: { method: 'POST', path: '/api/users' }, key: (r) => String(r.body?.email).toLowerCase(), resend: 'checked' },
			update: { target: { method: 'PUT', path: USER }, key: idIn(USER), resend: 'transport' },
		},
		removal: { notInRoster: 'deactivate', action: 'deactivated', effect: 'user deactivated', effects: (v, id) => (v.sandbox.user(id)?.status === 'deactivated' ? 1 : 0) },
	}),
];

export const garmat: Vendor<Run> = {
	id: 'garmat',
	name: 'Garmat',
	hasToken: true,
	limiterCounts: 'every call',
	rows,
	async start({ tag, tokenMode, staleToken, refuseCounted }) {
		const sandbox = new GarmatSandbox({
			apiKey: secret('garmat', 'key', tag),
			adminKey: secret('garmat', 'admin-key', tag),
			// Garmat's other way of saying "slow down": 422 "API limit reached".
			...(refuseCounted ? { rateLimit: { limit: 100_000, windowMs: 1000, style: '422' as const, refuse: refuseCounted } } : {}),
		});
		await sandbox.start();
		const issued = recordIssued(sandbox.sessions);
		const sessions = tokenMode || Boolean(staleToken);
		const stale = staleToken ? secret('garmat', 'stale-session', tag) : '';
		return {
			vendor: 'garmat',
			name: 'Garmat',
			sandbox,
			secrets: () => ({ 'API key': sandbox.apiKey, 'admin key': sandbox.adminKey, ...(stale ? { 'stale token': stale } : {}), ...namedTokens(issued) }),
			isRead: (r) => r.method === 'GET' && r.path.startsWith('/api/users'),
			isWrite: (r) => r.method !== 'GET' && r.path.startsWith('/api/users'),
			...(sessions
				? {
						token: { method: 'POST', path: '/api/authenticate' },
						expireTokens: () => sandbox.expireSessions(),
						tokenRefusal: { body: { error: 'Invalid API key' }, message: 'Invalid API key' },
						unknownTokenBody: (token: string) => ({ error: `Unauthorized: unknown session ${token}` }),
					}
				: {}),
			errorBody: (_status, message) => ({ error: message }),
			// Garmat publishes no limit and sends no rate-limit headers.
			rateLimited: () => ({ status: 429, body: { error: 'Too Many Requests' } }),
			run: async (row, settings) =>
				await runRow(
					'garmat',
					'garmatApi',
					{ baseUrl: sandbox.url, authentication: sessions ? 'sessionToken' : 'apiKey', apiKey: sandbox.apiKey, sessionToken: stale },
					row,
					settings,
				),
			stop: async () => await sandbox.stop(),
		};
	},
};
