/**
 * Honest removals (issue 19), for every removal of every vendor through one adapter per vendor:
 * a removal claims an effect only when it had one. A user (or membership) that is not there gives
 * `<field>: false` with `alreadyAbsent: true` and changes nothing; with If Not Found set to Error
 * the item fails naming what is missing (a mistyped leaver is noticed), the other items go on.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import type { DomoGroupRecord } from '../sandbox/domo';
import { DomoSandbox } from '../sandbox/domo';
import { GarmatSandbox } from '../sandbox/garmat';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { OpsRampSandbox, USER_GROUPS } from '../sandbox/opsramp';
import type { Sandbox } from '../sandbox/toolkit';

interface Removal {
	operation: string;
	/** The output field that says whether this run removed something. */
	field: 'deleted' | 'removed' | 'deactivated';
	/** Whether it takes a user out of a group (the membership can be missing too). */
	group?: boolean;
	extra?: INodeParameters;
}

interface RemovalVendor<S extends Sandbox = Sandbox> {
	name: string;
	node: string;
	type: string;
	sandbox(): S;
	credential(sandbox: S): ICredentialDataDecryptedObject;
	/** A user with this email; `inGroup`: a member of the group `group()` names. */
	seed(sandbox: S, email: string, inGroup: boolean): void;
	/** The ID of the group the removals from a group use (seeded once per sandbox). */
	group(sandbox: S): string;
	/** Requests that may change something (not reads, not token exchanges). */
	changes(sandbox: S): number;
	removals: Removal[];
}

const changesOf = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method !== 'GET' && !/oauth|authenticate/.test(r.path)).length;

const luzmoGroups = new WeakMap<LuzmoSandbox, string>();
const domoGroups = new WeakMap<DomoSandbox, DomoGroupRecord>();

const luzmo: RemovalVendor<LuzmoSandbox> = {
	name: 'Luzmo',
	node: 'luzmo',
	type: 'luzmoApi',
	sandbox: () => new LuzmoSandbox(),
	credential: (s) => ({ apiKey: s.apiKey, apiToken: s.apiToken, region: 'custom', customHost: s.url }),
	seed: (s, email, inGroup) => {
		const user = s.seedUser({ email });
		if (inGroup) s.groups.addMember(luzmo.group(s), user.id);
	},
	group: (s) => {
		if (!luzmoGroups.has(s)) luzmoGroups.set(s, s.groups.seed('Leavers').id);
		return luzmoGroups.get(s)!;
	},
	changes: (s) => s.requests.filter((r) => r.body?.action !== 'get').length,
	removals: [
		{ operation: 'delete', field: 'deleted' },
		{ operation: 'removeFromGroup', field: 'removed', group: true },
	],
};

const domo: RemovalVendor<DomoSandbox> = {
	name: 'Domo',
	node: 'domo',
	type: 'domoApi',
	sandbox: () => new DomoSandbox(),
	credential: (s) => ({ clientId: s.clientId, clientSecret: s.clientSecret, apiHost: s.url, accessToken: '' }),
	seed: (s, email, inGroup) => {
		const user = s.seedUser({ email });
		domo.group(s);
		if (inGroup) s.addToGroup(user, domoGroups.get(s)!);
	},
	group: (s) => {
		if (!domoGroups.has(s)) domoGroups.set(s, s.seedGroup('Leavers'));
		return String(domoGroups.get(s)!.id);
	},
	changes: changesOf,
	removals: [
		{ operation: 'delete', field: 'deleted' },
		{ operation: 'removeFromGroup', field: 'removed', group: true },
	],
};

const GROUP = USER_GROUPS[0];
const opsramp: RemovalVendor<OpsRampSandbox> = {
	name: 'OpsRamp',
	node: 'opsramp',
	type: 'opsRampApi',
	sandbox: () => new OpsRampSandbox(),
	credential: (s) => ({ host: s.url, clientId: s.clientId, clientSecret: s.clientSecret, authPath: '/auth/oauth/token', tenantId: '', accessToken: '' }),
	seed: (s, email, inGroup) => {
		s.seedUser('client_16', { email, loginName: email.split('@')[0], ...(inGroup ? { userGroups: [{ uniqueId: GROUP.uniqueId, name: GROUP.name }] } : {}) });
	},
	group: () => GROUP.uniqueId,
	changes: changesOf,
	removals: [
		{ operation: 'delete', field: 'deleted', extra: { maskType: 'FULL' } },
		{ operation: 'deactivate', field: 'deactivated' },
		{ operation: 'removeFromGroup', field: 'removed', group: true },
	].map((removal) => ({ ...removal, extra: { tenantId: 'client_16', ...removal.extra } })) as Removal[],
};

