/**
 * Luzmo: every call is a POST of a JSON body carrying `action`, with the key and token in the body
 * (no token exchange); `get` reads, every other action writes.
 */
import type { IDataObject } from 'n8n-workflow';

import { luzmoError, LuzmoSandbox } from '../../sandbox/luzmo';
import type { SandboxRequest } from '../../sandbox/toolkit';
import type { Target } from '../kit';
import type { OperationRow } from '../rows';
import { email, everyRecordOnce, fieldsDiffer, flagFalse, found, provisioned } from '../rows';
import type { Vendor, VendorRun } from './types';
import { runRow, secret } from './types';
import { upsertRows } from './upsert';

type Run = VendorRun<LuzmoSandbox>;

const USER = '/0.1.0/user';
const GROUP = '/0.1.0/group';
const isAction = (name: string) => (r: SandboxRequest) => r.body?.action === name;
const call = (path: string, action: string): Target => ({ method: 'POST', path, match: isAction(action) });
const onApi = (r: SandboxRequest) => r.method === 'POST' && (r.path === USER || r.path === GROUP);
/** Whose membership a group call changes: the user in `resource`. */
const memberKey = (r: SandboxRequest) => String(r.body?.resource?.id);

const byEmail = { findBy: 'email', email: '={{ $json.email }}' };

function seedPeople(v: Run, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, n) => {
		const user = v.sandbox.seedUser({ email: email(n), name: `User ${n}` });
		return { email: user.email, id: user.id };
	});
}

/** Items with a group each user of the item is (or is not yet) a member of. */
function withGroup(v: Run, count: number, members: boolean): IDataObject[] {
	const group = v.sandbox.groups.seed('Designers');
	return seedPeople(v, count).map((item) => {
		if (members) v.sandbox.groups.addMember(group.id, String(item.id));
		return { ...item, groupId: group.id };
	});
}

const membership = (item: IDataObject) => `${String(item.groupId)}/${String(item.id)}`;
const isMember = (v: Run, item: IDataObject) => v.sandbox.groups.memberIds(String(item.groupId)).includes(String(item.id));

