/**
 * The invariants every run shares, returned as violations (empty when the run is sound) with the
 * figures the closing table reports: one outcome per input item (its output, or a per-item error
 * paired with it, or a node error naming it); each done item's effect exactly once in the sandbox
 * and a failed item's not at all; a read changes nothing; nobody created twice; clear error texts;
 * no secret in outputs, errors, run data or logs; every fault met; no write repeated blindly.
 * Users a run acts on that no item names (Sync's leavers) have their own: invariants.others.ts.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SecretHit } from './capture';
import { findSecrets, unclearErrorText } from './capture';
import type { CaseRun, FaultCase } from './case';
import { matches } from './kit';
import { splitOthers } from './invariants.others';
import { resendViolations } from './invariants.resend';

export interface Assessment {
	itemsIn: number;
	itemsOut: number;
	done: number;
	already: number;
	errors: number;
	/** Item index of the node's error when the node failed. */
	nodeErrorItem?: number;
	duplicates: string[];
	secretHits: SecretHit[];
	violations: string[];
	/** Messages shown to the user (node error or error items), for the report. */
	messages: string[];
}

function textMatches(text: string, expected: string | RegExp): boolean {
	return typeof expected === 'string' ? text === expected : expected.test(text);
}

/**
 * The node's own input items, which n8n keeps in the run to resume a failed execution. They are
 * the workflow's data, not something the node produced: OpsRamp's items carry a user's password
 * because that is how a flow hands it to the node.
 */
const isInputData = (path: string) => /\.executionData\.nodeExecutionStack\[\d+\]\.data$/.test(path);

/** Output items by the input item they are paired with. */
function byInput(out: INodeExecutionData[], count: number, violations: string[]): IDataObject[][] {
	const groups: IDataObject[][] = Array.from({ length: count }, () => []);
	out.forEach((item, o) => {
		const paired = (item.pairedItem as { item?: number } | undefined)?.item;
		if (typeof paired !== 'number' || !groups[paired]) violations.push(`output ${o} is paired with ${JSON.stringify(item.pairedItem)}`);
		else groups[paired].push(item.json);
	});
	return groups;
}

