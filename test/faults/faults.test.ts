/**
 * The fault table's own machinery: the log capture sees what n8n writes, the secret scan finds a
 * secret wherever it hides, every operation of every vendor is a row, and every fault case either
 * runs for a row or says why it does not. The table itself: writesAndReads.test.ts and
 * answersAndTokens.test.ts (suite.ts), written to bench-results/faults-table.md.
 */
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';

import { OutputCapture, findSecrets } from './capture';
import { CASES } from './cases';
import { combinations } from './matrix';
import { rowName } from './rows';
import { VENDORS } from './vendors';

const capture = new OutputCapture();
beforeAll(() => capture.start());
afterAll(() => capture.stop());

describe('the log capture', () => {
	it('sees what n8n-core\'s logger writes', () => {
		const mark = capture.mark();
		Container.get(Logger).error('capture canary 7d41');
		console.warn('console canary 7d41');
		expect(capture.since(mark)).toContain('capture canary 7d41');
		expect(capture.since(mark)).toContain('console canary 7d41');
	});
});

describe('the secret scan', () => {
	it('finds a secret in an error\'s stack, deep in an item, in a Map and in a log line', () => {
		const secret = 'S3CR3T-planted-0001';
		const error = new Error('boom');
		error.stack = `Error: boom\n    at request (token=${secret})`;
		const hits = findSecrets(
			{ error, items: [{ json: { nested: { list: ['a', `x${secret}y`] } } }], headers: new Map([['authorization', secret]]) },
			{ planted: secret },
			'run',
		);
		expect(hits.map((hit) => hit.where).sort()).toEqual(['run.error.stack', 'run.headers.authorization', 'run.items[0].json.nested.list[1]']);
		expect(findSecrets(`log line ${secret}`, { planted: secret }, 'logs')).toEqual([{ where: 'logs', secret: 'planted' }]);
	});
});

describe('every operation of every vendor is a row', () => {
	const tables: Record<string, Record<string, Record<string, unknown>>> = {
		Luzmo: require('../../nodes/Luzmo/Luzmo.node').operations,
		Domo: require('../../nodes/Domo/Domo.node').operations,
		OpsRamp: require('../../nodes/OpsRamp/Opsramp.node').operations,
		Garmat: require('../../nodes/Garmat/Garmat.node').operations,
	};

	it.each(VENDORS.map((vendor) => [vendor.name, vendor] as const))('%s: the rows are the node\'s operation table', (name, vendor) => {
		const table = Object.entries(tables[name]).flatMap(([resource, operations]) => Object.keys(operations).map((operation) => `${resource}.${operation}`));
		expect(vendor.rows.map(rowName).sort()).toEqual(table.sort());
	});

	it('a row\'s own not-applicable cases and known defects name cases that exist and run for it, and say what they are', () => {
		const ids = new Set(CASES.map((c) => c.id));
		const problems = VENDORS.flatMap((vendor) =>
			vendor.rows.flatMap((row) => [
				...Object.keys(row.notApplicable ?? {}).filter((id) => !ids.has(id)).map((id) => `${vendor.name} ${rowName(row)}: n/a names no case "${id}"`),
				...Object.entries(row.knownDefects ?? {}).flatMap(([id, defect]) => {
					const combination = combinations(CASES, [vendor]).find((c) => c.row === row && c.testCase.id === id);
					if (!combination) return [`${vendor.name} ${rowName(row)}: known defect names no case "${id}"`];
					if (combination.notApplicable) return [`${vendor.name} ${rowName(row)}: known defect in "${id}", which does not run for it`];
					return defect.reason.trim().length > 20 ? [] : [`${vendor.name} ${rowName(row)}: known defect in "${id}" says too little`];
				}),
			]),
		);
		expect(problems).toEqual([]);
	});

	it('a case that is not run for a row says why, and every row meets most cases', () => {
		const all = combinations(CASES, VENDORS);
		for (const combination of all.filter((c) => c.notApplicable !== undefined)) expect(combination.notApplicable!.trim().length).toBeGreaterThan(20);
		// A row left out of most cases by its reasons would be a row in name only.
		const thin = VENDORS.flatMap((vendor) =>
			vendor.rows.flatMap((row) => {
				const run = all.filter((c) => c.vendor === vendor && c.row === row && !c.notApplicable).length;
				return run >= (row.write ? 20 : 12) ? [] : [`${vendor.name} ${rowName(row)}: ${run} cases`];
			}),
		);
		expect(thin).toEqual([]);
	});
});
