/**
 * One part of the fault table as a jest suite: every case of the part against every row (vendor x
 * operation) it makes sense for, through a real workflow run of the built node against the
 * vendor's sandbox, each checked against the shared invariants (invariants.ts). The table is cut
 * in parts, each a test file, so that jest's workers share it.
 * Runs overlap (most of their time is spent waiting out retries and timeouts); every secret is
 * unique to its run, so the shared log capture still attributes each hit.
 */
import type { FaultCase } from './case';
import { OutputCapture, findSecrets } from './capture';
import { CASES } from './cases';
import { combinations, notRun, pool, runCombination } from './matrix';
import { rowName } from './rows';
import type { Cell } from './table';
import { renderTable, writeFragment, readFragments, writeTable } from './table';
import { VENDORS } from './vendors';

/** Runs in flight at once: enough to overlap the waits, few enough that no request waits on the CPU past a Timeout. */
const RUNS_AT_ONCE = 24;

export function faultTable(part: string, cases: FaultCase[]): void {
	const capture = new OutputCapture();
	const cells: Cell[] = [];
	/** Every run's secrets, for a last scan of the whole log once all runs are over. */
	const allSecrets: Array<{ cell: () => Cell | undefined; secrets: Record<string, string> }> = [];
	const all = combinations(cases, VENDORS);
	const runnable = all.filter((combination) => !combination.notApplicable);
	let results: Array<Promise<Cell>> = [];
	let started = 0;

	beforeAll(() => {
		started = Date.now();
		capture.start();
		results = pool(
			runnable.map((combination) => async () => {
				let cell: Cell | undefined;
				cell = await runCombination(combination, capture, (secrets) => allSecrets.push({ cell: () => cell, secrets }));
				return cell;
			}),
			RUNS_AT_ONCE,
		);
		// A failed run is reported by its own test; never as an unhandled rejection meanwhile.
		for (const result of results) result.catch(() => undefined);
	});

	afterAll(() => {
		capture.stop();
		// Log lines can be written after a run has returned: scan everything once more.
		const logs = capture.text();
		const late: string[] = [];
		for (const { cell, secrets } of allSecrets) {
			const assessment = cell()?.assessment;
			const hits = findSecrets(logs, secrets, 'logs (final scan)').filter(
				(hit) => !assessment?.secretHits.some((known) => known.secret === hit.secret && known.where.startsWith('logs')),
			);
			if (!hits.length) continue;
			late.push(`${cell()?.caseId} / ${cell()?.vendor} ${cell()?.operation}`);
			assessment?.secretHits.push(...hits);
			assessment?.violations.push(...hits.map((hit) => `secret "${hit.secret}" found in ${hit.where}`));
		}
		writeFragment(part, { cells: [...cells, ...all.filter((c) => c.notApplicable).map(notRun)], ms: Date.now() - started });
		const order = {
			cases: CASES.map((c) => c.id),
			rows: VENDORS.flatMap((vendor) => vendor.rows.map((row) => `${vendor.name} ${rowName(row)}`)),
		};
		writeTable(renderTable(readFragments(), order));
		if (late.length) throw new Error(`Secrets found in logs after the runs: ${late.join(', ')}`);
	});

	const byCase = new Map<string, Array<[string, number]>>();
	runnable.forEach((combination, index) => {
		const list = byCase.get(combination.testCase.id) ?? [];
		list.push([`${combination.vendor.name} ${rowName(combination.row)}`, index]);
		byCase.set(combination.testCase.id, list);
	});

	describe.each([...byCase.entries()])('fault %s', (_caseId, rowsOfCase) => {
		it.each(rowsOfCase)('%s', async (_row, index) => {
			const cell = await results[index];
			cells.push(cell);
			const known = runnable[index].row.knownDefects?.[runnable[index].testCase.id];
			// A known defect must still show; when it no longer does, the node was fixed: drop the entry.
			if (known) expect(cell.assessment!.violations.filter((violation) => known.shows.test(violation))).not.toEqual([]);
			else expect(cell.assessment!.violations).toEqual([]);
		});
	});

	it(`${part}: every combination ran, or is not applicable with its reason`, () => {
		expect(cells).toHaveLength(runnable.length);
		for (const combination of all) if (combination.notApplicable !== undefined) expect(combination.notApplicable.trim().length).toBeGreaterThan(20);
	});
}
