/**
 * The order in which the runner reads (validates) items and starts their work. These tests drive
 * runItems directly with a recording operation: what is observed is the runner's own scheduling,
 * which a workflow run against a sandbox cannot show (a sandbox sees requests, not validation).
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
