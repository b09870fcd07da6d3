/**
 * Faults on the lifecycle operations: a lost answer or a 5xx on Delete, Remove from Group and Add
 * to Group ends in one effect; 429s on Get Many's pages are waited out; the credential's secrets
 * appear in no output, error or log, even where Luzmo quotes them back.
 */
import { randomBytes } from 'node:crypto';

import { OutputCapture, findSecrets } from '../faults/capture';
import { LuzmoSandbox, luzmoError } from '../sandbox/luzmo';
import type { SandboxRequest } from '../sandbox/toolkit';
import { runLuzmo } from './helpers';

const action = (name: string) => (r: SandboxRequest) => r.body?.action === name;
const reset = { type: 'reset' as const };
const respond = (status: number, description: string, message: string) => ({ type: 'respond' as const, response: luzmoError(status, description, message) });

describe('Luzmo lifecycle: faults end in a single effect', () => {
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	describe('Delete', () => {
		it('answer lost after Luzmo deleted: sent again, answered 404, reported deleted; one deletion', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			sandbox.fault({ method: 'POST', path: '/0.1.0/user', match: action('delete'), times: 1, when: 'after', action: reset });
			const result = await runLuzmo(sandbox, { operation: 'delete', findBy: 'email', email: 'ada@example.com', options: { timeout: 2000 } });

			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toEqual({ deleted: true, alreadyAbsent: false, id: user.id, email: 'ada@example.com' });
			expect(sandbox.actions('user', 'delete')).toHaveLength(2);
			expect(sandbox.deletedById.get(user.id)).toBe(1);
		});

		it('a 503 before Luzmo acted: retried with backoff, deleted once', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			sandbox.fault({ method: 'POST', path: '/0.1.0/user', match: action('delete'), times: 1, when: 'before', action: respond(503, 'Service Unavailable', 'Try again later.') });
			const result = await runLuzmo(sandbox, { operation: 'delete', findBy: 'id', userId: user.id });

			expect(result.items![0].json).toMatchObject({ deleted: true, alreadyAbsent: false });
			expect(sandbox.deletedById.get(user.id)).toBe(1);
		});
	});

	describe('Remove from Group', () => {
		it('answer lost after Luzmo dissociated: sent again, answered 404, reported removed; one removal', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Designers');
			sandbox.groups.addMember(group.id, user.id);
			sandbox.fault({ method: 'POST', path: '/0.1.0/group', match: action('dissociate'), times: 1, when: 'after', action: reset });
			const result = await runLuzmo(sandbox, { operation: 'removeFromGroup', findBy: 'id', userId: user.id, groupId: group.id, options: { timeout: 2000 } });

			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toMatchObject({ removed: true, alreadyAbsent: false });
			expect(sandbox.actions('group', 'dissociate')).toHaveLength(2);
			expect([...sandbox.groups.left.values()]).toEqual([1]);
		});

		it('a 502 before Luzmo acted: retried, removed once', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Designers');
			sandbox.groups.addMember(group.id, user.id);
			sandbox.fault({ method: 'POST', path: '/0.1.0/group', match: action('dissociate'), times: 2, when: 'before', action: respond(502, 'Bad Gateway', 'Bad gateway.') });
			const result = await runLuzmo(sandbox, { operation: 'removeFromGroup', findBy: 'id', userId: user.id, groupId: group.id });

			expect(result.items![0].json).toMatchObject({ removed: true, alreadyAbsent: false });
			expect(sandbox.groups.memberIds(group.id)).toEqual([]);
			expect(sandbox.actions('group', 'dissociate')).toHaveLength(3);
		});
	});

	describe('Add to Group (associate is never sent blindly twice)', () => {
		it('answer lost after Luzmo associated: members read again, found, not sent again', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Designers');
			sandbox.fault({ method: 'POST', path: '/0.1.0/group', match: action('associate'), times: 1, when: 'after', action: reset });
			const result = await runLuzmo(sandbox, { operation: 'addToGroup', findBy: 'id', userId: user.id, groupId: group.id, options: { timeout: 2000 } });

			expect(result.error).toBeUndefined();
			expect(result.items![0].json).toMatchObject({ added: true, alreadyMember: false });
			expect(sandbox.requests.map((r) => `${r.path.slice(7)} ${r.body.action}`)).toEqual(['user get', 'group get', 'group associate', 'group get']);
			expect([...sandbox.groups.joined.values()]).toEqual([1]);
		});

		it('a 500 before Luzmo acted: members read, not a member, associated again, once', async () => {
			const user = sandbox.seedUser({ email: 'ada@example.com' });
			const group = sandbox.groups.seed('Designers');
			sandbox.fault({ method: 'POST', path: '/0.1.0/group', match: action('associate'), times: 1, when: 'before', action: respond(500, 'Internal Server Error', 'Something went wrong.') });
			const result = await runLuzmo(sandbox, { operation: 'addToGroup', findBy: 'id', userId: user.id, groupId: group.id });

			expect(result.items![0].json).toMatchObject({ added: true, alreadyMember: false });
			expect(sandbox.actions('group', 'associate')).toHaveLength(2);
			expect(sandbox.groups.memberIds(group.id)).toEqual([user.id]);
		});
	});

	describe('Get Many under the rate limit', () => {
		it('429s on the second page are waited out: every user once', async () => {
			const users = Array.from({ length: 150 }, (_, i) => sandbox.seedUser({ email: `user${i}@example.com` }));
			sandbox.fault({
				method: 'POST',
				path: '/0.1.0/user',
				match: (r) => r.body?.find?.offset === 100,
				times: 2,
				when: 'before',
				action: respond(429, 'Too Many Requests', 'Rate limit exceeded, please slow down.'),
			});
			const result = await runLuzmo(sandbox, { operation: 'getAll', returnAll: true });

			expect(result.error).toBeUndefined();
			expect(result.items!.map((item) => item.json.id).sort()).toEqual(users.map((user) => user.id).sort());
			expect(sandbox.lookups().map((r) => r.body.find.offset)).toEqual([0, 100, 100, 100]);
		});

		it('a real token bucket (burst 3, 6 per second) across a batch of Get Many items: all pages read', async () => {
			await sandbox.stop();
			sandbox = new LuzmoSandbox({ rateLimit: { burst: 3, perSecond: 6 } });
			await sandbox.start();
			Array.from({ length: 12 }, (_, i) => sandbox.seedUser({ email: `user${i}@example.com` }));
			const result = await runLuzmo(sandbox, { operation: 'getAll', limit: 12, options: { concurrency: 4 } }, Array.from({ length: 6 }, () => ({})));

			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(72);
			expect(sandbox.rateLimited).toBeGreaterThan(0);
		});
	});
});

