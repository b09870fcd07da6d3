/**
 * The user's whole life through the node, one workflow run per step on one sandbox (its state
 * carries over): create, get, update, re-send the invitation, deactivate, deactivate again.
 * Then Re-send Invitation on its own, and Continue On Fail across a batch.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import { GarmatSandbox } from '../sandbox/garmat';
import { byEmail, byId, credentials, fromItems } from './fixtures';

let sandbox: GarmatSandbox;
beforeEach(async () => {
	sandbox = new GarmatSandbox();
	await sandbox.start();
});
afterEach(async () => await sandbox.stop());

describe('Garmat: a user\'s lifecycle', () => {
	it('create -> get -> update -> resend invitation -> deactivate -> deactivate again', async () => {
		const cred = credentials(sandbox);
		const item = { name: 'Dana Booth', email: 'dana@example.com' };
		const step = async (parameters: Parameters<typeof runNode>[0]['parameters'], items: IDataObject[] = [item]) => {
			const result = await runNode({ node: 'garmat', parameters, items, credentials: { id: cred.id, type: cred.type, data: cred.data } });
			expect(result.error).toBeUndefined();
			return result.items!.map((output) => output.json);
		};

		const [created] = await step(fromItems());
		expect(created).toMatchObject({ email: 'dana@example.com', status: 'active', provisioningStatus: 'created' });
		const id = String(created.id);

		const [found] = await step(byEmail('get'));
		expect(found).toEqual({ id, name: 'Dana Booth', email: 'dana@example.com', role: 'customer_read_only', status: 'active', account_id: sandbox.accountId });

		const [updated] = await step(byId('update', { updateFields: { role: 'customer_admin' } }), [{ id }]);
		expect(updated).toMatchObject({ id, name: 'Dana Booth', role: 'customer_admin', status: 'active' });

		const [invited] = await step(byEmail('resendInvitation'));
		expect(invited).toEqual({ invitationSent: true, id, email: 'dana@example.com' });
		expect(sandbox.invitationsSent.get(id)).toBe(1);

		const [deactivated] = await step(byEmail('deactivate'));
		expect(deactivated).toMatchObject({ id, role: 'customer_admin', status: 'deactivated', deactivated: true, alreadyDeactivated: false });

		const [again] = await step(byEmail('deactivate'));
		expect(again).toMatchObject({ id, status: 'deactivated', deactivated: true, alreadyDeactivated: true });

		expect(sandbox.user(id)).toEqual({ id, name: 'Dana Booth', email: 'dana@example.com', role: 'customer_admin', status: 'deactivated', account_id: sandbox.accountId });
		expect(sandbox.received('PUT', `/api/users/${id}`)).toHaveLength(2);
		expect(sandbox.duplicates()).toEqual([]);
	});
});

describe('Garmat: Resend Invitation', () => {
	it('by ID: one POST to resend_invitation, no lookup, no body', async () => {
		const user = sandbox.seedUser({ email: 'invitee@example.com' });
		const result = await runNode({ node: 'garmat', parameters: byId('resendInvitation'), items: [{ id: user.id }], credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /api/users/${user.id}/resend_invitation`]);
		expect(sandbox.requests[0].rawBody).toBe('');
		expect(sandbox.requests[0].headers.authorization).toBe(sandbox.apiKey);
		expect(result.items![0].json).toEqual({ invitationSent: true, id: user.id });
	});

	it('fails the item clearly for an unknown user, by ID (Garmat\'s 404) and by email', async () => {
		const unknownId = await runNode({ node: 'garmat', parameters: byId('resendInvitation'), items: [{ id: 'no-such-user' }], credentials: credentials(sandbox) });
		expect(unknownId.error?.message).toBe('No Garmat user with ID "no-such-user" (item 0)');
		const unknownEmail = await runNode({ node: 'garmat', parameters: byEmail('resendInvitation'), items: [{ email: 'nobody@example.com' }], credentials: credentials(sandbox) });
		expect(unknownEmail.error?.message).toBe('No Garmat user with email "nobody@example.com" (item 0)');
		expect(sandbox.received('POST', /resend_invitation$/)).toHaveLength(1);
	});

	it('explains a 403 for a key that may not re-send invitations', async () => {
		await sandbox.stop();
		sandbox = new GarmatSandbox({ resendNeedsAdmin: true });
		await sandbox.start();
		const user = sandbox.seedUser({ email: 'invitee@example.com' });
		const refused = await runNode({ node: 'garmat', parameters: byId('resendInvitation'), items: [{ id: user.id }], credentials: credentials(sandbox) });
		expect(refused.error?.message).toBe('Forbidden');
		expect(refused.error?.description).toContain('only admins re-send invitations');
		const admin = await runNode({ node: 'garmat', parameters: byId('resendInvitation'), items: [{ id: user.id }], credentials: credentials(sandbox, { apiKey: sandbox.adminKey }) });
		expect(admin.error).toBeUndefined();
		expect(sandbox.invitationsSent.get(user.id)).toBe(1);
	});
});

describe('Garmat: Continue On Fail across a batch', () => {
	it('a bad item and a missing user become error items paired with their input; the others are updated', async () => {
		const a = sandbox.seedUser({ email: 'a@example.com', name: 'A' });
		const d = sandbox.seedUser({ email: 'd@example.com', name: 'D' });
		const result = await runNode({
			node: 'garmat',
			parameters: byEmail('update', { updateFields: { name: '={{ $json.name }}' } }),
			items: [
				{ email: 'a@example.com', name: 'A2' },
				{ email: 'not an email', name: 'B2' },
				{ email: 'missing@example.com', name: 'C2' },
				{ email: 'd@example.com', name: 'D2' },
			],
			credentials: credentials(sandbox),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		const json = result.items!.map((item) => item.json);
		expect(json[0]).toMatchObject({ id: a.id, name: 'A2' });
		expect(json[1].error).toBe('Invalid "Email" in item 1: must be a valid email address');
		expect(json[2].error).toBe('No Garmat user with email "missing@example.com" (item 2)');
		expect(json[3]).toMatchObject({ id: d.id, name: 'D2' });
		expect(sandbox.received('PUT', /^\/api\/users\//).map((r) => r.path)).toEqual([`/api/users/${a.id}`, `/api/users/${d.id}`]);
	});

	it('without it, a bad item stops the node before any request', async () => {
		sandbox.seedUser({ email: 'a@example.com' });
		const result = await runNode({
			node: 'garmat',
			parameters: byEmail('deactivate'),
			items: [{ email: 'a@example.com' }, { email: '' }],
			credentials: credentials(sandbox),
		});
		expect(result.error?.message).toBe('Invalid "Email" in item 1: is required');
		expect(sandbox.requests).toHaveLength(0);
	});
});
