/**
 * Faults on the operations that change something after Create: a 5xx, a reset or a late answer to
 * a TERMINATE, a membership POST or DELETE is never repeated blindly (the user is read first) and
 * ends in a single effect; a 429 is waited out; and no secret (key, secret, token, a password
 * being set) reaches an output or an error, whatever the API quotes back.
 */
import type { INodeParameters } from 'n8n-workflow';

import { findSecrets } from '../faults/capture';
import type { FaultAction } from '../sandbox/toolkit';
import { OpsRampSandbox } from '../sandbox/opsramp';
import { TENANT } from './fixtures';
import { byEmail, byId, GROUP, operation, seedPerson } from './lifecycleKit';

const base = `/api/v2/tenants/${TENANT}`;
const serverError: FaultAction = { type: 'respond', response: { status: 500, body: { code: '0500', message: 'Internal server error' } } };

describe('OpsRamp lifecycle: faults end in a single effect', () => {
	let sandbox: OpsRampSandbox;
	beforeEach(async () => {
		sandbox = new OpsRampSandbox({ echoPasswordInErrors: true });
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	const terminates = (id: string) => sandbox.received('POST', `${base}/users/${id}/TERMINATE`);
	const members = (method: string) => sandbox.received(method, `${base}/userGroups/${GROUP}/users`);

	it.each([
		['a 500 after OpsRamp terminated the user', 'after', serverError],
		['a reset after OpsRamp terminated the user', 'after', { type: 'reset' } as FaultAction],
	])('Delete: %s is checked, not re-sent', async (_title, when, action) => {
		const user = seedPerson(sandbox, 1);
		sandbox.fault({ method: 'POST', path: `${base}/users/${user.id}/TERMINATE`, times: 1, when: when as 'after', action });
		const result = await operation(sandbox, { operation: 'delete', ...byId(user.id), maskType: 'FULL' });

		expect(result.items?.[0].json).toEqual({ deleted: true, alreadyAbsent: false, id: user.id });
		expect(terminates(user.id)).toHaveLength(1);
		expect(sandbox.terminated.map((u) => u.id)).toEqual([user.id]);
	});

	it('Delete: an answer later than the Timeout is checked, not re-sent', async () => {
		const user = seedPerson(sandbox, 1);
		sandbox.fault({ method: 'POST', path: `${base}/users/${user.id}/TERMINATE`, times: 1, when: 'after', action: { type: 'delay', ms: 1500 } });
		const result = await operation(sandbox, { operation: 'delete', ...byId(user.id), maskType: 'FULL', options: { timeout: 500 } });

		expect(result.items?.[0].json).toMatchObject({ deleted: true, alreadyAbsent: false });
		expect(terminates(user.id)).toHaveLength(1);
	});

	it('Delete: a 500 before OpsRamp acted is sent again once the user is seen still there', async () => {
		const user = seedPerson(sandbox, 1);
		sandbox.fault({ method: 'POST', path: `${base}/users/${user.id}/TERMINATE`, times: 1, when: 'before', action: serverError });
		const result = await operation(sandbox, { operation: 'delete', ...byEmail(user.email), maskType: 'FULL' });

		expect(result.items?.[0].json).toMatchObject({ deleted: true, alreadyAbsent: false, id: user.id });
		expect(terminates(user.id)).toHaveLength(2);
		expect(sandbox.terminated).toHaveLength(1);
	});

	it('Delete: a server that keeps failing gives a clear item error after three sends, the user untouched', async () => {
		const user = seedPerson(sandbox, 1);
		sandbox.fault({ method: 'POST', path: `${base}/users/${user.id}/TERMINATE`, times: Infinity, when: 'before', action: serverError });
		const result = await operation(sandbox, { operation: 'delete', ...byId(user.id), maskType: 'FULL' }, [{}], { continueOnFail: true });

		expect(result.items?.[0].json).toMatchObject({ error: 'Internal server error', httpCode: '500' });
		expect(result.items?.[0].pairedItem).toEqual({ item: 0 });
		expect(terminates(user.id)).toHaveLength(3);
		expect(sandbox.user(user.id)?.status).toBe('active');
	});

	it('Delete: a 429 is waited out until X-RateLimit-Reset', async () => {
		const user = seedPerson(sandbox, 1);
		const reset = Math.floor(Date.now() / 1000) + 1;
		sandbox.fault({
			method: 'POST',
			path: `${base}/users/${user.id}/TERMINATE`,
			times: 1,
			when: 'before',
			action: { type: 'respond', response: { status: 429, body: { error: 'throttled', error_description: 'Too Many Requests' }, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) } } },
		});
		const result = await operation(sandbox, { operation: 'delete', ...byId(user.id), maskType: 'FULL' });

		expect(result.items?.[0].json).toMatchObject({ deleted: true });
		expect(terminates(user.id)).toHaveLength(2);
		expect(terminates(user.id)[1].at).toBeGreaterThanOrEqual(reset * 1000);
	});

	it.each([
		['a 500 after OpsRamp removed the member', 'after', serverError, 1],
		['a reset before OpsRamp acted', 'before', { type: 'reset' } as FaultAction, 2],
	])('Remove from Group: %s ends with the user out of the group once', async (_title, when, action, sent) => {
		const user = seedPerson(sandbox, 1, { userGroups: [{ uniqueId: GROUP, name: 'Implementation Team' }] });
		sandbox.fault({ method: 'DELETE', path: `${base}/userGroups/${GROUP}/users`, times: 1, when: when as 'after' | 'before', action });
		const result = await operation(sandbox, { operation: 'removeFromGroup', ...byId(user.id), groupId: GROUP });

		expect(result.items?.[0].json).toMatchObject({ removed: true, alreadyAbsent: false });
		expect(members('DELETE')).toHaveLength(sent);
		expect(sandbox.user(user.id)?.userGroups).toEqual([]);
	});

	it('Add to Group: a reset after OpsRamp added the member is checked, not re-sent', async () => {
		const user = seedPerson(sandbox, 1);
		sandbox.fault({ method: 'POST', path: `${base}/userGroups/${GROUP}/users`, times: 1, when: 'after', action: { type: 'reset' } });
		const result = await operation(sandbox, { operation: 'addToGroup', ...byId(user.id), groupId: GROUP });

		expect(result.items?.[0].json).toMatchObject({ added: true, alreadyMember: false });
		expect(members('POST')).toHaveLength(1);
		expect(sandbox.user(user.id)?.userGroups).toHaveLength(1);
	});
});

