/**
 * Faults on the lifecycle calls (the patterns of test/faults): a 5xx or a lost answer on Delete
 * and on Remove from Group is retried safely and ends in one effect, 429 on Get Many's pages is
 * waited out, and no secret reaches an output, an error or a log.
 */
import type { INodeParameters } from 'n8n-workflow';

import { findSecrets, OutputCapture } from '../faults/capture';
import { DomoSandbox } from '../sandbox/domo';
import type { SandboxRequest } from '../sandbox/toolkit';
import { runDomo } from './run';

const user = (operation: string, extra: INodeParameters = {}): INodeParameters => ({ resource: 'user', operation, ...extra });
const unavailable = { type: 'respond' as const, response: { status: 503, body: { status: 503, statusReason: 'Service Unavailable', message: 'Try again' } } };

describe('Domo lifecycle under faults (workflow, real HTTP)', () => {
	let sandbox: DomoSandbox;
	beforeEach(async () => {
		sandbox = new DomoSandbox({ clientSecret: `S3CR3T-domo-lifecycle-${Date.now()}` });
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	describe.each([
		['a 503 after Domo acted', unavailable],
		['a lost answer (connection reset) after Domo acted', { type: 'reset' as const }],
	])('Delete with %s', (_title, action) => {
		it('is repeated (DELETE is idempotent) and ends with the user deleted once, reported done', async () => {
			const seeded = sandbox.seedUser({ email: 'leaver@example.com' });
			sandbox.fault({ method: 'DELETE', path: `/v1/users/${seeded.id}`, times: 1, when: 'after', action });
			const result = await runDomo(sandbox, { parameters: user('delete', { findBy: 'email', email: 'leaver@example.com' }), items: [{}] });
			expect(result.error).toBeUndefined();
			// The repeat finds the user gone (404): the first attempt's doing, so this run deleted the user.
			expect(result.items![0].json).toEqual({ deleted: true, alreadyAbsent: false, id: seeded.id, email: 'leaver@example.com' });
			expect(sandbox.received('DELETE', `/v1/users/${seeded.id}`)).toHaveLength(2);
			expect(sandbox.users.filter((u) => u.email === 'leaver@example.com').map((u) => u.deleted)).toEqual([true]);
		});
	});

	describe.each([
		['a 503 after Domo acted', unavailable],
		['a lost answer (connection reset) after Domo acted', { type: 'reset' as const }],
	])('Remove from Group with %s', (_title, action) => {
		it('is repeated and ends with the membership gone, the user still in other groups', async () => {
			const sales = sandbox.seedGroup('Sales');
			const seeded = sandbox.seedUser({ email: 'm@example.com' });
			sandbox.addToGroup(seeded, sales);
			sandbox.fault({ method: 'DELETE', path: `/v1/groups/${sales.id}/users/${seeded.id}`, times: 1, when: 'after', action });
			const result = await runDomo(sandbox, { parameters: user('removeFromGroup', { findBy: 'id', userId: String(seeded.id), groupId: String(sales.id) }), items: [{}] });
			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toEqual({ removed: true, alreadyAbsent: false, groupId: String(sales.id), userId: String(seeded.id) });
			expect(sandbox.received('DELETE', `/v1/groups/${sales.id}/users/${seeded.id}`)).toHaveLength(2);
			expect(sandbox.members(sales.id)).toEqual([]);
			expect(sandbox.user(seeded.id)?.groups.map((g) => g.name)).toEqual(['Default']);
		});
	});

	it('Add to Group with a lost answer is repeated (PUT of a membership is idempotent): one membership', async () => {
		const sales = sandbox.seedGroup('Sales');
		const seeded = sandbox.seedUser({ email: 'm@example.com' });
		sandbox.fault({ method: 'PUT', path: `/v1/groups/${sales.id}/users/${seeded.id}`, times: 1, when: 'after', action: { type: 'reset' } });
		const result = await runDomo(sandbox, { parameters: user('addToGroup', { findBy: 'id', userId: String(seeded.id), groupId: String(sales.id) }), items: [{}] });
		expect(result.items![0].json).toMatchObject({ added: true, alreadyMember: false });
		expect(sandbox.received('PUT', `/v1/groups/${sales.id}/users/${seeded.id}`)).toHaveLength(2);
		expect(sandbox.user(seeded.id)?.groups.filter((g) => g.id === sales.id)).toHaveLength(1);
	});

	it('a 503 before Domo acted is retried with backoff; the batch goes on with one DELETE each in effect', async () => {
		const a = sandbox.seedUser({ email: 'a@example.com' });
		const b = sandbox.seedUser({ email: 'b@example.com' });
		sandbox.fault({ method: 'DELETE', path: `/v1/users/${a.id}`, times: 2, when: 'before', action: unavailable });
		const result = await runDomo(sandbox, {
			parameters: user('delete', { findBy: 'id', userId: '={{ $json.id }}' }),
			items: [{ id: String(a.id) }, { id: String(b.id) }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items!.map((item) => item.json)).toEqual([
			{ deleted: true, alreadyAbsent: false, id: a.id },
			{ deleted: true, alreadyAbsent: false, id: b.id },
		]);
		const deletes = sandbox.received('DELETE', `/v1/users/${a.id}`);
		expect(deletes).toHaveLength(3);
		// Backoff between attempts (250-500 ms, then 500-1000 ms), not a hammering loop.
		expect(deletes[1].at - deletes[0].at).toBeGreaterThanOrEqual(240);
		expect(deletes[2].at - deletes[1].at).toBeGreaterThanOrEqual(490);
		expect(sandbox.user(a.id)).toBeUndefined();
	});

	it('429 on a Get Many page is waited out (Retry-After) and the page asked again; every user returned once', async () => {
		for (let n = 0; n < 1100; n++) sandbox.seedUser({ email: `user${n}@example.com` });
		const onSecondPage = (r: SandboxRequest) => r.query.offset === '500';
		sandbox.fault({
			method: 'GET',
			path: '/v1/users',
			match: onSecondPage,
			times: 1,
			when: 'before',
			action: { type: 'respond', response: { status: 429, headers: { 'Retry-After': '1' }, body: { status: 429, statusReason: 'Too Many Requests', message: 'Rate limit exceeded' } } },
		});
		const result = await runDomo(sandbox, { parameters: user('getAll', { returnAll: true }), items: [{}] });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1100);
		expect(new Set(result.items!.map((item) => item.json.id)).size).toBe(1100);
		const pages = sandbox.listRequests();
		expect(pages.map((r) => r.query.offset)).toEqual(['0', '500', '500', '1000']);
		expect(pages[2].at - pages[1].at).toBeGreaterThanOrEqual(950);
	});

	it('no secret (client secret, Basic auth, token) in outputs, errors or logs, even when Domo quotes the token', async () => {
		const seeded = sandbox.seedUser({ email: 'a@example.com' });
		const sales = sandbox.seedGroup('Sales');
		const quoteToken = (r: SandboxRequest) => ({
			status: 400,
			body: { status: 400, statusReason: 'Bad Request', message: `Refused for ${String(r.headers.authorization)}` },
		});
		const capture = new OutputCapture();
		capture.start();
		const runs = [];
		try {
			for (const parameters of [
				user('get', { findBy: 'id', userId: String(seeded.id) }),
				user('update', { findBy: 'id', userId: String(seeded.id), updateFields: { title: 'T' } }),
				user('addToGroup', { findBy: 'id', userId: String(seeded.id), groupId: String(sales.id) }),
				user('delete', { findBy: 'id', userId: String(seeded.id) }),
				user('getAll', { returnAll: true }),
				{ resource: 'group', operation: 'getAll', returnAll: true },
			]) {
				// The run's first API call is refused with the request's own Authorization header quoted.
				sandbox.clearFaults();
				sandbox.fault({ path: /^\/v1\//, times: 1, when: 'before', action: { type: 'respond', response: liveQuote(sandbox, quoteToken) } });
				runs.push(await runDomo(sandbox, { parameters, items: [{}], continueOnFail: true }));
			}
		} finally {
			capture.stop();
		}
		const tokens = [...sandbox.tokens];
		expect(tokens.length).toBeGreaterThan(0);
		const secrets: Record<string, string> = {
			'client secret': sandbox.clientSecret,
			'basic auth': Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64'),
			...Object.fromEntries(tokens.map((token, i) => [`token ${i + 1}`, token])),
		};
		// Each run's error item says what Domo said, with the token masked.
		for (const run of runs) expect(String(run.items![0].json.error)).toMatch(/^Refused for bearer \S+/);
		const hits = findSecrets(
			runs.map((run) => ({ items: run.items, error: run.error })),
			secrets,
			'runs',
		);
		findSecrets(capture.text(), secrets, 'logs', hits);
		expect(hits).toEqual([]);
	});
});

/** A response whose body is computed from the request it answers (the last one received). */
function liveQuote(sandbox: DomoSandbox, build: (r: SandboxRequest) => { status: number; body: unknown }) {
	return {
		get status() {
			return build(sandbox.requests[sandbox.requests.length - 1]).status;
		},
		get body() {
			return build(sandbox.requests[sandbox.requests.length - 1]).body;
		},
	};
}
