/**
 * Fault injection (issue 8, parts 1 and 3): every fault case against every vendor's sandbox,
 * through a real workflow run of the built node. Each run checks the invariants (one output item
 * per input item or a node error naming the item, nobody created twice, clear error texts) and
 * scans outputs, errors, run data and captured logs for the run's own secrets.
 * Runs overlap (it.concurrent) because most of their time is spent waiting out retries; every
 * secret is unique to its run, so the shared log capture still attributes each hit.
 * The table of results is written to bench-results/faults-table.md.
 */
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';

import { OutputCapture, findSecrets } from './capture';
import type { FaultCase } from './kit';
import { CASES } from './cases';
import { assess } from './invariants';
import type { Row } from './table';
import { renderTable, TABLE_PATH, writeTable } from './table';
import type { Vendor } from './vendors';
import { receivedBy, VENDORS } from './vendors';

const capture = new OutputCapture();
const rows: Row[] = [];
/** Every run's secrets, for a last scan of the whole log once all runs are over. */
const allSecrets: Array<{ row: Row; secrets: Record<string, string> }> = [];
let suiteStart = 0;

beforeAll(() => {
	suiteStart = Date.now();
	capture.start();
});

afterAll(() => {
	capture.stop();
	// Log lines can be written after a run has returned: scan everything once more.
	const logs = capture.text();
	for (const { row, secrets } of allSecrets) {
		const late = findSecrets(logs, secrets, 'logs (final scan)').filter(
			(hit) => !row.assessment.secretHits.some((known) => known.secret === hit.secret && known.where.startsWith('logs')),
		);
		row.assessment.secretHits.push(...late);
		row.assessment.violations.push(...late.map((hit) => `secret "${hit.secret}" found in ${hit.where}`));
	}
	writeTable(renderTable(rows, { cases: CASES.map((c) => c.id), vendors: VENDORS.map((v) => v.name) }, Date.now() - suiteStart));
	const late = allSecrets.filter(({ row }) => row.assessment.violations.some((text) => text.includes('final scan')));
	if (late.length) throw new Error(`Secrets found in logs after the runs: ${late.map(({ row }) => `${row.caseId}/${row.vendor}`).join(', ')}`);
});

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

const matrix: Array<[string, string, FaultCase, Vendor]> = CASES.flatMap((testCase) =>
	VENDORS.filter((vendor) => !testCase.tokenOnly || vendor.hasToken).map((vendor): [string, string, FaultCase, Vendor] => [
		testCase.id,
		vendor.name,
		testCase,
		vendor,
	]),
);

describe('fault injection: every case against every vendor', () => {
	it.concurrent.each(matrix)('%s / %s', async (caseId, vendorName, testCase, vendor) => {
		const v = await vendor.start({ tag: caseId, tokenMode: Boolean(testCase.tokenOnly) });
		try {
			const items = Array.from({ length: testCase.items ?? 3 }, (_, i) => v.person(i));
			for (const index of testCase.existing ?? []) v.seed(index);
			const state = testCase.arrange(v) ?? {};
			const mark = capture.mark();
			const started = Date.now();
			const result = await v.run({ items, continueOnFail: testCase.continueOnFail ?? true, options: testCase.options ?? {} });
			const ms = Date.now() - started;
			// Let the logger's stream flush what this run reported.
			await new Promise((resolve) => setTimeout(resolve, 20));
			const assessment = assess(testCase, { v, items, result, state }, capture.since(mark));
			const row: Row = { caseId, title: testCase.title, vendor: vendorName, assessment, createRequests: receivedBy(v.sandbox, v.create).length, ms };
			rows.push(row);
			allSecrets.push({ row, secrets: v.secrets() });
			expect(assessment.violations).toEqual([]);
		} finally {
			await v.stop();
		}
	});
});

describe('the closing table', () => {
	it('has a row for every case and vendor that ran', () => {
		// Runs after the concurrent tests have settled (jest awaits them in declaration order).
		expect(rows.map((row) => `${row.caseId}/${row.vendor}`).sort()).toEqual(matrix.map(([c, v]) => `${c}/${v}`).sort());
		expect(TABLE_PATH).toMatch(/bench-results\/faults-table\.md$/);
	});
});