const garmat: RemovalVendor<GarmatSandbox> = {
	name: 'Garmat',
	node: 'garmat',
	type: 'garmatApi',
	sandbox: () => new GarmatSandbox(),
	credential: (s) => ({ baseUrl: s.url, authentication: 'apiKey', apiKey: s.adminKey, sessionToken: '' }),
	seed: (s, email) => void s.seedUser({ email }),
	group: () => '',
	changes: changesOf,
	removals: [{ operation: 'deactivate', field: 'deactivated' }],
};

const ROWS = ([luzmo, domo, opsramp, garmat] as RemovalVendor[]).flatMap((vendor) =>
	vendor.removals.map((removal) => ({ title: `${vendor.name} ${removal.operation}`, vendor, removal })),
);

let seq = 0;

describe.each(ROWS)('$title', ({ vendor, removal }) => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = vendor.sandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	async function remove(emails: string[], options: { ifNotFound?: string; continueOnFail?: boolean } = {}) {
		const parameters: INodeParameters = {
			resource: 'user',
			operation: removal.operation,
			findBy: 'email',
			email: '={{ $json.email }}',
			...(removal.group ? { groupId: vendor.group(sandbox) } : {}),
			...(options.ifNotFound ? { ifNotFound: options.ifNotFound } : {}),
			...removal.extra,
		};
		return await runNode({
			node: vendor.node,
			parameters,
			items: emails.map((email) => ({ email })),
			continueOnFail: options.continueOnFail,
			credentials: { id: `removals-${vendor.node}-${++seq}`, type: vendor.type, data: vendor.credential(sandbox) },
		});
	}

	const outcome = (json: IDataObject) => ({ [removal.field]: json[removal.field], alreadyAbsent: json.alreadyAbsent });

	it(`a user who is there: ${removal.field}: true, alreadyAbsent: false`, async () => {
		vendor.seed(sandbox, 'leaver@example.com', true);
		const result = await remove(['leaver@example.com']);
		expect(result.items?.map((item) => outcome(item.json))).toEqual([{ [removal.field]: true, alreadyAbsent: false }]);
		expect(vendor.changes(sandbox)).toBe(1);
	});

	it(`an email nobody has (a mistyped leaver): ${removal.field}: false with alreadyAbsent: true, nothing changed`, async () => {
		vendor.seed(sandbox, 'leaver@example.com', true);
		const result = await remove(['laever@example.com']);
		expect(result.error).toBeUndefined();
		expect(result.items?.map((item) => outcome(item.json))).toEqual([{ [removal.field]: false, alreadyAbsent: true }]);
		expect(vendor.changes(sandbox)).toBe(0);
	});

	it('If Not Found: Error fails the mistyped leaver naming the email, nothing changed for it; the others go on', async () => {
		for (const n of [1, 2, 3]) vendor.seed(sandbox, `leaver${n}@example.com`, true);
		const message = `No ${vendor.name} user with email "laever@example.com" (item 1)`;

		const stopped = await remove(['leaver1@example.com', 'laever@example.com'], { ifNotFound: 'error' });
		expect(stopped.error?.message).toBe(message);
		expect(stopped.error?.description).toContain('If Not Found is set to Error');

		const kept = await remove(['leaver2@example.com', 'laever@example.com', 'leaver3@example.com'], { ifNotFound: 'error', continueOnFail: true });
		expect(kept.items?.map((item) => item.json.error ?? outcome(item.json))).toEqual([{ [removal.field]: true, alreadyAbsent: false }, message, { [removal.field]: true, alreadyAbsent: false }]);
		expect(kept.items?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// Three removals in all, one per leaver who is there; none for the typo.
		expect(vendor.changes(sandbox)).toBe(3);
	});

	if (removal.group) {
		it('a user who is not a member: removed: false with alreadyAbsent: true; with If Not Found: Error, the item fails saying so', async () => {
			vendor.seed(sandbox, 'outsider@example.com', false);
			const result = await remove(['outsider@example.com']);
			expect(result.items?.map((item) => outcome(item.json))).toEqual([{ removed: false, alreadyAbsent: true }]);

			const strict = await remove(['outsider@example.com'], { ifNotFound: 'error' });
			expect(strict.error?.message).toMatch(new RegExp(`^The ${vendor.name} user with email "outsider@example.com" is not a member of (user )?group "?${vendor.group(sandbox)}"? \\(item 0\\)$`));
			expect(vendor.changes(sandbox)).toBe(0);
		});
	}
});
