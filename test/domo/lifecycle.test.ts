import type { INodeParameters } from 'n8n-workflow';

import { builtPackage, TestCredentialsHelper } from '../harness/workflow';
import { DEFAULT_GROUP, DomoSandbox } from '../sandbox/domo';
import { runDomo } from './run';

const user = (operation: string, extra: INodeParameters = {}): INodeParameters => ({ resource: 'user', operation, ...extra });

describe('Domo: the user lifecycle, one operation at a time (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('create -> get -> update -> add to group -> remove -> delete -> delete again, state kept across executions', async () => {
		const helper = new TestCredentialsHelper(await builtPackage());
		const sales = sandbox.seedGroup('Sales');
		const run = async (parameters: INodeParameters, items = [{}]) => {
			const result = await runDomo(sandbox, { parameters, items, helper });
			expect(result.error).toBeUndefined();
			return result.items!.map((item) => item.json);
		};

		const [created] = await run(user('create', { name: 'Ada Lovelace', email: 'ada@example.com', role: 'Participant', additionalFields: { title: 'Analyst' } }));
		const id = created.id as number;

		const [got] = await run(user('get', { findBy: 'email', email: ' ADA@example.com ' }));
		expect(got).toMatchObject({ id, name: 'Ada Lovelace', title: 'Analyst' });

		const [updated] = await run(user('update', { findBy: 'id', userId: String(id), updateFields: { title: 'Lead Analyst' } }));
		expect(updated).toMatchObject({ id, title: 'Lead Analyst', name: 'Ada Lovelace', role: 'Participant' });
		expect(sandbox.user(id)?.title).toBe('Lead Analyst');

		const [added] = await run(user('addToGroup', { findBy: 'email', email: 'ada@example.com', groupId: String(sales.id) }));
		expect(added).toEqual({ added: true, alreadyMember: false, groupId: String(sales.id), userId: id, email: 'ada@example.com' });
		expect(sandbox.members(sales.id)).toEqual([id]);

		const [removed] = await run(user('removeFromGroup', { findBy: 'id', userId: String(id), groupId: String(sales.id) }));
		expect(removed).toEqual({ removed: true, alreadyAbsent: false, groupId: String(sales.id), userId: String(id) });
		expect(sandbox.members(sales.id)).toEqual([]);

		const [deleted] = await run(user('delete', { findBy: 'email', email: 'ada@example.com' }));
		expect(deleted).toEqual({ deleted: true, alreadyAbsent: false, id, email: 'ada@example.com' });
		expect(sandbox.user(id)).toBeUndefined();

		const [again] = await run(user('delete', { findBy: 'email', email: 'ada@example.com' }));
		expect(again).toEqual({ deleted: false, alreadyAbsent: true, email: 'ada@example.com' });
		// One token for the whole flow, stored in the credential between executions.
		expect(sandbox.tokenRequests()).toHaveLength(1);
	});

	describe('Get', () => {
		it('by ID sends GET /v1/users/{id} and outputs the user', async () => {
			const seeded = sandbox.seedUser({ email: 'grace@example.com', name: 'Grace Hopper' });
			const result = await runDomo(sandbox, { parameters: user('get', { findBy: 'id', userId: String(seeded.id) }), items: [{}] });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests.filter((r) => r.path.startsWith('/v1/')).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/users/${seeded.id}`]);
			expect(result.items!.map((item) => item.json)).toEqual([expect.objectContaining({ id: seeded.id, email: 'grace@example.com', name: 'Grace Hopper' })]);
			expect(result.items![0].pairedItem).toEqual({ item: 0 });
		});

		it('by email reads the directory once for a batch (500 a page) and finds each user', async () => {
			const a = sandbox.seedUser({ email: 'a@example.com' });
			const b = sandbox.seedUser({ email: 'b@example.com' });
			const result = await runDomo(sandbox, {
				parameters: user('get', { findBy: 'email', email: '={{ $json.email }}' }),
				items: [{ email: 'b@example.com' }, { email: 'A@Example.com' }],
			});
			expect(result.error).toBeUndefined();
			expect(result.items!.map((item) => item.json.id)).toEqual([b.id, a.id]);
			expect(sandbox.listRequests().map((r) => r.query)).toEqual([{ limit: '500', offset: '0' }]);
		});

		it('a missing user (unknown ID, unknown email, deleted user) is a clear per-item error', async () => {
			const gone = sandbox.seedUser({ email: 'gone@example.com', deleted: true });
			const result = await runDomo(sandbox, {
				parameters: user('get', { findBy: '={{ $json.by }}', userId: '={{ $json.id }}', email: '={{ $json.email }}' }),
				items: [{ by: 'id', id: '42' }, { by: 'email', email: 'nobody@example.com' }, { by: 'id', id: String(gone.id) }],
				continueOnFail: true,
			});
			expect(result.items!.map((item) => item.json.error)).toEqual([
				'No Domo user with ID "42" (item 0)',
				'No Domo user with email "nobody@example.com" (item 1)',
				`No Domo user with ID "${gone.id}" (item 2)`,
			]);
			expect(result.items!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		});
	});

	describe('Get Many', () => {
		beforeEach(() => {
			for (let n = 0; n < 1203; n++) sandbox.seedUser({ email: `user${n}@example.com`, deleted: n % 100 === 3 });
		});

		it('Return All pages through 500 a request until a short page, deleted users left out', async () => {
			const result = await runDomo(sandbox, { parameters: user('getAll', { returnAll: true }), items: [{}] });
			expect(result.error).toBeUndefined();
			expect(sandbox.listRequests().map((r) => r.query)).toEqual([
				{ limit: '500', offset: '0' },
				{ limit: '500', offset: '500' },
				{ limit: '500', offset: '1000' },
			]);
			const live = sandbox.users.filter((u) => !u.deleted);
			expect(result.items!.map((item) => item.json.id)).toEqual(live.map((u) => u.id));
			expect(result.items!.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		});

		it('Limit asks for pages of the limit and stops once it has enough', async () => {
			const result = await runDomo(sandbox, { parameters: user('getAll', { returnAll: false, limit: 5 }), items: [{}] });
			expect(result.error).toBeUndefined();
			// user3 is deleted: the first page of 5 gives 4 live users, the second (offset 5) fills the gap.
			expect(sandbox.listRequests().map((r) => r.query)).toEqual([
				{ limit: '5', offset: '0' },
				{ limit: '5', offset: '5' },
			]);
			expect(result.items!.map((item) => item.json.email)).toEqual(['user0@example.com', 'user1@example.com', 'user2@example.com', 'user4@example.com', 'user5@example.com']);
		});
	});

	describe('Update', () => {
		it('reads the user, then PUTs the whole record with only the added fields changed', async () => {
			const seeded = sandbox.seedUser({
				email: 'leonhard.euler@domo.com',
				name: 'Leonhard Euler',
				role: 'Admin',
				title: 'Software Engineer',
				phone: '888-361-1078',
				location: 'American Fork',
				employeeNumber: 23432,
			});
			const result = await runDomo(sandbox, {
				parameters: user('update', { findBy: 'email', email: 'leonhard.euler@domo.com', updateFields: { title: 'Mathematician', employeeNumber: '1707' } }),
				items: [{}],
			});
			expect(result.error).toBeUndefined();
			const apiCalls = sandbox.requests.filter((r) => r.path.startsWith('/v1/')).map((r) => `${r.method} ${r.path}`);
			expect(apiCalls).toEqual(['GET /v1/users', `GET /v1/users/${seeded.id}`, `PUT /v1/users/${seeded.id}`]);
			const [put] = sandbox.received('PUT', `/v1/users/${seeded.id}`);
			// Every field Domo returned is sent back as it was, the added ones changed; nothing else.
			expect(put.rawBody).toBe(
				JSON.stringify({
					title: 'Mathematician',
					email: 'leonhard.euler@domo.com',
					role: 'Admin',
					phone: '888-361-1078',
					name: 'Leonhard Euler',
					location: 'American Fork',
					employeeNumber: 1707,
				}),
			);
			expect(sandbox.user(seeded.id)).toMatchObject({ title: 'Mathematician', employeeNumber: 1707, phone: '888-361-1078', location: 'American Fork' });
			expect(result.items![0].json).toMatchObject({ id: seeded.id, title: 'Mathematician', employeeNumber: 1707, phone: '888-361-1078' });
		});

		it('sends timezone and locale only when added (Domo never returns them)', async () => {
			const seeded = sandbox.seedUser({ email: 'tz@example.com', name: 'Tz', timezone: 'Europe/Paris' });
			const result = await runDomo(sandbox, { parameters: user('update', { findBy: 'id', userId: String(seeded.id), updateFields: { locale: 'fr-FR' } }), items: [{}] });
			expect(result.error).toBeUndefined();
			const [put] = sandbox.received('PUT', `/v1/users/${seeded.id}`);
			expect(put.body).toEqual({ email: 'tz@example.com', role: 'Participant', name: 'Tz', locale: 'fr-FR' });
			expect(sandbox.user(seeded.id)).toMatchObject({ timezone: 'Europe/Paris', locale: 'fr-FR' });
		});

		it('a user that does not exist is a per-item error, and nothing is written', async () => {
			const kept = sandbox.seedUser({ email: 'kept@example.com' });
			const result = await runDomo(sandbox, {
				parameters: user('update', { findBy: 'id', userId: '={{ $json.id }}', updateFields: { title: 'New' } }),
				items: [{ id: '12345' }, { id: String(kept.id) }],
				continueOnFail: true,
			});
			expect(result.items!.map((item) => item.json.error ?? item.json.title)).toEqual(['No Domo user with ID "12345" (item 0)', 'New']);
			expect(result.items![0].json.description).toContain('Nothing was changed in Domo.');
			expect(sandbox.received('PUT', /^\/v1\/users\//).map((r) => r.path)).toEqual([`/v1/users/${kept.id}`]);
		});

		it('without Continue On Fail, a missing user fails the node naming the item', async () => {
			const result = await runDomo(sandbox, { parameters: user('update', { findBy: 'email', email: 'ghost@example.com', updateFields: { name: 'Ghost' } }), items: [{}] });
			expect(result.error?.message).toBe('No Domo user with email "ghost@example.com" (item 0)');
			expect(sandbox.received('PUT', /.*/)).toHaveLength(0);
		});
	});

	describe('Delete', () => {
		it('by ID sends DELETE /v1/users/{id}; again, 404 is a success with alreadyAbsent', async () => {
			const seeded = sandbox.seedUser({ email: 'x@example.com' });
			const parameters = user('delete', { findBy: 'id', userId: String(seeded.id) });
			const first = await runDomo(sandbox, { parameters, items: [{}] });
			const second = await runDomo(sandbox, { parameters, items: [{}] });
			expect(first.items![0].json).toEqual({ deleted: true, alreadyAbsent: false, id: seeded.id });
			expect(second.items![0].json).toEqual({ deleted: false, alreadyAbsent: true, id: seeded.id });
			expect(sandbox.received('DELETE', `/v1/users/${seeded.id}`)).toHaveLength(2);
			// Domo keeps a deleted user listed, marked deleted.
			expect(sandbox.users.find((u) => u.id === seeded.id)?.deleted).toBe(true);
		});

		it('by email: an unknown email sends no DELETE and is alreadyAbsent', async () => {
			const result = await runDomo(sandbox, { parameters: user('delete', { findBy: 'email', email: 'left@example.com' }), items: [{}] });
			expect(result.items![0].json).toEqual({ deleted: false, alreadyAbsent: true, email: 'left@example.com' });
			expect(sandbox.received('DELETE', /.*/)).toHaveLength(0);
		});
	});

	describe('Add to Group and Remove from Group', () => {
		it('add sends PUT /v1/groups/{g}/users/{u} after reading the members; a member already in is alreadyMember', async () => {
			const sales = sandbox.seedGroup('Sales');
			const seeded = sandbox.seedUser({ email: 'm@example.com' });
			const parameters = user('addToGroup', { findBy: 'id', userId: String(seeded.id), groupId: String(sales.id) });
			const first = await runDomo(sandbox, { parameters, items: [{}] });
			const second = await runDomo(sandbox, { parameters, items: [{}] });
			expect(first.items![0].json).toEqual({ added: true, alreadyMember: false, groupId: String(sales.id), userId: seeded.id });
			expect(second.items![0].json).toEqual({ added: false, alreadyMember: true, groupId: String(sales.id), userId: seeded.id });
			expect(sandbox.received('PUT', `/v1/groups/${sales.id}/users/${seeded.id}`)).toHaveLength(1);
			expect(sandbox.received('GET', `/v1/groups/${sales.id}/users`).map((r) => r.query)).toEqual([
				{ limit: '500', offset: '0' },
				{ limit: '500', offset: '0' },
			]);
			expect(sandbox.user(seeded.id)?.groups).toEqual([DEFAULT_GROUP, { id: sales.id, name: 'Sales' }]);
		});

		it('add for a user that does not exist is a per-item error; nothing is sent to the group', async () => {
			const sales = sandbox.seedGroup('Sales');
			const result = await runDomo(sandbox, { parameters: user('addToGroup', { findBy: 'email', email: 'nobody@example.com', groupId: String(sales.id) }), items: [{}] });
			expect(result.error?.message).toBe('No Domo user with email "nobody@example.com" (item 0)');
			expect(sandbox.requests.filter((r) => r.path.startsWith('/v1/groups'))).toHaveLength(0);
		});

		it('an unknown group is an error in Domo\'s words', async () => {
			const seeded = sandbox.seedUser({ email: 'm@example.com' });
			const result = await runDomo(sandbox, { parameters: user('addToGroup', { findBy: 'id', userId: String(seeded.id), groupId: '999' }), items: [{}] });
			expect(result.error?.message).toBe('Group not found: 999');
			expect(result.error?.httpCode).toBe('404');
		});

		it('remove of a non-member, or of a user who is gone, is alreadyAbsent and sends no DELETE', async () => {
			const sales = sandbox.seedGroup('Sales');
			const outsider = sandbox.seedUser({ email: 'out@example.com' });
			const result = await runDomo(sandbox, {
				parameters: user('removeFromGroup', { findBy: 'email', email: '={{ $json.email }}', groupId: String(sales.id) }),
				items: [{ email: 'out@example.com' }, { email: 'gone@example.com' }],
			});
			expect(result.items!.map((item) => item.json)).toEqual([
				{ removed: false, alreadyAbsent: true, groupId: String(sales.id), userId: outsider.id, email: 'out@example.com' },
				{ removed: false, alreadyAbsent: true, groupId: String(sales.id), email: 'gone@example.com' },
			]);
			expect(sandbox.received('DELETE', /.*/)).toHaveLength(0);
		});

		it('members are read across pages (500 a page) to find the user', async () => {
			const big = sandbox.seedGroup('Everyone');
			const all = Array.from({ length: 620 }, (_, n) => sandbox.seedUser({ email: `p${n}@example.com` }));
			for (const member of all) sandbox.addToGroup(member, big);
			const last = all[all.length - 1];
			const result = await runDomo(sandbox, { parameters: user('removeFromGroup', { findBy: 'id', userId: String(last.id), groupId: String(big.id) }), items: [{}] });
			expect(result.items![0].json).toMatchObject({ removed: true, alreadyAbsent: false });
			expect(sandbox.received('GET', `/v1/groups/${big.id}/users`).map((r) => r.query.offset)).toEqual(['0', '500']);
			expect(sandbox.members(big.id)).toHaveLength(619);
		});
	});

	describe('Group > Get Many', () => {
		it('lists the groups, one item each, paging with Limit', async () => {
			for (let n = 0; n < 7; n++) sandbox.seedGroup(`Team ${n}`);
			const all = await runDomo(sandbox, { parameters: { resource: 'group', operation: 'getAll', returnAll: true }, items: [{}] });
			expect(all.items!.map((item) => item.json.name)).toEqual(['Default', ...Array.from({ length: 7 }, (_, n) => `Team ${n}`)]);
			expect(all.items![0].json).toMatchObject({ id: DEFAULT_GROUP.id, active: true, default: true, memberCount: 0 });

			const limited = await runDomo(sandbox, { parameters: { resource: 'group', operation: 'getAll', limit: 3 }, items: [{}] });
			expect(limited.items!.map((item) => item.json.name)).toEqual(['Default', 'Team 0', 'Team 1']);
			expect(sandbox.received('GET', '/v1/groups').map((r) => r.query)).toEqual([
				{ limit: '500', offset: '0' },
				{ limit: '3', offset: '0' },
			]);
		});
	});

	it('Continue On Fail across a batch: a bad item (validation) and a missing user become error items paired with theirs', async () => {
		const a = sandbox.seedUser({ email: 'a@example.com', title: 'Old' });
		const b = sandbox.seedUser({ email: 'b@example.com', title: 'Old' });
		const result = await runDomo(sandbox, {
			parameters: user('update', { findBy: 'email', email: '={{ $json.email }}', updateFields: { title: 'New', alternateEmail: '={{ $json.alt }}' } }),
			items: [{ email: 'a@example.com' }, { email: 'b@example.com', alt: 'not an email' }, { email: 'nobody@example.com' }, { email: 'b@example.com' }],
			continueOnFail: true,
		});
		const out = result.items!;
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json).toMatchObject({ id: a.id, title: 'New' });
		expect(out[1].json.error).toBe('Invalid "Update Fields > Alternate Email" in item 1: must be a valid email address');
		expect(out[2].json.error).toBe('No Domo user with email "nobody@example.com" (item 2)');
		expect(out[3].json).toMatchObject({ id: b.id, title: 'New' });
		expect(sandbox.received('PUT', /.*/).map((r) => r.path)).toEqual([`/v1/users/${a.id}`, `/v1/users/${b.id}`]);
	});
});
