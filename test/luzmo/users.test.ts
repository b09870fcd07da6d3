import { LuzmoSandbox } from '../sandbox/luzmo';
import { luzmoBody, runLuzmo } from './helpers';

/** Get, Get Many, Update and Delete of users: the exact request Luzmo receives, and the output. */
describe('Luzmo: user operations', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	describe('Get', () => {
		it('by email: one get with where.email, the user as output', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com', name: 'Ada' });
			const result = await runLuzmo(sandbox, { operation: 'get', findBy: 'email', email: '={{ $json.email }}' }, [{ email: ' Ada@Example.com ' }]);

			expect(result.error).toBeUndefined();
			expect(result.items!.map((item) => item.json)).toEqual([user]);
			expect(sandbox.requests.map((r) => r.body)).toEqual([luzmoBody(sandbox, { action: 'get', find: { where: { email: 'Ada@Example.com' }, limit: 1 } })]);
		});

		it('by ID: one get with where.id', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const result = await runLuzmo(sandbox, { operation: 'get', findBy: 'id', userId: user.id });

			expect(result.items![0].json).toEqual(user);
			expect(sandbox.requests.map((r) => r.body.find)).toEqual([{ where: { id: user.id }, limit: 1 }]);
		});

		it('an ID that is not a UUID is refused before any request, naming the field', async () => {
			const result = await runLuzmo(sandbox, { operation: 'get', findBy: 'id', userId: '12345' });

			expect(result.error?.message).toBe('Invalid "User ID" in item 0: must be a Luzmo ID, a UUID such as 123e4567-e89b-12d3-a456-426614174000');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('a user Luzmo does not show (unknown, deleted, or in another organization) is a clear per-item error', async () => {
			sandbox.seedUser({ email: 'elsewhere@example.com' }, 'another-organization');
			const result = await runLuzmo(sandbox, { operation: 'get', findBy: 'email', email: 'elsewhere@example.com' });

			expect(result.error?.message).toBe('No Luzmo user with email "elsewhere@example.com" (item 0)');
			expect(result.error?.description).toContain('Nothing was changed in Luzmo');
		});
	});

	describe('Get Many', () => {
		const seedMany = (count: number) => Array.from({ length: count }, (_, i) => sandbox.seedUser({ email: `user${i}@example.com`, role: i % 2 ? 'viewer' : 'member' }));

		it('Return All reads pages of 100 with limit and offset, in a fixed order, until count is reached: one item per user', async () => {
			const users = seedMany(230);
			const result = await runLuzmo(sandbox, { operation: 'getAll', returnAll: true });

			expect(result.error).toBeUndefined();
			const order = [['created_at', 'asc'], ['id', 'asc']];
			expect(sandbox.requests.map((r) => r.body)).toEqual([0, 100, 200].map((offset) => luzmoBody(sandbox, { action: 'get', find: { limit: 100, offset, order } })));
			expect(result.items).toHaveLength(230);
			expect(new Set(result.items!.map((item) => item.json.id))).toEqual(new Set(users.map((user) => user.id)));
			expect(result.items!.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		});

		it('Limit stops at the limit: 120 of 230 users in two pages', async () => {
			seedMany(230);
			const result = await runLuzmo(sandbox, { operation: 'getAll', returnAll: false, limit: 120 });

			expect(result.items).toHaveLength(120);
			expect(sandbox.requests.map((r) => [r.body.find.offset, r.body.find.limit])).toEqual([[0, 100], [100, 100]]);
		});

		it('a Limit under a page asks for exactly that many', async () => {
			seedMany(30);
			const result = await runLuzmo(sandbox, { operation: 'getAll', limit: 5 });

			expect(result.items).toHaveLength(5);
			expect(sandbox.requests.map((r) => r.body.find)).toEqual([{ limit: 5, offset: 0, order: [['created_at', 'asc'], ['id', 'asc']] }]);
		});

		it('filters are sent as where: only users with that role', async () => {
			seedMany(6);
			const result = await runLuzmo(sandbox, { operation: 'getAll', returnAll: true, filters: { role: 'viewer' } });

			expect(result.items!.map((item) => item.json.role)).toEqual(['viewer', 'viewer', 'viewer']);
			expect(sandbox.requests[0].body.find.where).toEqual({ role: 'viewer' });
		});

		it('an empty organization gives no items and one request', async () => {
			const result = await runLuzmo(sandbox, { operation: 'getAll', returnAll: true });

			expect(result.error).toBeUndefined();
			expect(result.items ?? []).toEqual([]);
			expect(sandbox.requests).toHaveLength(1);
		});
	});

	describe('Update', () => {
		it('sends only the fields added, under properties with the user\'s ID; the other properties stay', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com', name: 'Ada', city: 'Ghent', phone: '+3212345' });
			const result = await runLuzmo(sandbox, {
				operation: 'update',
				findBy: 'email',
				email: 'ada@example.com',
				updateFields: { city: 'Leuven', company: { translations: [{ language: 'en', text: 'Acme' }] } },
			});

			expect(result.error).toBeUndefined();
			expect(sandbox.actions('user', 'update').map((r) => r.body)).toEqual([
				luzmoBody(sandbox, { action: 'update', id: user.id, properties: { city: 'Leuven', company: { en: 'Acme' } } }),
			]);
			expect(result.items![0].json).toMatchObject({ id: user.id, email: 'ada@example.com', name: 'Ada', city: 'Leuven', phone: '+3212345', company: { en: 'Acme' } });
			expect(sandbox.liveUser(user.id)).toMatchObject({ name: 'Ada', city: 'Leuven', phone: '+3212345' });
		});

		it('by ID can change the email itself', async () => {
			const user = sandbox.seedUser({ email: 'old@example.com' });
			const result = await runLuzmo(sandbox, { operation: 'update', findBy: 'id', userId: user.id, updateFields: { email: 'new@example.com' } });

			expect(result.items![0].json.email).toBe('new@example.com');
			expect(sandbox.actions('user', 'update')[0].body.properties).toEqual({ email: 'new@example.com' });
		});

		it('a user that does not exist is a per-item error and no update is sent', async () => {
			const result = await runLuzmo(sandbox, { operation: 'update', findBy: 'email', email: 'ghost@example.com', updateFields: { name: 'Ghost' } });

			expect(result.error?.message).toBe('No Luzmo user with email "ghost@example.com" (item 0)');
			expect(sandbox.actions('user', 'update')).toHaveLength(0);
		});

		it('an update with nothing to change is refused before any request', async () => {
			const result = await runLuzmo(sandbox, { operation: 'update', findBy: 'email', email: 'ada@example.com', updateFields: {} });

			expect(result.error?.message).toBe('Invalid "Update Fields" in item 0: add at least one field to change');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('Luzmo\'s own refusal (an email taken) is reported in its words', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			sandbox.seedUser({ email: 'bob@example.com' });
			const result = await runLuzmo(sandbox, { operation: 'update', findBy: 'id', userId: user.id, updateFields: { email: 'bob@example.com' } });

			expect(result.error?.message).toBe('A user with this email address already exists.');
			expect(sandbox.liveUser(user.id)?.email).toBe('ada@example.com');
		});
	});

	describe('Delete', () => {
		it('by ID: a get, then one delete with the ID; output deleted, not already absent', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const result = await runLuzmo(sandbox, { operation: 'delete', findBy: 'id', userId: user.id });

			expect(result.items![0].json).toEqual({ deleted: true, alreadyAbsent: false, id: user.id });
			expect(sandbox.actions('user', 'delete').map((r) => r.body)).toEqual([luzmoBody(sandbox, { action: 'delete', id: user.id })]);
			expect(sandbox.liveUser(user.id)).toBeUndefined();
		});

		it('by email, run twice: the second run finds nobody, succeeds with alreadyAbsent and sends no delete', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const parameters = { operation: 'delete', findBy: 'email', email: 'ada@example.com' };
			const first = await runLuzmo(sandbox, parameters);
			const second = await runLuzmo(sandbox, parameters);

			expect(first.items![0].json).toEqual({ deleted: true, alreadyAbsent: false, id: user.id, email: 'ada@example.com' });
			expect(second.error).toBeUndefined();
			expect(second.items![0].json).toEqual({ deleted: false, alreadyAbsent: true, email: 'ada@example.com' });
			expect(sandbox.actions('user', 'delete')).toHaveLength(1);
			expect(sandbox.deletedById.get(user.id)).toBe(1);
		});

		it('an unknown ID is already absent, not an error', async () => {
			const result = await runLuzmo(sandbox, { operation: 'delete', findBy: 'id', userId: '00000000-0000-4000-8000-000000000000' });

			expect(result.items![0].json).toEqual({ deleted: false, alreadyAbsent: true, id: '00000000-0000-4000-8000-000000000000' });
			expect(sandbox.actions('user', 'delete')).toHaveLength(0);
		});
	});
});
