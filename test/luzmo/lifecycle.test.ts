import { LuzmoSandbox } from '../sandbox/luzmo';
import { luzmoCredential, runLuzmo } from './helpers';

describe('Luzmo: a user\'s whole lifecycle against one sandbox, state kept across runs', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	it('create -> get -> update -> add to group -> remove from group -> delete -> delete again (alreadyAbsent)', async () => {
		const credentials = luzmoCredential(sandbox);
		const run = async (parameters: Record<string, unknown>) => {
			const result = await runLuzmo(sandbox, parameters as never, [{ email: 'ada@example.com' }], { credentials });
			expect(result.error).toBeUndefined();
			return result.items!.map((item) => item.json);
		};
		const group = sandbox.groups.seed('Designers');
		const byEmail = { findBy: 'email', email: '={{ $json.email }}' };

		const [created] = await run({ operation: 'create', email: '={{ $json.email }}', additionalFields: { name: 'Ada', city: 'Ghent' } });
		expect(created).toMatchObject({ email: 'ada@example.com', name: 'Ada', provisioningStatus: 'created' });

		const [found] = await run({ operation: 'get', ...byEmail });
		expect(found.id).toBe(created.id);

		const [updated] = await run({ operation: 'update', findBy: 'id', userId: created.id, updateFields: { city: 'Leuven' } });
		expect(updated).toMatchObject({ id: created.id, name: 'Ada', city: 'Leuven' });

		expect(await run({ operation: 'addToGroup', ...byEmail, groupId: group.id })).toEqual([
			{ added: true, alreadyMember: false, userId: created.id, email: 'ada@example.com', groupId: group.id },
		]);
		expect(sandbox.groups.memberIds(group.id)).toEqual([created.id]);

		expect(await run({ operation: 'removeFromGroup', ...byEmail, groupId: group.id })).toEqual([
			{ removed: true, alreadyAbsent: false, email: 'ada@example.com', userId: created.id, groupId: group.id },
		]);
		expect(sandbox.groups.memberIds(group.id)).toEqual([]);

		expect(await run({ operation: 'delete', ...byEmail })).toEqual([{ deleted: true, alreadyAbsent: false, id: created.id, email: 'ada@example.com' }]);
		expect(await run({ operation: 'delete', ...byEmail })).toEqual([{ deleted: false, alreadyAbsent: true, email: 'ada@example.com' }]);

		const [gone] = [await runLuzmo(sandbox, { operation: 'get', ...byEmail }, [{ email: 'ada@example.com' }], { credentials })];
		expect(gone.error?.message).toBe('No Luzmo user with email "ada@example.com" (item 0)');
		expect(sandbox.deletedById.get(String(created.id))).toBe(1);
		expect([...sandbox.groups.joined.values()]).toEqual([1]);
		expect([...sandbox.groups.left.values()]).toEqual([1]);
	});

	describe('Continue On Fail across a batch', () => {
		it('Update: a bad item and a missing user become error items paired with their input; the others are updated', async () => {
			const ada = sandbox.seedUser({ email: 'ada@example.com' });
			const bob = sandbox.seedUser({ email: 'bob@example.com' });
			const items = [
				{ email: 'ada@example.com', progress: 10 },
				{ email: 'not-an-email', progress: 20 },
				{ email: 'ghost@example.com', progress: 30 },
				{ email: 'bob@example.com', progress: 'lots' },
				{ email: 'bob@example.com', progress: 40 },
			];
			const result = await runLuzmo(
				sandbox,
				// One item at a time (Concurrency 1): the order of the searches below is the point; with
				// more in flight item 4's search may leave before item 2's list read has answered.
				{
					operation: 'update',
					findBy: 'email',
					email: '={{ $json.email }}',
					updateFields: { onboarding_editor_progress: '={{ $json.progress }}' },
					options: { concurrency: 1 },
				},
				items,
				{ continueOnFail: true },
			);

			expect(result.error).toBeUndefined();
			expect(result.items!.map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
			const json = result.items!.map((item) => item.json);
			expect(json[0]).toMatchObject({ id: ada.id, onboarding_editor_progress: 10 });
			expect(json[1].error).toBe('Invalid "Email" in item 1: must be a valid email address');
			expect(json[2].error).toBe('No Luzmo user with email "ghost@example.com" (item 2)');
			expect(json[3].error).toBe('Invalid "Update Fields > Onboarding Editor Progress" in item 3: must be a number');
			expect(json[4]).toMatchObject({ id: bob.id, onboarding_editor_progress: 40 });
			// Nothing was sent for the invalid items: searches for items 0 and 2; the miss for item 2
			// read the organization's list once, which then answered item 4; and two updates.
			expect(sandbox.lookups().map((r) => r.body.find.where?.email ?? 'list')).toEqual(['ada@example.com', 'ghost@example.com', 'list']);
			expect(sandbox.actions('user', 'update').map((r) => r.body.id)).toEqual([ada.id, bob.id]);
		});

		it('Get Many per input item: a bad Limit is an error item, the other items each give their users', async () => {
			Array.from({ length: 3 }, (_, i) => sandbox.seedUser({ email: `user${i}@example.com` }));
			const result = await runLuzmo(sandbox, { operation: 'getAll', limit: '={{ $json.limit }}' }, [{ limit: 2 }, { limit: 0 }, { limit: 1 }], { continueOnFail: true });

			const rows = result.items!.map((item) => [(item.pairedItem as { item: number }).item, item.json.error ?? 'user']);
			expect(rows).toEqual([[0, 'user'], [0, 'user'], [1, 'Invalid "Limit" in item 1: must be at least 1'], [2, 'user']]);
			expect(sandbox.lookups().map((r) => r.body.find.limit)).toEqual([2, 1]);
		});

		it('without Continue On Fail a bad item stops the node before any request', async () => {
			sandbox.seedUser({ email: 'ada@example.com' });
			const result = await runLuzmo(sandbox, { operation: 'delete', findBy: 'email', email: '={{ $json.email }}' }, [{ email: 'ada@example.com' }, { email: '' }]);

			expect(result.error?.message).toBe('Invalid "Email" in item 1: is required');
			expect(sandbox.requests).toHaveLength(0);
		});
	});
});
