/**
 * Faults on Garmat's lifecycle calls, after test/faults/: a 5xx or a lost answer on a change is
 * retried only where repeating it is harmless, and ends in a single effect; a re-sent invitation
 * (each one emails the user) is never repeated blindly; rate limiting on Get Many's pages is
 * waited out; credentials never show in outputs, errors or run data.
 */
import { findSecrets } from '../faults/capture';
import type { NodeRun } from '../harness/workflow';
import { runNode } from '../harness/workflow';
import type { FaultAction } from '../sandbox/toolkit';
import type { GarmatUserRecord } from '../sandbox/garmat';
import { GarmatSandbox } from '../sandbox/garmat';
import { byEmail, byId, credentials } from './fixtures';

let sandbox: GarmatSandbox;
let users: GarmatUserRecord[];
const issued: string[] = [];
beforeEach(async () => {
	sandbox = new GarmatSandbox({ apiKey: `garmat-fault-key-${Date.now()}-7e1b`, adminKey: `garmat-fault-admin-${Date.now()}-93ac` });
	// Every session token the sandbox hands out, for the secret scan.
	issued.length = 0;
	const add = sandbox.sessions.add.bind(sandbox.sessions);
	sandbox.sessions.add = (token: string) => (issued.push(token), add(token));
	await sandbox.start();
	users = [0, 1, 2].map((i) => sandbox.seedUser({ email: `user${i}@example.com`, name: `User ${i}` }));
});
afterEach(async () => await sandbox.stop());

const items = () => users.map((user) => ({ email: user.email, id: user.id }));
const respond = (status: number, body?: unknown): FaultAction => ({ type: 'respond', response: { status, body } });
const onUser1 = (method: string, tail = '') => ({ method, path: `/api/users/${users[1].id}${tail}` });

function secretsIn(result: NodeRun): string[] {
	const secrets: Record<string, string> = { 'API key': sandbox.apiKey, 'admin key': sandbox.adminKey };
	issued.forEach((token, i) => (secrets[`session token ${i + 1}`] = token));
	return [
		...findSecrets(result.items, secrets, 'items'),
		...findSecrets(result.error, secrets, 'error'),
		// The node's input items are the workflow's own data, kept by n8n; ours carry no secret.
		...findSecrets(result.run, secrets, 'run'),
	].map((hit) => `${hit.secret} in ${hit.where}`);
}

describe('Garmat faults: Update and Deactivate are retried and end in a single effect', () => {
	it.each<[string, 'before' | 'after', FaultAction]>([
		['500 before Garmat acted', 'before', respond(500, { error: 'Internal server error' })],
		['503 after Garmat acted', 'after', respond(503, { error: 'Service unavailable' })],
		['connection reset after Garmat acted', 'after', { type: 'reset' }],
		['422 "API limit reached"', 'before', respond(422, { error: 'API limit reached' })],
	])('Deactivate, %s', async (_title, when, action) => {
		sandbox.fault({ ...onUser1('PUT'), times: 1, when, action });
		const result = await runNode({ node: 'garmat', parameters: byEmail('deactivate'), items: items(), credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.status)).toEqual(['deactivated', 'deactivated', 'deactivated']);
		expect(users.map((user) => sandbox.user(user.id)!.status)).toEqual(['deactivated', 'deactivated', 'deactivated']);
		const repeats = sandbox.received('PUT', `/api/users/${users[1].id}`);
		expect(repeats).toHaveLength(2);
		// The repeat is the same full record: sending it twice leaves what sending it once leaves.
		expect(repeats[1].body).toEqual(repeats[0].body);
		expect(sandbox.user(users[1].id)).toEqual({ ...users[1], status: 'deactivated' });
		expect(secretsIn(result)).toEqual([]);
	});

	it('Update whose answer comes after the Timeout: sent again, the record as asked, nothing else changed', async () => {
		sandbox.fault({ ...onUser1('PUT'), times: 1, when: 'after', action: { type: 'delay', ms: 2500 } });
		const result = await runNode({
			node: 'garmat',
			parameters: byId('update', { updateFields: { role: 'customer_admin' }, options: { timeout: 1000 } }),
			items: items(),
			credentials: credentials(sandbox),
		});
		expect(result.error).toBeUndefined();
		expect(sandbox.received('PUT', `/api/users/${users[1].id}`).length).toBeGreaterThanOrEqual(2);
		expect(sandbox.user(users[1].id)).toEqual({ ...users[1], role: 'customer_admin' });
	});

	it('a refusal (400) is not retried: the item fails with Garmat\'s words, the others are done', async () => {
		sandbox.fault({ ...onUser1('PUT'), times: Infinity, when: 'before', action: respond(400, { error: 'User is locked' }) });
		const result = await runNode({ node: 'garmat', parameters: byEmail('deactivate'), items: items(), credentials: credentials(sandbox), continueOnFail: true });
		const json = result.items!.map((item) => item.json);
		expect(json[1]).toMatchObject({ error: 'User is locked', httpCode: '400' });
		expect([json[0].status, json[2].status]).toEqual(['deactivated', 'deactivated']);
		expect(sandbox.received('PUT', `/api/users/${users[1].id}`)).toHaveLength(1);
		expect(sandbox.user(users[1].id)!.status).toBe('active');
	});
});

