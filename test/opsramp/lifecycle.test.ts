/**
 * OpsRamp user lifecycle, one operation at a time and all together, through real workflows and
 * real HTTP to the sandbox: the exact request each operation sends, and what it outputs.
 */
import { OpsRampSandbox } from '../sandbox/opsramp';
import { fromItems, hire, TENANT } from './fixtures';
import { byEmail, byId, calls, GROUP, operation, OTHER_GROUP, seedPerson } from './lifecycleKit';

const base = `/api/v2/tenants/${TENANT}`;

describe('OpsRamp: user lifecycle operations (workflow, real HTTP)', () => {
	let sandbox: OpsRampSandbox;
	beforeEach(async () => {
		sandbox = new OpsRampSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	describe('Get', () => {
		it('by ID sends one Get User and outputs the full user', async () => {
			const user = seedPerson(sandbox, 1, { designation: 'Architect' });
			const result = await operation(sandbox, { operation: 'get', ...byId(user.id) });

			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`GET ${base}/users/${user.id}`]);
			expect(result.items).toEqual([{ json: expect.objectContaining({ id: user.id, designation: 'Architect', orgId: TENANT }), pairedItem: { item: 0 } }]);
		});

		it('by email searches mailId, matches exactly, then reads the full user', async () => {
			seedPerson(sandbox, 10, { email: 'ada.l@example.com' });
			const user = seedPerson(sandbox, 1, { email: 'Ada@Example.com' });
			const result = await operation(sandbox, { operation: 'get', ...byEmail(' ada@example.com ') });

			expect(result.items?.[0].json.id).toBe(user.id);
			const [search] = sandbox.received('GET', `${base}/users/search`);
			expect(search.query).toEqual({ queryString: 'mailId:ada@example.com', pageNo: '1', pageSize: '100' });
			expect(calls(sandbox)).toEqual([`GET ${base}/users/search`, `GET ${base}/users/${user.id}`]);
		});

		it('of a user that does not exist is a clear per-item error', async () => {
			const result = await operation(sandbox, { operation: 'get', ...byId('USR0000009999') });

			expect(result.error?.message).toBe('No OpsRamp user with ID "USR0000009999" (item 0)');
			expect(result.error?.context?.itemIndex).toBe(0);
		});

		it('by an email containing "+" (OpsRamp\'s search reads it as a separator): found in the tenant\'s list, never searched', async () => {
			const ada = seedPerson(sandbox, 7, { email: 'Ada+Ops@example.com' });
			const result = await operation(sandbox, { operation: 'get', ...byEmail('ada+ops@example.com') });

			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toMatchObject({ id: ada.id, email: 'Ada+Ops@example.com' });
			expect(sandbox.received('GET', `/api/v2/tenants/${TENANT}/users/search`).map((r) => r.query.queryString)).toEqual([undefined]);
		});
	});

	describe('Update', () => {
		it('sends only the fields added, and OpsRamp keeps the others', async () => {
			const user = seedPerson(sandbox, 1, { designation: 'Engineer', city: 'Austin', roles: [{ id: 5, name: 'Client User' }] });
			const result = await operation(sandbox, {
				operation: 'update',
				...byId(user.id),
				updateFields: { designation: 'Architect', mobileNumber: 5125550101, timeZone: { value: { code: 'EST', name: '' } } },
			});

			expect(result.error).toBeUndefined();
			const [post] = sandbox.received('POST', `${base}/users/${user.id}`);
			expect(JSON.parse(post.rawBody)).toEqual({ designation: 'Architect', mobileNumber: '5125550101', timeZone: { code: 'EST' } });
			expect(result.items?.[0].json).toMatchObject({
				id: user.id,
				designation: 'Architect',
				city: 'Austin',
				firstName: 'Person',
				roles: [{ id: 5, name: 'Client User' }],
				timeZone: { code: 'EST', name: 'America/New_York' },
			});
		});

		it('sends roles and user groups as lists of names, and the password without ever outputting it', async () => {
			const user = seedPerson(sandbox, 1);
			const result = await operation(sandbox, {
				operation: 'update',
				...byEmail(user.email),
				updateFields: { roles: ['Client Administrator'], userGroups: 'Implementation Team, Architecture Department', password: 'N3w!Passw0rd' },
			});

			const [post] = sandbox.received('POST', `${base}/users/${user.id}`);
			expect(JSON.parse(post.rawBody)).toEqual({
				password: 'N3w!Passw0rd',
				roles: [{ name: 'Client Administrator' }],
				userGroups: [{ name: 'Implementation Team' }, { name: 'Architecture Department' }],
			});
			expect(result.items?.[0].json.userGroups).toEqual([
				{ uniqueId: GROUP, name: 'Implementation Team' },
				{ uniqueId: OTHER_GROUP, name: 'Architecture Department' },
			]);
			expect(JSON.stringify(result.items)).not.toContain('N3w!Passw0rd');
		});

		it('reads the user back when OpsRamp answers the update with an empty body', async () => {
			const user = seedPerson(sandbox, 1);
			sandbox.fault({ method: 'POST', path: `${base}/users/${user.id}`, times: 1, when: 'after', action: { type: 'respond', response: { status: 200 } } });
			const result = await operation(sandbox, { operation: 'update', ...byId(user.id), updateFields: { lastName: 'Lovelace' } });

			expect(result.items?.[0].json).toMatchObject({ id: user.id, lastName: 'Lovelace' });
			expect(calls(sandbox)).toEqual([`GET ${base}/users/${user.id}`, `POST ${base}/users/${user.id}`, `GET ${base}/users/${user.id}`]);
		});

		it('of a user that does not exist is a per-item error and sends no update', async () => {
			const result = await operation(sandbox, { operation: 'update', ...byEmail('nobody@example.com'), updateFields: { city: 'Austin' } });

			expect(result.error?.message).toBe('No OpsRamp user with email "nobody@example.com" (item 0)');
			expect(sandbox.changes()).toEqual([]);
		});

		it('with no field to change is refused under "Update Fields" before any request', async () => {
			const result = await operation(sandbox, { operation: 'update', ...byId('USR0000002145'), updateFields: {} });

			expect(result.error?.message).toBe('Invalid "Update Fields" in item 0: add at least one field to change');
			expect(sandbox.requests).toEqual([]);
		});
	});

	describe('Delete (terminate)', () => {
		it('sends TERMINATE with the mask type and reason, and outputs deleted', async () => {
			const user = seedPerson(sandbox, 1);
			const result = await operation(sandbox, { operation: 'delete', ...byId(user.id), maskType: 'PARTIAL', additionalFields: { terminateReason: 'Left the company' } });

			expect(result.items?.[0].json).toEqual({ deleted: true, alreadyAbsent: false, id: user.id });
			const [post] = sandbox.received('POST', `${base}/users/${user.id}/TERMINATE`);
			expect(JSON.parse(post.rawBody)).toEqual({ terminateReason: 'Left the company', maskType: 'PARTIAL' });
			expect(sandbox.user(user.id)).toBeUndefined();
		});

		it('is safe to re-run: a user already gone, by ID or by email, is alreadyAbsent and nothing is sent', async () => {
			const user = seedPerson(sandbox, 1);
			await operation(sandbox, { operation: 'delete', ...byId(user.id), maskType: 'FULL' });
			const before = sandbox.changes().length;

			const again = await operation(sandbox, { operation: 'delete', ...byId(user.id), maskType: 'FULL' });
			const byMail = await operation(sandbox, { operation: 'delete', ...byEmail(user.email), maskType: 'FULL' });

			expect(again.items?.[0].json).toEqual({ deleted: true, alreadyAbsent: true, id: user.id });
			expect(byMail.items?.[0].json).toEqual({ deleted: true, alreadyAbsent: true, email: user.email });
			expect(sandbox.changes()).toHaveLength(before);
		});

		it('treats a 404 to the TERMINATE itself (terminated meanwhile) and a terminated record as already absent', async () => {
			const user = seedPerson(sandbox, 1);
			const terminated = seedPerson(sandbox, 2, { status: 'terminated' });
			sandbox.fault({ method: 'POST', path: `${base}/users/${user.id}/TERMINATE`, times: 1, when: 'before', action: { type: 'respond', response: { status: 404, body: { code: '0404', message: 'User not found' } } } });

			const raced = await operation(sandbox, { operation: 'delete', ...byId(user.id), maskType: 'FULL' });
			const gone = await operation(sandbox, { operation: 'delete', ...byId(terminated.id), maskType: 'FULL' });

			expect(raced.items?.[0].json).toEqual({ deleted: true, alreadyAbsent: true, id: user.id });
			expect(gone.items?.[0].json).toEqual({ deleted: true, alreadyAbsent: true, id: terminated.id });
			expect(sandbox.received('POST', `${base}/users/${terminated.id}/TERMINATE`)).toHaveLength(0);
		});
	});

	describe('Deactivate and Activate', () => {
		it('deactivates with the reason, then does nothing for a user already inactive', async () => {
			const user = seedPerson(sandbox, 1);
			const first = await operation(sandbox, { operation: 'deactivate', ...byEmail(user.email), additionalFields: { deactivateReason: 'On leave' } });
			const second = await operation(sandbox, { operation: 'deactivate', ...byEmail(user.email) });

			expect(first.items?.[0].json).toEqual({ id: user.id, loginName: 'person1', email: user.email, status: 'inactive', alreadyInactive: false, alreadyAbsent: false });
			expect(second.items?.[0].json).toMatchObject({ status: 'inactive', alreadyInactive: true });
			const posts = sandbox.received('POST', `${base}/users/${user.id}/DEACTIVATE`);
			expect(posts.map((p) => JSON.parse(p.rawBody))).toEqual([{ deactivateReason: 'On leave' }]);
			expect(sandbox.user(user.id)?.status).toBe('inactive');
		});

		it('deactivating a user who is not there is a success with alreadyAbsent', async () => {
			const result = await operation(sandbox, { operation: 'deactivate', ...byId('USR0000009999') });
			expect(result.items?.[0].json).toEqual({ id: 'USR0000009999', alreadyAbsent: true });
			expect(sandbox.changes()).toEqual([]);
		});

		it('activates an inactive user once; an active one gets no request; nobody to activate is an error', async () => {
			const user = seedPerson(sandbox, 1, { status: 'inactive' });
			const first = await operation(sandbox, { operation: 'activate', ...byId(user.id) });
			const second = await operation(sandbox, { operation: 'activate', ...byId(user.id) });
			const missing = await operation(sandbox, { operation: 'activate', ...byId('USR0000009999') });

			expect(first.items?.[0].json).toMatchObject({ id: user.id, status: 'active', alreadyActive: false });
			expect(second.items?.[0].json).toMatchObject({ status: 'active', alreadyActive: true });
			expect(sandbox.received('POST', `${base}/users/${user.id}/ACTIVATE`)).toHaveLength(1);
			expect(missing.error?.message).toBe('No OpsRamp user with ID "USR0000009999" (item 0)');
		});
	});

	describe('Add to Group and Remove from Group', () => {
		it('adds with [{ id }] to the group chosen, and a member already there gets no request', async () => {
			const user = seedPerson(sandbox, 1);
			const first = await operation(sandbox, { operation: 'addToGroup', ...byId(user.id), groupId: GROUP });
			const second = await operation(sandbox, { operation: 'addToGroup', ...byId(user.id), groupId: GROUP });

			const posts = sandbox.received('POST', `${base}/userGroups/${GROUP}/users`);
			expect(posts.map((p) => JSON.parse(p.rawBody))).toEqual([[{ id: user.id }]]);
			expect(first.items?.[0].json).toEqual({ id: user.id, loginName: 'person1', email: user.email, groupId: GROUP, added: true, alreadyMember: false });
			expect(second.items?.[0].json).toMatchObject({ added: true, alreadyMember: true });
			expect(sandbox.user(user.id)?.userGroups).toEqual([{ uniqueId: GROUP, name: 'Implementation Team' }]);
		});

		it('a group that does not exist, or a user who does not, is a clear error', async () => {
			const user = seedPerson(sandbox, 1);
			const noGroup = await operation(sandbox, { operation: 'addToGroup', ...byId(user.id), groupId: 'USRGRP-missing' });
			const noUser = await operation(sandbox, { operation: 'addToGroup', ...byEmail('nobody@example.com'), groupId: GROUP });

			expect(noGroup.error?.message).toBe('No OpsRamp user group with ID "USRGRP-missing" (item 0)');
			expect(noUser.error?.message).toBe('No OpsRamp user with email "nobody@example.com" (item 0)');
		});

		it('removes with DELETE [{ id }]; not a member, or no such user, is alreadyAbsent without a DELETE', async () => {
			const user = seedPerson(sandbox, 1, { userGroups: [{ uniqueId: GROUP, name: 'Implementation Team' }] });
			const first = await operation(sandbox, { operation: 'removeFromGroup', ...byEmail(user.email), groupId: GROUP });
			const second = await operation(sandbox, { operation: 'removeFromGroup', ...byEmail(user.email), groupId: GROUP });
			const nobody = await operation(sandbox, { operation: 'removeFromGroup', ...byId('USR0000009999'), groupId: GROUP });

			const deletes = sandbox.received('DELETE', `${base}/userGroups/${GROUP}/users`);
			expect(deletes.map((d) => JSON.parse(d.rawBody))).toEqual([[{ id: user.id }]]);
			expect(first.items?.[0].json).toMatchObject({ id: user.id, groupId: GROUP, removed: true, alreadyAbsent: false });
			expect(second.items?.[0].json).toMatchObject({ removed: true, alreadyAbsent: true });
			expect(nobody.items?.[0].json).toEqual({ id: 'USR0000009999', groupId: GROUP, removed: true, alreadyAbsent: true });
			expect(sandbox.user(user.id)?.userGroups).toEqual([]);
		});

		it('removing from a group that does not exist is an error, not "already absent"', async () => {
			const user = seedPerson(sandbox, 1);
			const result = await operation(sandbox, { operation: 'removeFromGroup', ...byId(user.id), groupId: 'USRGRP-typo' });
			expect(result.error?.message).toBe('No OpsRamp user group with ID "USRGRP-typo" (item 0)');
			expect(sandbox.changes()).toEqual([]);
		});
	});

	it('runs a whole lifecycle: create, get, update, add to group, remove, delete, delete again', async () => {
		const created = await operation(sandbox, { ...fromItems(), options: { ifUserExists: 'returnExisting' } }, [hire(7)]);
		const id = String(created.items?.[0].json.id);
		expect(created.items?.[0].json.provisioningStatus).toBe('created');

		const got = await operation(sandbox, { operation: 'get', ...byEmail('hire7@example.com') });
		expect(got.items?.[0].json).toMatchObject({ id, loginName: 'hire7', status: 'active' });

		const updated = await operation(sandbox, { operation: 'update', ...byId(id), updateFields: { designation: 'Analyst' } });
		expect(updated.items?.[0].json).toMatchObject({ id, designation: 'Analyst', lastName: 'Hire 7' });

		const added = await operation(sandbox, { operation: 'addToGroup', ...byId(id), groupId: OTHER_GROUP });
		expect(added.items?.[0].json).toMatchObject({ alreadyMember: false });
		expect((await operation(sandbox, { operation: 'get', ...byId(id) })).items?.[0].json.userGroups).toEqual([{ uniqueId: OTHER_GROUP, name: 'Architecture Department' }]);

		const removed = await operation(sandbox, { operation: 'removeFromGroup', ...byId(id), groupId: OTHER_GROUP });
		expect(removed.items?.[0].json).toMatchObject({ removed: true, alreadyAbsent: false });

		const deleted = await operation(sandbox, { operation: 'delete', ...byEmail('hire7@example.com'), maskType: 'FULL' });
		expect(deleted.items?.[0].json).toEqual({ deleted: true, alreadyAbsent: false, id, email: 'hire7@example.com' });
		const again = await operation(sandbox, { operation: 'delete', ...byEmail('hire7@example.com'), maskType: 'FULL' });
		expect(again.items?.[0].json).toEqual({ deleted: true, alreadyAbsent: true, email: 'hire7@example.com' });

		expect(sandbox.terminated.map((u) => u.id)).toEqual([id]);
		expect((await operation(sandbox, { operation: 'get', ...byId(id) })).error?.message).toBe(`No OpsRamp user with ID "${id}" (item 0)`);
	});

	it('Group > Get Many lists the tenant\'s user groups, one item each', async () => {
		const result = await operation(sandbox, { resource: 'group', operation: 'getAll', returnAll: true });

		expect(result.items?.map((item) => item.json.uniqueId)).toEqual(sandbox.groups.map((g) => g.uniqueId));
		expect(result.items?.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(sandbox.received('GET', `${base}/userGroups`)[0].query).toEqual({ pageNo: '1', pageSize: '100' });
	});
});
