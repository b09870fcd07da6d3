/**
 * The order in which the runner reads (validates) items and starts their work. These tests drive
 * runItems directly with a recording operation: what is observed is the runner's own scheduling,
 * which a workflow run against a sandbox cannot show (a sandbox sees requests, not validation).
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AdaptiveConcurrency } from '../../nodes/shared/concurrency';
import type { ItemOperation } from '../../nodes/shared/runner';
import { runItems } from '../../nodes/shared/runner';
import { until } from '../sandbox/toolkit';

const node = { name: 'Create User', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;

function context(itemCount: number, continueOnFail: boolean): IExecuteFunctions {
	return {
		getInputData: () => Array.from({ length: itemCount }, (_, i) => ({ json: { i } })),
		continueOnFail: () => continueOnFail,
		getNode: () => node,
	} as unknown as IExecuteFunctions;
}

/**
 * Item `bad` fails validation; every execute records when it started and ended. An execute takes
 * 25 ms, or, for the items in `holdUntilParsed`, lasts until the item given has been read (at
 * most 10 s, so a runner that does not read meanwhile fails the order check instead of hanging):
 * an order made by construction, not hoped for from a timer a busy machine may outlast.
 */
function recording(bad: number[] = [], holdUntilParsed: Record<number, number> = {}) {
	const events: string[] = [];
	const operation: ItemOperation<number> = {
		parse(i) {
			events.push(`parse ${i}`);
			if (bad.includes(i)) throw new NodeOperationError(node, `Invalid "Email" in item ${i}`, { itemIndex: i });
			return i;
		},
		async execute(input) {
			events.push(`send ${input}`);
			const awaited = holdUntilParsed[input];
			if (awaited === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
			else await until(() => events.includes(`parse ${awaited}`), 10_000);
			events.push(`done ${input}`);
			return { id: input } as IDataObject;
		},
	};
	return { events, operation };
}

describe('runner: when items are validated', () => {
	it('without Continue On Fail validates every item before the first request', async () => {
		const { events, operation } = recording();
		const [output] = await runItems(context(6, false), operation, { concurrency: 3 });
		expect(events.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `parse ${i}`));
		expect(events.filter((e) => e.startsWith('send'))).toHaveLength(6);
		expect(output.map((item) => item.json.id)).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('without Continue On Fail a bad last item stops the node with nothing sent', async () => {
		const { events, operation } = recording([5]);
		await expect(runItems(context(6, false), operation, { concurrency: 3 })).rejects.toThrow('Invalid "Email" in item 5');
		expect(events.some((e) => e.startsWith('send'))).toBe(false);
	});

	it('with Continue On Fail starts the first request before reading the rest of the batch', async () => {
		const { events, operation } = recording([3]);
		const [output] = await runItems(context(6, true), operation, { concurrency: 3 });
		expect(events.slice(0, 2)).toEqual(['parse 0', 'send 0']);
		// The bad item is never sent and becomes an error item in its place; the others go on.
		expect(events).not.toContain('send 3');
		expect(output.map((item) => item.json.id ?? item.json.error)).toEqual([0, 1, 2, 'Invalid "Email" in item 3', 4, 5]);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
	});

	it('with Continue On Fail reads the next items while the first request is under way', async () => {
		// Item 0's request lasts until item 5 has been read: a runner that read items only when
		// a worker is free would leave it waiting out its cap, and item 5 would be read after it.
		const { events, operation } = recording([], { 0: 5 });
		await runItems(context(6, true), operation, { concurrency: 3 });
		// Item 0 goes alone (token fetch); the rest are read while it is under way, not after it.
		expect(events.indexOf('parse 5')).toBeLessThan(events.indexOf('done 0'));
		expect(events.indexOf('done 0')).toBeLessThan(events.indexOf('send 1'));
	});

	it('with Continue On Fail the first item actually sent still runs alone (one token fetch)', async () => {
		const { events, operation } = recording([0, 1]);
		await runItems(context(6, true), operation, { concurrency: 4 });
		// Items 0 and 1 are bad; item 2 is the first one sent and it is done before any other is sent.
		expect(events.slice(0, 4)).toEqual(['parse 0', 'parse 1', 'parse 2', 'send 2']);
		const sends = events.filter((e) => e.startsWith('send'));
		expect(sends).toEqual(['send 2', 'send 3', 'send 4', 'send 5']);
		expect(events.indexOf('done 2')).toBeLessThan(events.indexOf('send 3'));
	});
});

/**
 * Counts the items whose execute is under way. The k-th execute to start lasts until the test
 * has released k (or 10 s at most), so how many run at once is set by the runner, not by a timer.
 */
function concurrent() {
	let running = 0;
	let peak = 0;
	let started = 0;
	let released = 0;
	const operation: ItemOperation<number> = {
		parse: (i) => i,
		async execute(input) {
			running += 1;
			const k = ++started;
			peak = Math.max(peak, running);
			await until(() => k <= released, 10_000);
			running -= 1;
			return { id: input } as IDataObject;
		},
	};
	return {
		operation,
		peak: () => peak,
		started: () => started,
		/** Lets the first `count` executes to start finish (Infinity: all). */
		release: (count = Infinity) => (released = count),
	};
}

describe('runner: Concurrency', () => {
	it('Auto: no more items in flight than the limiter allows, and as many as it allows', async () => {
		const limiter = new AdaptiveConcurrency(32, Date.now, 3);
		const run = concurrent();
		const done = runItems(context(10, false), run.operation, { concurrency: 'auto', slots: limiter });
		// The first item runs alone (one token fetch); the others wait for it.
		await until(() => run.started() === 1, 10_000);
		run.release(1);
		await until(() => run.started() === 4, 10_000);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(run.started()).toBe(4);
		run.release();
		const [output] = await done;
		expect(run.peak()).toBe(3);
		expect(output.map((item) => item.json.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('Auto: items in flight follow the limit when it grows', async () => {
		let now = 0;
		const limiter = new AdaptiveConcurrency(32, () => now, 2);
		const run = concurrent();
		const done = runItems(context(12, false), run.operation, { concurrency: 'auto', slots: limiter });
		await until(() => run.started() === 1, 10_000);
		run.release(1);
		await until(() => run.started() === 3, 10_000);
		// Two answers at the unloaded round trip with both slots busy: the limit doubles, and
		// two more items start at once.
		now += 50;
		limiter.onSample(50);
		limiter.onSample(50);
		expect(limiter.limit).toBe(4);
		await until(() => run.started() === 5, 10_000);
		expect(run.peak()).toBe(4);
		run.release();
		const [output] = await done;
		expect(output).toHaveLength(12);
		expect(run.peak()).toBe(4);
	});

	it('Auto: two runs on one credential share its slots (one budget across executions)', async () => {
		const limiter = new AdaptiveConcurrency(32, Date.now, 4);
		const run = concurrent();
		const first = runItems(context(8, false), run.operation, { concurrency: 'auto', slots: limiter });
		const second = runItems(context(8, false), run.operation, { concurrency: 'auto', slots: limiter });
		// Each run's first item alone, then both runs want more; together they get the limiter's 4.
		await until(() => run.started() === 2, 10_000);
		run.release(2);
		await until(() => run.started() === 6, 10_000);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(run.started()).toBe(6);
		expect(limiter.state()).toMatchObject({ inFlight: 4 });
		expect(limiter.state().waiting).toBeGreaterThan(0);
		run.release();
		const [[a], [b]] = await Promise.all([first, second]);
		expect(a).toHaveLength(8);
		expect(b).toHaveLength(8);
		expect(run.peak()).toBe(4);
	});

	it('a pinned number runs that many items at once, whatever the Auto limit', async () => {
		const limiter = new AdaptiveConcurrency(32, Date.now, 1);
		const run = concurrent();
		const done = runItems(context(10, false), run.operation, { concurrency: 5, slots: limiter });
		await until(() => run.started() === 1, 10_000);
		run.release(1);
		await until(() => run.started() === 6, 10_000);
		run.release();
		await done;
		expect(run.peak()).toBe(5);
		expect(limiter.state()).toMatchObject({ inFlight: 0, limit: 1 });
	});

	it('Auto: a slot is given back when an item fails, and a failure stops new items', async () => {
		const limiter = new AdaptiveConcurrency(32, Date.now, 2);
		const operation: ItemOperation<number> = {
			parse: (i) => i,
			async execute(input) {
				await new Promise((resolve) => setTimeout(resolve, 5));
				if (input === 2) throw new Error('refused');
				return { id: input } as IDataObject;
			},
		};
		await expect(runItems(context(20, false), operation, { concurrency: 'auto', slots: limiter })).rejects.toThrow('Item 2: refused');
		expect(limiter.state()).toMatchObject({ inFlight: 0, waiting: 0 });
	});
});
