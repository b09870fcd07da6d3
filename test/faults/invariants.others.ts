/**
 * The invariants for users a run acts on that no input item names (rows.ts `OthersSpec`: Sync's
 * leavers). Their outputs are set apart before the per-item invariants run, so every input item
 * still gives exactly one outcome of its own; each of these users gets exactly one output, paired
 * with item 0, and what becomes of them follows the case:
 * - every item done: their effect happened once, and their output says so;
 * - every item an error (the fault hits every write): their write failed too, an error output
 *   with the same message, their effect not at all;
 * - only named items errors (faults on item 0's own requests): theirs are not hit, so done;
 * - the node fails: they come after every roster row, so their write never started;
 * - every item an error before any write was sent (the read of the users failed): nobody knows
 *   of them, so they get no output and no effect.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { CaseRun, Expectation } from './case';
import { writes } from './case';
import { unclearErrorText } from './capture';
import { sameText } from './rows';

type Outcome = 'done' | 'failed' | 'untouched';

function outcomeOf(expectation: Expectation): Outcome {
	if (expectation.kind === 'allDone') return 'done';
	if (expectation.kind === 'nodeFails') return 'untouched';
	return expectation.indices === undefined ? 'failed' : 'done';
}

/** The outputs about input items, and the problems with the outputs about the other users. */
export function splitOthers(run: CaseRun, expectation: Expectation, out: INodeExecutionData[] | undefined): { own: INodeExecutionData[] | undefined; violations: string[] } {
	const { v, row } = run;
	const spec = row.others;
	if (!spec) return { own: out, violations: [] };
	const users = spec.of(v);
	const violations: string[] = [];
	const outcome = outcomeOf(expectation);
	const isOther = (item: INodeExecutionData) => users.some((user) => sameText(user.email, item.json.email));
	for (const user of users) {
		const label = `${String(user.email)} (no item names them)`;
		const outputs = (out ?? []).filter((item) => sameText(user.email, item.json.email));
		const effect = spec.effects(v, user);
		const want = outcome === 'done' ? 1 : 0;
		if (effect !== want) violations.push(`${label}: their effect (${spec.effect}) happened ${effect} times, expected ${want}`);
		if (!out) continue;
		if (outcome === 'failed' && outputs.length === 0 && writes(run).length === 0) continue;
		if (outputs.length !== 1) {
			violations.push(`${label} gave ${outputs.length} outputs, expected 1`);
			continue;
		}
		const [item] = outputs;
		const paired = (item.pairedItem as { item?: number } | undefined)?.item;
		if (paired !== 0) violations.push(`${label}: output paired with ${JSON.stringify(item.pairedItem)}, expected item 0 (the first roster row)`);
		const { json } = item;
		if (outcome === 'failed') {
			if (json.error === undefined) violations.push(`${label}: expected an error output (the fault hits every write), got ${JSON.stringify(json).slice(0, 160)}`);
			else {
				const problem = unclearErrorText(json.error);
				if (problem) violations.push(`${label} error ${problem}`);
				const expected = expectation.kind === 'errorItems' ? expectation.message(v) : undefined;
				if (expected && !(typeof expected === 'string' ? json.error === expected : expected.test(String(json.error)))) {
					violations.push(`${label} error ${JSON.stringify(json.error)} does not match ${String(expected)}`);
				}
			}
			continue;
		}
		if (json.error !== undefined) violations.push(`${label} failed: ${String(json.error)}`);
		else violations.push(...spec.output(v, user, json).map((problem) => `${label}: ${problem}`));
	}
	return { own: out?.filter((item) => !isOther(item)), violations };
}