describe('Luzmo lifecycle: no secret in outputs, errors or logs', () => {
	const capture = new OutputCapture();
	let sandbox: LuzmoSandbox;
	beforeEach(async () => {
		sandbox = new LuzmoSandbox({ apiKey: `S3CR3T-key-${randomBytes(6).toString('hex')}`, apiToken: `S3CR3T-token-${randomBytes(6).toString('hex')}` });
		await sandbox.start();
		capture.start();
	});
	afterEach(async () => {
		capture.stop();
		await sandbox.stop();
	});

	const secrets = () => ({ 'API key': sandbox.apiKey, 'API token': sandbox.apiToken });
	// A careless answer that quotes the request's key and token back.
	const quoting = () => ({ type: 'respond' as const, response: luzmoError(400, 'Bad Request', `Invalid request for key ${sandbox.apiKey} and token ${sandbox.apiToken}`) });

	it.each([
		['update', { operation: 'update', findBy: 'email', email: 'ada@example.com', updateFields: { name: 'Ada' } }, '/0.1.0/user', 'update'],
		['delete', { operation: 'delete', findBy: 'email', email: 'ada@example.com' }, '/0.1.0/user', 'delete'],
		['add to group', { operation: 'addToGroup', findBy: 'email', email: 'ada@example.com' }, '/0.1.0/group', 'associate'],
		['get many', { operation: 'getAll', returnAll: true }, '/0.1.0/user', 'get'],
	])('%s: an error quoting the key and token is masked, in the error item and the failed run alike', async (_name, parameters, path, name) => {
		sandbox.seedUser({ email: 'ada@example.com' });
		const group = sandbox.groups.seed('Designers');
		sandbox.fault({ method: 'POST', path, match: action(name), times: Infinity, when: 'before', action: quoting() });
		const withGroup = { ...parameters, groupId: group.id };
		const mark = capture.mark();
		const failed = await runLuzmo(sandbox, withGroup);
		const continued = await runLuzmo(sandbox, withGroup, [{}], { continueOnFail: true });

		expect(failed.error?.message).toContain('[redacted]');
		expect(continued.items![0].json.error).toContain('[redacted]');
		const hits = [
			...findSecrets(failed.error, secrets(), 'error'),
			...findSecrets(failed.run.data, secrets(), 'run'),
			...findSecrets(continued.items, secrets(), 'items'),
			...findSecrets(capture.since(mark), secrets(), 'logs'),
		];
		expect(hits).toEqual([]);
	});
});
