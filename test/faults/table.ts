/** The closing table of the fault suite: fault case x vendor, written as markdown. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT } from '../harness/package';
import type { Assessment } from './invariants';

export interface Row {
	caseId: string;
	title: string;
	vendor: string;
	assessment: Assessment;
	/** Create requests the sandbox received. */
	createRequests: number;
	ms: number;
}

export const TABLE_PATH = path.join(PACKAGE_ROOT, 'bench-results', 'faults-table.md');

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function outcome(a: Assessment): string {
	if (a.nodeErrorItem !== undefined || a.itemsOut === 0) return `node failed at item ${a.nodeErrorItem ?? '?'}`;
	return [a.created && `${a.created} created`, a.existing && `${a.existing} existing`, a.errors && `${a.errors} error`].filter(Boolean).join(', ');
}

export function renderTable(rows: Row[], order: { cases: string[]; vendors: string[] }, totalMs: number): string {
	const sorted = [...rows].sort(
		(a, b) => order.cases.indexOf(a.caseId) - order.cases.indexOf(b.caseId) || order.vendors.indexOf(a.vendor) - order.vendors.indexOf(b.vendor),
	);
	const failed = rows.filter((row) => row.assessment.violations.length);
	const lines = [
		'# Fault injection: case x vendor',
		'',
		`Written by test/faults/faults.test.ts on ${new Date().toISOString()}: ${rows.length} runs, ${failed.length} with violations, ` +
			`${Math.round(totalMs / 100) / 10} s wall time (runs overlap). "Items out" counts output items; "creates sent" the create requests the sandbox received.`,
		'',
		'| Fault case | Vendor | Items in | Items out | Outcome | Duplicates | Secret hits | Creates sent | Time (ms) | Message shown | Result |',
		'|---|---|---:|---:|---|---:|---:|---:|---:|---|---|',
		...sorted.map((row) => {
			const a = row.assessment;
			const message = a.messages[0] ? cell(a.messages[0]).slice(0, 90) : '';
			const result = a.violations.length ? `FAIL: ${cell(a.violations.join('; ')).slice(0, 200)}` : 'ok';
			return `| ${row.caseId} | ${row.vendor} | ${a.itemsIn} | ${a.itemsOut} | ${outcome(a)} | ${a.duplicates.length} | ${a.secretHits.length} | ${row.createRequests} | ${row.ms} | ${message} | ${result} |`;
		}),
		'',
		'Cases:',
		...order.cases.map((id) => `- \`${id}\`: ${rows.find((row) => row.caseId === id)?.title ?? ''}`),
		'',
	];
	return lines.join('\n');
}

export function writeTable(markdown: string): void {
	mkdirSync(path.dirname(TABLE_PATH), { recursive: true });
	writeFileSync(TABLE_PATH, markdown);
}