const rows: Array<OperationRow<Run>> = [
	{
		resource: 'user',
		operation: 'create',
		effect: 'user created',
		parameters: { email: '={{ $json.email }}', additionalFields: { name: '={{ $json.name }}' } },
		prepare: (v, count, already) =>
			Array.from({ length: count }, (_, n) => {
				if (already.has(n)) v.sandbox.seedUser({ email: email(n), name: `User ${n}` });
				return { email: email(n), name: `User ${n}` };
			}),
		write: { target: call(USER, 'create'), key: (r) => String(r.body?.properties?.email).toLowerCase(), resend: 'checked' },
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
		output: (v, _item, outputs) => everyRecordOnce(outputs, v.sandbox.records.filter((r) => !r.deleted).map((r) => r.user.id)),
	},
	{
		resource: 'user',
		operation: 'update',
		effect: 'user updated',
		parameters: { ...byEmail, updateFields: { name: '={{ $json.newName }}' } },
		prepare: (v, count) => seedPeople(v, count).map((item, n) => ({ ...item, newName: `Renamed ${n}` })),
		write: { target: call(USER, 'update'), key: (r) => String(r.body?.id), resend: 'transport' },
		effects: (v, item) => (v.sandbox.liveUser(item.id)?.name === item.newName ? 1 : 0),
		output: (v, item, [json]) => [
			...fieldsDiffer('output', json, { id: item.id, email: item.email, name: item.newName }),
			...fieldsDiffer('user in Luzmo', v.sandbox.liveUser(item.id) as IDataObject | undefined, { email: item.email, name: item.newName }),
		],
	},
	{
		resource: 'user',
		operation: 'delete',
		effect: 'user deleted',
		parameters: byEmail,
		prepare: seedPeople,
		write: { target: call(USER, 'delete'), key: (r) => String(r.body?.id), resend: 'transport' },
		effects: (v, item) => (v.sandbox.liveUser(item.id) ? 0 : (v.sandbox.deletedById.get(String(item.id)) ?? 0)),
		output: (_v, item, [json]) => [
			...fieldsDiffer('output', json, { deleted: true, email: item.email }),
			...flagFalse(json, 'alreadyAbsent'),
		],
	},
	{
		resource: 'user',
		operation: 'addToGroup',
		effect: 'membership added',
		parameters: { ...byEmail, groupId: '={{ $json.groupId }}' },
		prepare: (v, count) => withGroup(v, count, false),
		write: { target: call(GROUP, 'associate'), key: memberKey, resend: 'checked' },
		effects: (v, item) => (isMember(v, item) ? (v.sandbox.groups.joined.get(membership(item)) ?? 0) : 0),
		output: (_v, item, [json]) => [
			...fieldsDiffer('output', json, { added: true, userId: item.id, groupId: item.groupId }),
			...flagFalse(json, 'alreadyMember'),
		],
	},
	{
		resource: 'user',
		operation: 'removeFromGroup',
		effect: 'membership removed',
		parameters: { ...byEmail, groupId: '={{ $json.groupId }}' },
		prepare: (v, count) => withGroup(v, count, true),
		write: { target: call(GROUP, 'dissociate'), key: memberKey, resend: 'transport' },
		effects: (v, item) => (isMember(v, item) ? 0 : (v.sandbox.groups.left.get(membership(item)) ?? 0)),
		output: (_v, item, [json]) => [
			...fieldsDiffer('output', json, { removed: true, userId: item.id, groupId: item.groupId }),
			...flagFalse(json, 'alreadyAbsent'),
		],
	},
	{
		resource: 'group',
		operation: 'getAll',
		effect: 'nothing (a read)',
		parameters: { returnAll: true },
		prepare: (v, count) => {
			for (let n = 0; n < 101; n++) v.sandbox.groups.seed(`Team ${n}`);
			return Array.from({ length: count }, () => ({}));
		},
		list: true,
		faultRead: 2,
		effects: () => 0,
		output: (v, _item, outputs) => everyRecordOnce(outputs, v.sandbox.groups.records.filter((r) => r.visible).map((r) => r.group.id)),
	},
	// Luzmo's update sets the properties it names and its delete removes once: both sent again as they are.
	...upsertRows<Run>({
		tokenExchange: false,
		parameters: { email: '={{ $json.email }}', additionalFields: { name: '={{ $json.name }}' } },
		person: (_v, n) => ({ email: email(n), name: `User ${n}` }),
		seed: (v, n) => String(v.sandbox.seedUser({ email: email(n), name: `User ${n}` }).id),
		field: 'name',
		record: (v, id) => v.sandbox.liveUser(id) as IDataObject | undefined,
		created: (v, address) => v.sandbox.createdByEmail.get(address) ?? 0,
		writes: {
			create: { target: call(USER, 'create'), key: (r) => String(r.body?.properties?.email).toLowerCase(), resend: 'checked' },
			update: { target: call(USER, 'update'), key: (r) => String(r.body?.id), resend: 'transport' },
			removal: { target: call(USER, 'delete'), key: (r) => String(r.body?.id), resend: 'transport' },
		},
		removal: { notInRoster: 'delete', action: 'removed', effect: 'user deleted', effects: (v, id) => (v.sandbox.liveUser(id) ? 0 : (v.sandbox.deletedById.get(id) ?? 0)) },
	}),
];

export const luzmo: Vendor<Run> = {
	id: 'luzmo',
	name: 'Luzmo',
	hasToken: false,
	limiterCounts: 'every call',
	rows,
	async start({ tag, refuseCounted }) {
		const sandbox = new LuzmoSandbox({
			apiKey: secret('luzmo', 'key', tag),
			apiToken: secret('luzmo', 'token', tag),
			// Luzmo's token bucket, wide open but for the requests refused by count.
			...(refuseCounted ? { rateLimit: { perSecond: 100_000, burst: 100_000, refuse: refuseCounted } } : {}),
		});
		await sandbox.start();
		return {
			vendor: 'luzmo',
			name: 'Luzmo',
			sandbox,
			secrets: () => ({ 'API key': sandbox.apiKey, 'API token': sandbox.apiToken }),
			isRead: (r) => onApi(r) && r.body?.action === 'get',
			isWrite: (r) => onApi(r) && r.body?.action !== 'get',
			errorBody: (status, message) => luzmoError(status, status === 429 ? 'Too Many Requests' : 'Error', message).body,
			// Luzmo's 429 carries no Retry-After or X-RateLimit headers.
			rateLimited: () => luzmoError(429, 'Too Many Requests', 'Rate limit exceeded, please slow down.'),
			run: async (row, settings) =>
				await runRow('luzmo', 'luzmoApi', { apiKey: sandbox.apiKey, apiToken: sandbox.apiToken, region: 'custom', customHost: sandbox.url }, row, settings),
			stop: async () => await sandbox.stop(),
		};
	},
};