describe('OpsRamp lifecycle: no secret in outputs or errors', () => {
	let sandbox: OpsRampSandbox;
	beforeEach(async () => {
		sandbox = new OpsRampSandbox({ echoPasswordInErrors: true });
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	const issued: string[] = [];
	const secrets = () => ({
		clientId: sandbox.clientId,
		clientSecret: sandbox.clientSecret,
		...Object.fromEntries([...sandbox.tokens, ...issued].map((token, n) => [`token${n}`, token])),
	});

	const operations: Array<[string, INodeParameters]> = [
		['get', { operation: 'get', ...byEmail('person1@example.com') }],
		['getAll', { operation: 'getAll', returnAll: true }],
		['update', { operation: 'update', ...byId('USR0000002145'), updateFields: { city: 'Austin' } }],
		['delete', { operation: 'delete', ...byId('USR0000002145'), maskType: 'FULL' }],
		['deactivate', { operation: 'deactivate', ...byId('USR0000002145') }],
		['activate', { operation: 'activate', ...byId('USR0000002145') }],
		['addToGroup', { operation: 'addToGroup', ...byId('USR0000002145'), groupId: GROUP }],
		['removeFromGroup', { operation: 'removeFromGroup', ...byId('USR0000002145'), groupId: GROUP }],
		['group getAll', { resource: 'group', operation: 'getAll', returnAll: true }],
	];

	it.each(operations)('%s: an API that quotes the token in its 401 never shows it', async (_name, parameters) => {
		seedPerson(sandbox, 1);
		let authorization = '';
		sandbox.fault({
			path: /^\/api\/v2\//,
			match: (r) => {
				authorization = String(r.headers.authorization ?? '');
				issued.push(authorization.replace(/^Bearer /, ''));
				return true;
			},
			times: Infinity,
			when: 'before',
			action: {
				type: 'respond',
				get response() {
					return { status: 401, body: { error: 'invalid_token', error_description: `Invalid access token: ${authorization.replace(/^Bearer /, '')}` } };
				},
			},
		});
		for (const continueOnFail of [true, false]) {
			const result = await operation(sandbox, parameters, [{}], { continueOnFail });
			const shown = continueOnFail ? result.items : result.error;
			// The 401 did quote the token: it reaches the user masked.
			expect(JSON.stringify(continueOnFail ? shown : { message: result.error?.message })).toContain('Invalid access token: [redacted]');
			expect(findSecrets({ items: result.items, error: result.error, resultData: result.run.data.resultData }, secrets(), 'run')).toEqual([]);
		}
	});

	it('update: a refusal quoting the new password does not show it', async () => {
		seedPerson(sandbox, 1);
		const user = seedPerson(sandbox, 2);
		const result = await operation(sandbox, { operation: 'update', ...byId(user.id), updateFields: { email: 'person1@example.com', password: 'Sup3r$ecretPass' } }, [{}], { continueOnFail: true });

		expect(result.items?.[0].json.error).toMatch(/already in use \(rejected request: password=\[redacted\]\)/);
		expect(sandbox.received('POST', `/api/v2/tenants/${TENANT}/users/${user.id}`)[0].rawBody).toContain('Sup3r$ecretPass');
		expect(findSecrets({ items: result.items, resultData: result.run.data.resultData.runData }, { password: 'Sup3r$ecretPass' }, 'run')).toEqual([]);
	});
});