export function assess(testCase: FaultCase, run: CaseRun, logs: string): Assessment {
	const { v, row, items, result, already, vendor } = run;
	const expectation = testCase.expect(row, vendor);
	const violations: string[] = [];
	const messages: string[] = [];
	// Users no input item names (Sync's leavers) are checked apart; the rest is one outcome per item.
	const others = splitOthers(run, expectation, result.items);
	violations.push(...others.violations);
	const out = others.own;
	const assessment: Assessment = {
		itemsIn: items.length,
		itemsOut: result.items?.length ?? 0,
		done: 0,
		already: 0,
		errors: 0,
		duplicates: v.sandbox.duplicates(),
		secretHits: [],
		violations,
		messages,
	};
	const checkText = (label: string, text: unknown) => {
		const problem = unclearErrorText(text);
		if (problem) violations.push(`${label} ${problem}: ${JSON.stringify(text)?.slice(0, 200)}`);
	};
	/** A done item's effect happened once, or not at all when it was there already (or a read). */
	const doneEffects = (i: number) => (row.write && !already.has(i) ? 1 : 0);
	const effectIs = (i: number, expected: number, why: string) => {
		const actual = row.effects(v, items[i]);
		if (actual !== expected) violations.push(`item ${i} ${why}: its effect (${row.effect}) happened ${actual} times, expected ${expected}`);
	};

	if (result.error) {
		const error = result.error;
		const index = error.context?.itemIndex;
		assessment.nodeErrorItem = typeof index === 'number' ? index : undefined;
		messages.push(error.message);
		checkText('node error message', error.message);
		if (error.description !== undefined && error.description !== null) checkText('node error description', error.description);
		if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= items.length) {
			violations.push(`the node failed without naming an item (itemIndex ${JSON.stringify(index)}): ${error.message}`);
		}
		if (out !== undefined) violations.push('the node failed and still returned items');
		if (expectation.kind !== 'nodeFails') violations.push(`the node failed: ${error.message}`);
		else {
			if (index !== expectation.itemIndex) violations.push(`the node failed at item ${String(index)}, expected item ${expectation.itemIndex}`);
			const expected = expectation.message(v);
			if (!textMatches(error.message, expected)) violations.push(`node error ${JSON.stringify(error.message)} does not match ${String(expected)}`);
			// Items before the failing one were done; it and those after it (never started) untouched.
			items.forEach((_, i) => effectIs(i, i < expectation.itemIndex ? doneEffects(i) : 0, i < expectation.itemIndex ? 'was done' : 'failed or never started'));
		}
	} else if (expectation.kind === 'nodeFails') {
		violations.push(`expected the node to fail at item ${expectation.itemIndex}, it did not`);
	}

	if (out) {
		if (!row.list && out.length !== items.length) violations.push(`${items.length} items in, ${out.length} items out`);
		const errorIndices = expectation.kind === 'errorItems' ? (expectation.indices ?? items.map((_, i) => i)) : [];
		byInput(out, items.length, violations).forEach((outputs, i) => {
			const failed = outputs.filter((json) => json.error !== undefined);
			if (failed.length) {
				const json = failed[0];
				assessment.errors += 1;
				messages.push(String(json.error));
				checkText(`item ${i} error`, json.error);
				if (json.description !== undefined) checkText(`item ${i} description`, json.description);
				if (outputs.length !== 1) violations.push(`item ${i} failed and still gave ${outputs.length - 1} other outputs`);
				if (expectation.kind !== 'errorItems' || !errorIndices.includes(i)) {
					violations.push(`item ${i} failed: ${String(json.error)}`);
					return;
				}
				if (!textMatches(String(json.error), expectation.message(v))) violations.push(`item ${i} error ${JSON.stringify(json.error)} does not match ${String(expectation.message(v))}`);
				if (expectation.uncertain && !String(json.description).includes(row.write?.uncertainNote ?? '')) {
					violations.push(`item ${i}'s description does not say the action may have happened: ${JSON.stringify(json.description)}`);
				}
				effectIs(i, expectation.effect ?? 0, 'failed');
				return;
			}
			if (errorIndices.includes(i)) violations.push(`item ${i} was expected to fail, it gave ${JSON.stringify(outputs[0] ?? null).slice(0, 160)}`);
			if (!row.list && outputs.length !== 1) violations.push(`item ${i} gave ${outputs.length} outputs`);
			if (!outputs.length && !row.list) return;
			if (already.has(i)) assessment.already += 1;
			else assessment.done += 1;
			effectIs(i, doneEffects(i), 'is done');
			violations.push(...row.output(v, items[i], outputs, { clean: Boolean(testCase.clean), already: already.has(i) }).map((problem) => `item ${i}: ${problem}`));
		});
	} else if (!result.error) {
		violations.push('the node neither returned items nor failed');
	}

	if (assessment.duplicates.length) violations.push(`created twice: ${assessment.duplicates.join(', ')}`);
	// A read changes nothing; an operation changes nothing but what its write is for.
	const strayWrites = v.sandbox.requests.filter((r) => v.isWrite(r) && !(row.write && matches(row.write.target, r)));
	if (strayWrites.length) violations.push(`${strayWrites.length} writes that are not the operation's, e.g. ${strayWrites[0].method} ${strayWrites[0].path}`);

	const secrets = v.secrets();
	findSecrets(result.items, secrets, 'items', assessment.secretHits);
	findSecrets(result.error, secrets, 'error', assessment.secretHits);
	findSecrets(result.run, secrets, 'run data', assessment.secretHits, isInputData);
	findSecrets(logs, secrets, 'logs', assessment.secretHits);
	for (const hit of assessment.secretHits) violations.push(`secret "${hit.secret}" found in ${hit.where}`);

	for (const label of run.faults.unmet()) violations.push(`fault "${label}" hit no request: the case did not test what it meant to`);
	violations.push(...resendViolations(run));
	violations.push(...(testCase.check?.(run) ?? []));
	return assessment;
}
