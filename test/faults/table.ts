/**
 * The closing table of the fault suite, written as markdown: a grid of rows (vendor x operation)
 * against fault cases, where a case that makes no sense for a row says why, and a line per run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT } from '../harness/package';
import type { Assessment } from './invariants';

export interface Cell {
	caseId: string;
	title: string;
	vendor: string;
	/** `resource.operation`. */
	operation: string;
	effect: string;
	/** Why the case was not run for this row; undefined when it ran. */
	notApplicable?: string;
	/** A defect of the node this run is known to show (rows.ts `knownDefects`). */
	knownDefect?: string;
	assessment?: Assessment;
	writes?: number;
	faultHits?: number;
	ms?: number;
}

export const TABLE_PATH = path.join(PACKAGE_ROOT, 'bench-results', 'faults-table.md');

/** Each part of the table (a test file) leaves its cells here; the table is rendered from all parts. */
const PARTS_DIR = path.join(PACKAGE_ROOT, 'bench-results', 'faults-parts');

export interface Fragment {
	part: string;
	at: string;
	/** Wall time of the part's runs, overlapping. */
	ms: number;
	cells: Cell[];
}

export function writeFragment(part: string, fragment: { cells: Cell[]; ms: number }): void {
	mkdirSync(PARTS_DIR, { recursive: true });
	writeFileSync(path.join(PARTS_DIR, `${part}.json`), JSON.stringify({ part, at: new Date().toISOString(), ...fragment }));
}

export function readFragments(): Fragment[] {
	if (!existsSync(PARTS_DIR)) return [];
	return readdirSync(PARTS_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => JSON.parse(readFileSync(path.join(PARTS_DIR, name), 'utf8')) as Fragment);
}

const text = (value: string) => value.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function outcome(a: Assessment): string {
	if (a.nodeErrorItem !== undefined || a.itemsOut === 0) return `node failed at item ${a.nodeErrorItem ?? '?'}`;
	return [a.done && `${a.done} done`, a.already && `${a.already} already`, a.errors && `${a.errors} error`].filter(Boolean).join(', ');
}

const mark = (cell: Cell) => (cell.notApplicable ? 'n/a' : cell.knownDefect ? 'known defect' : cell.assessment?.violations.length ? 'FAIL' : 'ok');

export function renderTable(fragments: Fragment[], order: { cases: string[]; rows: string[] }): string {
	const cells = fragments.flatMap((fragment) => fragment.cells);
	const key = (cell: Cell) => `${cell.vendor} ${cell.operation}`;
	const ran = cells.filter((cell) => cell.assessment);
	const failed = ran.filter((cell) => cell.assessment!.violations.length);
	const lookup = new Map(cells.map((cell) => [`${key(cell)}|${cell.caseId}`, cell]));
	const reasons = [...new Set(cells.flatMap((cell) => (cell.notApplicable ? [cell.notApplicable] : [])))];
	const defects = [...new Set(cells.flatMap((cell) => (cell.knownDefect ? [cell.knownDefect] : [])))];
	const lines = [
		'# Fault injection: fault case x (vendor, operation)',
		'',
		`Written by test/faults/ (suite.ts): ${ran.length} runs, ${failed.length} with violations (${failed.filter((cell) => cell.knownDefect).length} of them known defects), ${cells.length - ran.length} combinations not applicable (each with its reason).`,
		...fragments.map((f) => `- part \`${f.part}\` (${f.part}.test.ts), ${f.at}: ${f.cells.filter((c) => c.assessment).length} runs, ${Math.round(f.ms / 100) / 10} s wall time (runs overlap)`),
		'',
		'## Grid',
		'',
		`n/a cells name their reason below the grid (n/a 1, 2, ...), and known defects theirs (defect 1, 2, ...).`,
		'',
		`| Vendor / operation | Effect | ${order.cases.join(' | ')} |`,
		`|---|---|${order.cases.map(() => ':---:').join('|')}|`,
		...order.rows.map((row) => {
			const cellsOfRow = order.cases.map((caseId) => lookup.get(`${row}|${caseId}`));
			const effect = cellsOfRow.find(Boolean)?.effect ?? '';
			const marks = cellsOfRow.map((cell) =>
				!cell ? '' : cell.notApplicable ? `n/a ${reasons.indexOf(cell.notApplicable) + 1}` : cell.knownDefect ? `defect ${defects.indexOf(cell.knownDefect) + 1}` : mark(cell),
			);
			return `| ${row} | ${effect} | ${marks.join(' | ')} |`;
		}),
		'',
		'Not applicable:',
		...reasons.map((reason, i) => `${i + 1}. ${reason}`),
		...(defects.length ? ['', 'Known defects (the runs still fail; the test checks they do, so a fix shows):', ...defects.map((defect, i) => `${i + 1}. ${defect}`)] : []),
		'',
		'## Runs',
		'',
		'"Writes" counts the write requests (the operation\'s) the sandbox received; "hits" the requests the case\'s faults hit.',
		'',
		'| Fault case | Vendor | Operation | Items in | Items out | Outcome | Writes | Hits | Secret hits | Time (ms) | Message shown | Result |',
		'|---|---|---|---:|---:|---|---:|---:|---:|---:|---|---|',
		...order.cases.flatMap((caseId) =>
			order.rows.flatMap((row) => {
				const cell = lookup.get(`${row}|${caseId}`);
				if (!cell?.assessment) return [];
				const a = cell.assessment;
				const message = a.messages[0] ? text(a.messages[0]).slice(0, 90) : '';
				const result = a.violations.length ? `FAIL: ${text(a.violations.join('; ')).slice(0, 240)}` : 'ok';
				return [`| ${caseId} | ${cell.vendor} | ${cell.operation} | ${a.itemsIn} | ${a.itemsOut} | ${outcome(a)} | ${cell.writes} | ${cell.faultHits} | ${a.secretHits.length} | ${cell.ms} | ${message} | ${result} |`];
			}),
		),
		'',
		'Cases:',
		...order.cases.map((id) => `- \`${id}\`: ${cells.find((cell) => cell.caseId === id)?.title ?? ''}`),
		'',
	];
	return lines.join('\n');
}

export function writeTable(markdown: string): void {
	mkdirSync(path.dirname(TABLE_PATH), { recursive: true });
	writeFileSync(TABLE_PATH, markdown);
}
