import { LuzmoSandbox } from '../sandbox/luzmo';
import { luzmoBody, luzmoCredential, runLuzmo } from './helpers';
import { loadLuzmoOptions } from './loadOptions';

/** Add to Group, Remove from Group, Group > Get Many and the group dropdown. */
describe('Luzmo: groups', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	const membersOf = (groupId: string) => ({ where: { id: groupId }, include: [{ model: 'User' }], limit: 1 });

	describe('Add to Group', () => {
		it('finds the user, reads the group\'s members, then associates on the group: role Users, member not owner', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Designers');
			const result = await runLuzmo(sandbox, { operation: 'addToGroup', findBy: 'email', email: 'ada@example.com', groupId: group.id });

			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toEqual({ added: true, alreadyMember: false, userId: user.id, email: 'ada@example.com', groupId: group.id });
			expect(sandbox.requests.map((r) => [r.path, r.body.action])).toEqual([
				['/0.1.0/user', 'get'],
				['/0.1.0/group', 'get'],
				['/0.1.0/group', 'associate'],
			]);
			expect(sandbox.actions('group', 'get')[0].body.find).toEqual(membersOf(group.id));
			expect(sandbox.actions('group', 'associate')[0].body).toEqual(
				luzmoBody(sandbox, { action: 'associate', id: group.id, resource: { role: 'Users', id: user.id }, properties: { flagMember: true, flagOwn: false } }),
			);
			expect(sandbox.groups.memberIds(group.id)).toEqual([user.id]);
		});

		it('a user already in the group: success with alreadyMember, no associate sent (their flags stay as they were)', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Designers');
			sandbox.groups.addMember(group.id, user.id, { flagMember: true, flagOwn: true });
			const result = await runLuzmo(sandbox, { operation: 'addToGroup', findBy: 'id', userId: user.id, groupId: group.id });

			expect(result.items![0].json).toMatchObject({ added: true, alreadyMember: true });
			expect(sandbox.actions('group', 'associate')).toHaveLength(0);
		});

		it('a user that does not exist is a per-item error, nothing sent to the group', async () => {
			const group = sandbox.groups.seed('Designers');
			const result = await runLuzmo(sandbox, { operation: 'addToGroup', findBy: 'email', email: 'ghost@example.com', groupId: group.id });

			expect(result.error?.message).toBe('No Luzmo user with email "ghost@example.com" (item 0)');
			expect(sandbox.received('POST', '/0.1.0/group')).toHaveLength(0);
		});

		it('a group Luzmo does not show is a per-item error naming the group', async () => {
			sandbox.seedUser({ email: 'ada@example.com' });
			const hidden = sandbox.groups.seed('Not mine', { visible: false });
			const result = await runLuzmo(sandbox, { operation: 'addToGroup', findBy: 'email', email: 'ada@example.com', groupId: hidden.id });

			expect(result.error?.message).toBe(`No Luzmo group with ID "${hidden.id}" (item 0)`);
			expect(sandbox.actions('group', 'associate')).toHaveLength(0);
		});

		it('a group the API key does not own: Luzmo\'s refusal, in its words', async () => {
			sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Member only', { owned: false });
			const result = await runLuzmo(sandbox, { operation: 'addToGroup', findBy: 'email', email: 'ada@example.com', groupId: group.id });

			expect(result.error?.message).toBe('Only group owners can associate or dissociate group members.');
			expect(result.error?.httpCode).toBe('403');
		});
	});

	describe('Remove from Group', () => {
		it('dissociates the member: role Users on the group; output removed', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Designers');
			sandbox.groups.addMember(group.id, user.id);
			const result = await runLuzmo(sandbox, { operation: 'removeFromGroup', findBy: 'email', email: 'ada@example.com', groupId: group.id });

			expect(result.items![0].json).toEqual({ removed: true, alreadyAbsent: false, email: 'ada@example.com', userId: user.id, groupId: group.id });
			expect(sandbox.actions('group', 'dissociate').map((r) => r.body)).toEqual([
				luzmoBody(sandbox, { action: 'dissociate', id: group.id, resource: { role: 'Users', id: user.id } }),
			]);
			expect(sandbox.groups.memberIds(group.id)).toEqual([]);
		});

		it('not a member: success with alreadyAbsent, no dissociate sent', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Designers');
			const result = await runLuzmo(sandbox, { operation: 'removeFromGroup', findBy: 'id', userId: user.id, groupId: group.id });

			expect(result.items![0].json).toEqual({ removed: false, alreadyAbsent: true, userId: user.id, groupId: group.id, groupFound: true });
			expect(sandbox.actions('group', 'dissociate')).toHaveLength(0);
		});

		it('a user already deleted: success with alreadyAbsent and userFound false, so offboarding goes on', async () => {
			const group = sandbox.groups.seed('Designers');
			const result = await runLuzmo(sandbox, { operation: 'removeFromGroup', findBy: 'email', email: 'gone@example.com', groupId: group.id });

			expect(result.items![0].json).toEqual({ removed: false, alreadyAbsent: true, email: 'gone@example.com', groupId: group.id, userFound: false });
			expect(sandbox.received('POST', '/0.1.0/group')).toHaveLength(0);
		});

		it('a group Luzmo no longer shows: alreadyAbsent with groupFound false', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const result = await runLuzmo(sandbox, { operation: 'removeFromGroup', findBy: 'id', userId: user.id, groupId: 'f5aff911-94fc-45f3-9de2-68e3a0a82334' });

			expect(result.items![0].json).toMatchObject({ removed: false, alreadyAbsent: true, groupFound: false });
		});
	});

	describe('Group > Get Many and the Group dropdown', () => {
		it('lists the groups Luzmo shows, paged, one item per group', async () => {
			const groups = Array.from({ length: 105 }, (_, i) => sandbox.groups.seed(`Group ${i}`));
			sandbox.groups.seed('Hidden', { visible: false });
			const result = await runLuzmo(sandbox, { resource: 'group', operation: 'getAll', returnAll: true });

			expect(result.error).toBeUndefined();
			expect(new Set(result.items!.map((item) => item.json.id))).toEqual(new Set(groups.map((group) => group.id)));
			expect(sandbox.actions('group', 'get').map((r) => [r.body.find.offset, r.body.find.limit])).toEqual([[0, 100], [100, 100]]);
		});

		it('Limit 2: two groups', async () => {
			['A', 'B', 'C'].forEach((name) => sandbox.groups.seed(name));
			const result = await runLuzmo(sandbox, { resource: 'group', operation: 'getAll', limit: 2 });

			expect(result.items).toHaveLength(2);
		});

		it('the dropdown names each group by its English name, sorted, valued by ID', async () => {
			const b = sandbox.groups.seed('Viewers');
			const a = sandbox.groups.seed('Designers');
			const options = await loadLuzmoOptions('getGroups', { resource: 'user', operation: 'addToGroup' }, luzmoCredential(sandbox)!.data!);

			expect(options).toEqual([
				{ name: 'Designers', value: a.id, description: a.id },
				{ name: 'Viewers', value: b.id, description: b.id },
			]);
			expect(sandbox.actions('group', 'get')[0].body).toMatchObject({ key: sandbox.apiKey, token: sandbox.apiToken, version: '0.1.0' });
		});
	});
});
