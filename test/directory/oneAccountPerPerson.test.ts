/**
 * One account per person, whatever the batch, the letter case, the Concurrency or Continue On
 * Fail (issue 17). Per vendor and per sandbox mode (an exact-case email search that accepts
 * duplicate emails, as a real vendor may; and the sandbox's default), the node's Create with If
 * User Exists: Return Existing runs through the real harness on batches that list one person
 * several times in different letter cases. What is checked is what the vendor holds afterwards
 * (its live accounts per email) and what each item says: the one account of its person, paired
 * with its input item. A user stored as `Alice@Example.com` must also be found by Get, Update and
 * Delete by `alice@example.com`, and Create with Return Existing must return it.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import { emailKey } from '../sandbox/toolkit';
import type { DirectoryVendor } from './vendors';
import { DIRECTORY_VENDORS, EXACT_CASE, MODES, storeOf } from './vendors';

/** `dup` is one person, written in four letter cases (one with spaces around it). */
const DUP = ['Dup@Example.com', 'dup@example.com', ' DUP@example.com ', 'dUP@EXAMPLE.COM'];

const BATCHES: Record<string, string[]> = {
	'dup, dup': DUP.slice(0, 2),
	'o1, o2, dup, dup, dup, dup': ['o1@example.com', 'o2@example.com', ...DUP],
};

const CASES = Object.keys(BATCHES).flatMap((batch) => [1, 4, 20].flatMap((concurrency) => [false, true].map((continueOnFail) => ({ batch, concurrency, continueOnFail }))));

let runs = 0;

/** An item's output as the checks read it: the input it is paired with, and an error or the user it names. */
function outcome(item: INodeExecutionData): Record<string, unknown> {
	const { json, pairedItem: paired } = item;
	if (json.error !== undefined) return { paired, error: String(json.error) };
	return { paired, id: String(json.id), email: emailKey(json.email) };
}

describe.each(DIRECTORY_VENDORS)('$name: one account per person', (vendor: DirectoryVendor) => {
	describe.each(MODES)('$name', (mode) => {
		it.each(CASES)('$batch at Concurrency $concurrency, Continue On Fail $continueOnFail', async ({ batch, concurrency, continueOnFail }) => {
			const run = await vendor.faults.start({ tag: `directory-${++runs}`, tokenMode: false });
			try {
				const store = storeOf(run.sandbox);
				store.configure(mode.options);
				const emails = BATCHES[batch];
				// person(n) fills the vendor's other required fields, distinct per item (OpsRamp's login
				// names too): only the email says that two items are one person.
				const items = emails.map((email, i) => ({ ...run.person(i + 1), email }));

				const result = await run.run({ items, continueOnFail, options: { ifUserExists: 'returnExisting', concurrency } });

				const people = [...new Set(emails.map(emailKey))];
				const accounts = Object.fromEntries(people.map((person) => [person, store.accountIdsFor(person)]));
				const created = (person: string) =>
					(result.items ?? []).filter((item, i) => emailKey(emails[i]) === person && item.json.provisioningStatus === 'created').length;
				const observed = {
					accounts: Object.fromEntries(people.map((person) => [person, accounts[person].length])),
					nodeError: result.error?.message,
					outputs: (result.items ?? []).map(outcome),
					createdPerPerson: Object.fromEntries(people.map((person) => [person, created(person)])),
				};
				expect(observed).toEqual({
					accounts: Object.fromEntries(people.map((person) => [person, 1])),
					nodeError: undefined,
					// Every item: its person's one account (created or existing), paired with its input.
					outputs: emails.map((email, i) => ({ paired: { item: i }, id: accounts[emailKey(email)][0], email: emailKey(email) })),
					// The one item that made the account says so; the others found it.
					createdPerPerson: Object.fromEntries(people.map((person) => [person, 1])),
				});
			} finally {
				await run.stop();
			}
		});
	});
});

describe.each(DIRECTORY_VENDORS)('$name: a user stored as Alice@Example.com, found by alice@example.com (exact-case search)', (vendor: DirectoryVendor) => {
	const STORED = 'Alice@Example.com';
	const ASKED = 'alice@example.com';

	async function start() {
		const started = await vendor.badInput.start();
		storeOf(started.sandbox).configure(EXACT_CASE.options);
		const id = vendor.seed(started.sandbox, STORED);
		const runOperation = async (operation: string, extra: IDataObject = {}) =>
			await runNode({
				node: vendor.badInput.node,
				parameters: { resource: 'user', operation, findBy: 'email', email: ASKED, ...vendor.select, ...extra },
				items: [{}],
				credentials: started.credentials,
			});
		return { ...started, id, runOperation };
	}

	it('Get finds it', async () => {
		const { sandbox, id, runOperation } = await start();
		try {
			const result = await runOperation('get');
			expect(result.error?.message).toBeUndefined();
			expect(result.items?.map((item) => String(item.json.id))).toEqual([id]);
		} finally {
			await sandbox.stop();
		}
	});

	it('Update changes it', async () => {
		const { sandbox, id, runOperation } = await start();
		try {
			const { field, value } = vendor.update;
			const result = await runOperation('update', { updateFields: { [field]: value } });
			expect(result.error?.message).toBeUndefined();
			expect(result.items?.map((item) => String(item.json.id))).toEqual([id]);
			expect(vendor.liveUser(sandbox, id)?.[field]).toBe(value);
		} finally {
			await sandbox.stop();
		}
	});

	it(`${vendor.remove.operation === 'delete' ? 'Delete' : 'Deactivate'} removes its access, not reporting it already gone`, async () => {
		const { sandbox, id, runOperation } = await start();
		try {
			const result = await runOperation(vendor.remove.operation);
			expect(result.error?.message).toBeUndefined();
			expect(result.items?.map((item) => item.json.alreadyAbsent)).toEqual([false]);
			expect(vendor.remove.done(sandbox, id)).toBe(true);
		} finally {
			await sandbox.stop();
		}
	});

	it('Create with Return Existing returns it and makes no second account', async () => {
		const run = await vendor.faults.start({ tag: `directory-alice-${++runs}`, tokenMode: false });
		try {
			const store = storeOf(run.sandbox);
			store.configure(EXACT_CASE.options);
			const id = vendor.seed(run.sandbox, STORED);
			const result = await run.run({ items: [{ ...run.person(1), email: ASKED }], continueOnFail: false, options: { ifUserExists: 'returnExisting' } });
			expect({
				accounts: store.accountsFor(ASKED),
				nodeError: result.error?.message,
				outputs: result.items?.map((item) => ({ id: String(item.json.id), status: item.json.provisioningStatus })),
			}).toEqual({ accounts: 1, nodeError: undefined, outputs: [{ id, status: 'existing' }] });
		} finally {
			await run.stop();
		}
	});
});