describe('Garmat faults: Resend Invitation is never sent twice', () => {
	it.each<[string, 'before' | 'after', FaultAction]>([
		['500 after Garmat sent it', 'after', respond(500, { error: 'Internal server error' })],
		['connection reset after Garmat sent it', 'after', { type: 'reset' }],
		['503 before (Garmat may or may not have acted: the node cannot tell)', 'before', respond(503, { error: 'Service unavailable' })],
	])('%s: one request, an error item that says so, the others sent', async (_title, when, action) => {
		sandbox.fault({ ...onUser1('POST', '/resend_invitation'), times: 1, when, action });
		const result = await runNode({ node: 'garmat', parameters: byId('resendInvitation'), items: items(), credentials: credentials(sandbox), continueOnFail: true });
		const json = result.items!.map((item) => item.json);
		expect(sandbox.received('POST', `/api/users/${users[1].id}/resend_invitation`)).toHaveLength(1);
		expect(String(json[1].description)).toContain('The invitation may have been sent; the node did not send it again');
		expect([json[0], json[2]]).toEqual([users[0], users[2]].map((user) => ({ invitationSent: true, id: user.id })));
		expect(sandbox.invitationsSent.get(users[1].id) ?? 0).toBeLessThanOrEqual(1);
		expect(secretsIn(result)).toEqual([]);
	});

	it('a 429 is waited out and sent again: Garmat refused it, so nothing was sent', async () => {
		sandbox.fault({ ...onUser1('POST', '/resend_invitation'), times: 1, when: 'before', action: { type: 'respond', response: { status: 429, body: { error: 'Too Many Requests' }, headers: { 'Retry-After': '1' } } } });
		const result = await runNode({ node: 'garmat', parameters: byId('resendInvitation'), items: items(), credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		expect(users.map((user) => sandbox.invitationsSent.get(user.id))).toEqual([1, 1, 1]);
	});
});

describe('Garmat faults: Get Many under rate limiting', () => {
	it('waits out a 429 on a later page (Retry-After) and returns every user once', async () => {
		for (let i = 3; i < 230; i++) sandbox.seedUser({ email: `user${i}@example.com` });
		sandbox.fault({
			method: 'GET',
			path: '/api/users',
			match: (r) => r.query.page === '2',
			times: 1,
			when: 'before',
			action: { type: 'respond', response: { status: 429, body: { error: 'Too Many Requests' }, headers: { 'Retry-After': '1' } } },
		});
		const result = await runNode({ node: 'garmat', parameters: { resource: 'user', operation: 'getAll', returnAll: true }, items: [{}], credentials: credentials(sandbox) });
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json.id)).toEqual(sandbox.users.map((user) => user.id));
		const pages = sandbox.received('GET', '/api/users');
		expect(pages.map((r) => r.query.page)).toEqual(['1', '2', '2', '3']);
		expect(pages[2].at - pages[1].at).toBeGreaterThanOrEqual(950);
	});
});

describe('Garmat faults: secrets', () => {
	it('masks a key or session token that Garmat echoes in an error, in every operation\'s output', async () => {
		// A refusal quoting the request's Authorization header (computed as it is sent; concurrency is 1).
		const echo: FaultAction = {
			type: 'respond',
			response: {
				status: 400,
				get body() {
					return { error: `Rejected request with Authorization ${String(sandbox.requests.at(-1)?.headers.authorization)}` };
				},
			},
		};
		sandbox.fault({ method: 'PUT', path: /^\/api\/users\//, times: Infinity, when: 'before', action: echo });
		sandbox.fault({ method: 'POST', path: /\/resend_invitation$/, times: Infinity, when: 'before', action: echo });
		for (const authentication of ['apiKey', 'sessionToken']) {
			const cred = credentials(sandbox, { authentication });
			for (const parameters of [byEmail('update', { updateFields: { name: 'X' } }), byEmail('deactivate'), byId('resendInvitation'), byEmail('get')]) {
				const result = await runNode({ node: 'garmat', parameters, items: items(), credentials: cred, continueOnFail: true });
				expect(result.items).toHaveLength(3);
				expect(secretsIn(result)).toEqual([]);
				// Get changes nothing; every other operation met the echo, and showed it masked.
				const errors = result.items!.map((item) => String(item.json.error ?? ''));
				if (parameters.operation !== 'get') expect(errors).toEqual(Array(3).fill(expect.stringMatching(/^Rejected request with Authorization (Bearer )?\[redacted\]$/)));
			}
		}
		expect(issued.length).toBeGreaterThan(0);
	});
});
