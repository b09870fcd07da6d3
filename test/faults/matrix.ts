/**
 * The fault table's combinations, fault case x (vendor, operation), each either run or not
 * applicable with its reason; and one run: start the vendor's sandbox, seed what the row needs,
 * install the case's faults, run the node in a real workflow, assess.
 */
import type { CaseRun, FaultCase, Row } from './case';
import type { OutputCapture } from './capture';
import { assess } from './invariants';
import { FaultLog, receivedBy } from './kit';
import { rowName } from './rows';
import type { Cell } from './table';
import type { Vendor } from './vendors';

export interface Combination {
	id: string;
	testCase: FaultCase;
	vendor: Vendor;
	row: Row;
	/** Why the case is not run for this row; undefined when it is. */
	notApplicable?: string;
}

export function combinations(cases: FaultCase[], vendors: Vendor[]): Combination[] {
	return cases.flatMap((testCase) =>
		vendors.flatMap((vendor) =>
			vendor.rows.map((row) => {
				const own = testCase.applies?.(row, vendor) ?? true;
				const verdict = own === true ? (row.notApplicable?.[testCase.id] ?? true) : own;
				const id = `${testCase.id} / ${vendor.name} ${rowName(row)}`;
				return { id, testCase, vendor, row, ...(verdict === true ? {} : { notApplicable: verdict }) };
			}),
		),
	);
}

export function notRun({ testCase, vendor, row, notApplicable }: Combination): Cell {
	return { caseId: testCase.id, title: testCase.title, vendor: vendor.name, operation: rowName(row), effect: row.effect, notApplicable };
}

/** Runs one combination; every secret of the run goes to `secretsOfRun` for the final log scan. */
export async function runCombination(
	{ testCase, vendor, row }: Combination,
	capture: OutputCapture,
	secretsOfRun: (secrets: Record<string, string>) => void,
): Promise<Cell> {
	const v = await vendor.start({
		tag: testCase.id,
		tokenMode: Boolean(testCase.tokenMode),
		staleToken: testCase.staleToken,
		refuseCounted: testCase.refuseCounted,
	});
	try {
		const variant = testCase.lookups ? row.lookupVariant : undefined;
		const already = new Set(variant?.already ?? []);
		// Two items: the one a fault hits (item 0) and one that shows the batch going on.
		const items = row.prepare(v, testCase.items ?? 2, already);
		const faults = new FaultLog(v.sandbox);
		const setup = { v, vendor, row, items, faults };
		const state = testCase.arrange?.(setup) ?? {};
		const mark = capture.mark();
		const started = Date.now();
		const result = await v.run(row, { items, continueOnFail: testCase.continueOnFail ?? true, options: { ...row.options, ...variant?.options, ...testCase.options } });
		const ms = Date.now() - started;
		// Let the logger's stream flush what this run reported.
		await new Promise((resolve) => setTimeout(resolve, 20));
		const run: CaseRun = { ...setup, result, already, state };
		const assessment = assess(testCase, run, capture.since(mark));
		secretsOfRun(v.secrets());
		return {
			caseId: testCase.id,
			title: testCase.title,
			vendor: vendor.name,
			operation: rowName(row),
			effect: row.effect,
			assessment,
			...(row.knownDefects?.[testCase.id] ? { knownDefect: row.knownDefects[testCase.id].reason } : {}),
			writes: row.write ? receivedBy(v.sandbox, row.write.target).length : 0,
			faultHits: faults.hits.length + v.sandbox.refusals.length,
			ms,
		};
	} finally {
		await v.stop();
	}
}

/** Runs tasks with at most `limit` in flight; each result's promise settles with its task. */
export function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Array<Promise<T>> {
	let next = 0;
	const settlers: Array<{ resolve: (value: T) => void; reject: (error: unknown) => void }> = [];
	const promises = tasks.map(() => new Promise<T>((resolve, reject) => settlers.push({ resolve, reject })));
	const worker = async () => {
		while (next < tasks.length) {
			const index = next++;
			try {
				settlers[index].resolve(await tasks[index]());
			} catch (error) {
				settlers[index].reject(error);
			}
		}
	};
	for (let i = 0; i < Math.min(limit, tasks.length); i++) void worker();
	return promises;
}
