/**
 * The shared directory's own logic, on an adapter over an in-memory user list (the vendors'
 * adapters are tested through their sandboxes in test/directory and test/<vendor>).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DirectoryAdapter } from '../../nodes/shared/directory';
import { absentOn404, identityKey, KeyedQueue, sendOnce, UserDirectory } from '../../nodes/shared/directory';

interface User extends IDataObject {
	id: string;
	email: string;
	gone?: boolean;
}

const node = { id: '1', name: 'Test', type: 'test', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
const notFound = () => new NodeApiError(node, { message: 'not found' }, { httpCode: '404' });
const lost = () => Object.assign(new Error('lost'), { context: { outcomeUncertain: true } });

function listAdapter(users: User[], search: 'exactCase' | 'none' = 'exactCase') {
	const calls: string[] = [];
	const adapter: DirectoryAdapter<User> = {
		pageSize: 2,
		readPage: async ({ offset, size }) => {
			calls.push(`page ${offset}`);
			return { items: users.slice(offset, offset + size) };
		},
		getById: async (id) => {
			calls.push(`get ${id}`);
			const user = users.find((candidate) => candidate.id === id);
			if (!user) throw notFound();
			return user;
		},
		searchByEmail:
			search === 'none'
				? undefined
				: async (email) => {
						calls.push(`search ${email}`);
						return users.filter((user) => user.email === email);
					},
		isGone: (user) => user.gone === true,
	};
	return { adapter, calls };
}

describe('UserDirectory', () => {
	it('finds Alice@Example.com for " alice@example.com " through an exact-case search: both forms, then the list once', async () => {
		const { adapter, calls } = listAdapter([
			{ id: '1', email: 'bob@example.com' },
			{ id: '2', email: 'Alice@Example.com' },
			{ id: '3', email: 'carol@example.com' },
		]);
		const directory = new UserDirectory(adapter);

		expect(await directory.findByEmail(' ALICE@example.com ', 0)).toMatchObject({ id: '2' });
		expect(calls).toEqual(['search ALICE@example.com', 'search alice@example.com', 'page 0', 'page 2']);
		// The list is complete now: later emails, found or not, are answered without a request.
		expect(await directory.findByEmail('carol@EXAMPLE.com', 1)).toMatchObject({ id: '3' });
		expect(await directory.findByEmail('nobody@example.com', 2)).toBeUndefined();
		expect(calls).toHaveLength(4);
	});

	it('leaves gone users out, answers 404 as absent, and keeps what this execution created and removed', async () => {
		const users: User[] = [
			{ id: '1', email: 'gone@example.com', gone: true },
			{ id: '2', email: 'ann@example.com' },
		];
		const { adapter } = listAdapter(users, 'none');
		const directory = new UserDirectory(adapter);

		expect(await directory.findByEmail('gone@example.com', 0)).toBeUndefined();
		expect(await directory.findById('9', 0)).toBeUndefined();
		directory.remember({ id: '7', email: 'New@Example.com' });
		expect(directory.knows('new@example.com')).toBe(true);
		const ann = await directory.findByEmail('ANN@example.com', 0);
		directory.forget(ann!);
		expect(await directory.findByEmail('ann@example.com', 0)).toBeUndefined();
	});

	it('runs items for one person one after the other, by email in any case and by the ID found', async () => {
		const { adapter } = listAdapter([{ id: '1', email: 'ann@example.com' }], 'none');
		const directory = new UserDirectory(adapter);
		const order: string[] = [];
		const task = (name: string) => async () => {
			order.push(`${name} start`);
			await new Promise((resolve) => setImmediate(resolve));
			order.push(`${name} end`);
		};
		await Promise.all([
			directory.withUser({ findBy: 'email', email: 'Ann@example.com' }, 0, task('a')),
			directory.withUser({ findBy: 'email', email: ' ann@EXAMPLE.com' }, 1, task('b')),
			directory.withUser({ findBy: 'id', userId: '1' }, 2, task('c')),
		]);
		for (let i = 0; i < order.length; i += 2) expect(order[i].split(' ')[0]).toBe(order[i + 1].split(' ')[0]);
	});
});

describe('sendOnce', () => {
	it('after a lost answer, looks first: a change that landed is not sent again', async () => {
		let sent = 0;
		const result = await sendOnce(
			async () => {
				sent += 1;
				throw lost();
			},
			async () => 'found',
		);
		expect([result, sent]).toEqual(['found', 1]);
	});

	it('sends again only while the look finds nothing, at most twice more, then gives the failure', async () => {
		let sent = 0;
		await expect(
			sendOnce(
				async () => {
					sent += 1;
					throw lost();
				},
				async () => undefined,
			),
		).rejects.toThrow('lost');
		expect(sent).toBe(3);
	});

	it('never repeats a failure that is not a lost answer', async () => {
		let looked = 0;
		await expect(sendOnce(async () => Promise.reject(new Error('refused')), async () => (looked += 1))).rejects.toThrow('refused');
		expect(looked).toBe(0);
	});
});

describe('small pieces', () => {
	it('identityKey trims and lower-cases; absentOn404 turns only a 404 into undefined', async () => {
		expect(identityKey('  Ann@Example.COM ')).toBe('ann@example.com');
		expect(await absentOn404(async () => Promise.reject(notFound()))).toBeUndefined();
		await expect(absentOn404(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
	});

	it('KeyedQueue runs tasks of one key in order even when an earlier one fails', async () => {
		const queue = new KeyedQueue();
		const order: number[] = [];
		const first = queue.run('k', async () => {
			order.push(1);
			throw new Error('first');
		});
		const second = queue.run('k', async () => {
			order.push(2);
		});
		await expect(first).rejects.toThrow('first');
		await second;
		expect(order).toEqual([1, 2]);
	});
});
