/**
 * Update and Deactivate: the user is read from the list and the whole writable record is sent
 * with PUT /api/users/{id}, the added fields merged in (the sandbox replaces the record as sent,
 * so a field the node forgot would be lost there, and this test would see it).
 */
import { runNode } from '../harness/workflow';
import type { GarmatUserRecord } from '../sandbox/garmat';
import { GarmatSandbox } from '../sandbox/garmat';
import { byEmail, byId, credentials } from './fixtures';

let sandbox: GarmatSandbox;
let ann: GarmatUserRecord;
beforeEach(async () => {
	sandbox = new GarmatSandbox();
	await sandbox.start();
	sandbox.seedUser({ email: 'someone.else@example.com' });
	ann = sandbox.seedUser({ email: 'ann@example.com', name: 'Ann Old', role: 'customer_read_only', status: 'active' });
});
afterEach(async () => await sandbox.stop());

const puts = () => sandbox.received('PUT', /^\/api\/users\//);

describe('Garmat: Update', () => {
	it('changes only the fields added, sending the rest of the record as it was', async () => {
		const before = { ...ann };
		const result = await runNode({
			node: 'garmat',
			parameters: byEmail('update', { updateFields: { role: 'customer_admin' } }),
			items: [{ email: 'ANN@example.com' }],
			credentials: credentials(sandbox),
		});
		expect(result.error).toBeUndefined();
		expect(puts()).toHaveLength(1);
		expect(puts()[0].path).toBe(`/api/users/${ann.id}`);
		expect(puts()[0].body).toEqual({ name: 'Ann Old', email: 'ann@example.com', role: 'customer_admin', status: 'active' });
		expect(sandbox.user(ann.id)).toEqual({ ...before, role: 'customer_admin' });
		expect(result.items!.map((item) => item.json)).toEqual([{ ...before, role: 'customer_admin' }]);
	});

	it('updates by ID with values from the item, and a new email is the user\'s from then on', async () => {
		const result = await runNode({
			node: 'garmat',
			parameters: byId('update', { updateFields: { name: '={{ $json.name }}', email: '={{ $json.newEmail }}' } }),
			items: [{ id: ann.id, name: 'Ann New', newEmail: 'ann.new@example.com' }],
			credentials: credentials(sandbox),
		});
		expect(result.error).toBeUndefined();
		expect(puts()[0].body).toEqual({ name: 'Ann New', email: 'ann.new@example.com', role: 'customer_read_only', status: 'active' });
		const found = await runNode({ node: 'garmat', parameters: byEmail('get'), items: [{ email: 'ann.new@example.com' }], credentials: credentials(sandbox) });
		expect(found.items![0].json.id).toBe(ann.id);
	});

	it('keeps both changes when two items of a batch change the same user, even with concurrency', async () => {
		const result = await runNode({
			node: 'garmat',
			parameters: byEmail('update', { updateFields: { name: '={{ $json.name || undefined }}', role: '={{ $json.role || undefined }}' }, options: { concurrency: 2 } }),
			// The runner sends item 0 alone; items 1 and 2 then run side by side.
			items: [{ email: 'someone.else@example.com', name: 'Someone' }, { email: 'ann@example.com', name: 'Ann Renamed' }, { email: 'ann@example.com', role: 'customer_admin' }],
			credentials: credentials(sandbox),
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.user(ann.id)).toMatchObject({ name: 'Ann Renamed', role: 'customer_admin' });
		expect(sandbox.received('GET', '/api/users')).toHaveLength(1);
	});

	it('fails the item clearly when the user does not exist, and sends no update', async () => {
		const missing = await runNode({ node: 'garmat', parameters: byEmail('update', { updateFields: { name: 'X' } }), items: [{ email: 'gone@example.com' }], credentials: credentials(sandbox) });
		expect(missing.error?.message).toBe('No Garmat user with email "gone@example.com" (item 0)');
		const unknownId = await runNode({ node: 'garmat', parameters: byId('update', { updateFields: { name: 'X' } }), items: [{ id: 'f260f115-0000-0000-0000-000000000000' }], credentials: credentials(sandbox) });
		expect(unknownId.error?.message).toBe('No Garmat user with ID "f260f115-0000-0000-0000-000000000000" (item 0)');
		expect(puts()).toHaveLength(0);
	});

	it('says so when the user disappears between the read and the update (Garmat answers 404)', async () => {
		sandbox.fault({ method: 'PUT', path: `/api/users/${ann.id}`, times: 1, when: 'before', action: { type: 'respond', response: { status: 404, body: { error: 'Not found' } } } });
		const result = await runNode({ node: 'garmat', parameters: byEmail('update', { updateFields: { name: 'X' } }), items: [{ email: 'ann@example.com' }], credentials: credentials(sandbox) });
		expect(result.error?.message).toBe('No Garmat user with email "ann@example.com" (item 0)');
	});

	it('refuses an update with nothing to change, or a bad value, before any request', async () => {
		const nothing = await runNode({ node: 'garmat', parameters: byEmail('update', { updateFields: {} }), items: [{ email: 'ann@example.com' }], credentials: credentials(sandbox) });
		expect(nothing.error?.message).toBe('Invalid "Update Fields" in item 0: add at least one field to change');
		const badEmail = await runNode({ node: 'garmat', parameters: byEmail('update', { updateFields: { email: 'ann@' } }), items: [{ email: 'ann@example.com' }], credentials: credentials(sandbox) });
		expect(badEmail.error?.message).toBe('Invalid "Update Fields > Email" in item 0: must be a valid email address');
		const badRole = await runNode({ node: 'garmat', parameters: byEmail('update', { updateFields: { role: '={{ "owner" }}' } }), items: [{ email: 'ann@example.com' }], credentials: credentials(sandbox) });
		expect(badRole.error?.message).toBe('Invalid "Update Fields > Role" in item 0: must be one of: customer_read_only, customer_admin');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('shows Garmat\'s reason when it refuses the change', async () => {
		const result = await runNode({ node: 'garmat', parameters: byEmail('update', { updateFields: { email: 'someone.else@example.com' } }), items: [{ email: 'ann@example.com' }], credentials: credentials(sandbox) });
		expect(result.error?.message).toBe('Email has already been taken');
		expect(result.error?.httpCode).toBe('400');
	});
});

describe('Garmat: Deactivate', () => {
	it('sets the status to deactivated, keeping the rest of the record', async () => {
		const result = await runNode({ node: 'garmat', parameters: byEmail('deactivate'), items: [{ email: 'ann@example.com' }], credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		expect(puts().map((r) => r.body)).toEqual([{ name: 'Ann Old', email: 'ann@example.com', role: 'customer_read_only', status: 'deactivated' }]);
		expect(result.items![0].json).toEqual({ ...ann, status: 'deactivated', deactivated: true, alreadyAbsent: false, alreadyDeactivated: false });
	});

	it('is safe to re-run: an inactive user is left alone, a missing one is a success', async () => {
		const items = [{ email: 'ann@example.com', id: ann.id }];
		await runNode({ node: 'garmat', parameters: byEmail('deactivate'), items, credentials: credentials(sandbox) });
		const again = await runNode({ node: 'garmat', parameters: byId('deactivate'), items, credentials: credentials(sandbox) });
		expect(again.items![0].json).toMatchObject({ id: ann.id, status: 'deactivated', deactivated: true, alreadyDeactivated: true });
		expect(puts()).toHaveLength(1);

		const missing = await runNode({
			node: 'garmat',
			parameters: byEmail('deactivate'),
			items: [{ email: 'left.long.ago@example.com' }],
			credentials: credentials(sandbox),
		});
		expect(missing.error).toBeUndefined();
		expect(missing.items![0].json).toEqual({ deactivated: false, alreadyAbsent: true, alreadyDeactivated: false, email: 'left.long.ago@example.com' });
		const missingId = await runNode({ node: 'garmat', parameters: byId('deactivate'), items: [{ id: 'no-such-id' }], credentials: credentials(sandbox) });
		expect(missingId.items![0].json).toEqual({ deactivated: false, alreadyAbsent: true, alreadyDeactivated: false, id: 'no-such-id' });
		expect(puts()).toHaveLength(1);
	});
});
