/**
 * The invariants of issue 8 for one run of a node under a fault, returned as a list of
 * violations (empty when the run is sound) with the figures the closing table reports.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SecretHit } from './capture';
import { findSecrets, unclearErrorText } from './capture';
import type { CaseRun, FaultCase } from './kit';

export interface Assessment {
	itemsIn: number;
	itemsOut: number;
	created: number;
	existing: number;
	errors: number;
	/** Item index of the node's error when the node failed. */
	nodeErrorItem?: number;
	duplicates: string[];
	secretHits: SecretHit[];
	violations: string[];
	/** Messages shown to the user (node error or error items), for the report. */
	messages: string[];
}

function matches(text: string, expected: string | RegExp): boolean {
	return typeof expected === 'string' ? text === expected : expected.test(text);
}

const emailKey = (value: unknown) => String(value ?? '').trim().toLowerCase();

/**
 * The node's own input items, which n8n keeps in the run to resume a failed execution. They are
 * the workflow's data, not something the node produced: OpsRamp's items carry the new user's
 * password because that is how a flow hands it to the node.
 */
const isInputData = (path: string) => /\.executionData\.nodeExecutionStack\[\d+\]\.data$/.test(path);

export function assess(testCase: FaultCase, run: CaseRun, logs: string): Assessment {
	const { v, items, result } = run;
	const expectation = testCase.expect;
	const violations: string[] = [];
	const messages: string[] = [];
	const existing = new Set(testCase.existing ?? []);
	const out = result.items;
	const assessment: Assessment = {
		itemsIn: items.length,
		itemsOut: out?.length ?? 0,
		created: 0,
		existing: 0,
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
			if (!matches(error.message, expected)) violations.push(`node error ${JSON.stringify(error.message)} does not match ${String(expected)}`);
		}
		// The failing item's user must not exist: a failed item that was created anyway is lost work.
		if (typeof index === 'number' && items[index] && v.sandbox.createdByEmail.has(emailKey(v.emailOf(items[index])))) {
			violations.push(`item ${index} failed, but its user was created`);
		}
	} else if (expectation.kind === 'nodeFails') {
		violations.push(`expected the node to fail at item ${expectation.itemIndex}, it did not`);
	}

	if (out) {
		if (out.length !== items.length) violations.push(`${items.length} items in, ${out.length} items out`);
		const errorIndices = expectation.kind === 'errorItems' ? (expectation.indices ?? items.map((_, i) => i)) : [];
		out.forEach((item, i) => {
			const json = item.json as IDataObject;
			const paired = item.pairedItem as { item?: number } | undefined;
			if (paired?.item !== i) violations.push(`output ${i} is paired with ${JSON.stringify(item.pairedItem)}`);
			const email = emailKey(v.emailOf(items[i] ?? {}));
			if (json.error !== undefined) {
				assessment.errors += 1;
				messages.push(String(json.error));
				checkText(`item ${i} error`, json.error);
				if (json.description !== undefined) checkText(`item ${i} description`, json.description);
				if (v.sandbox.createdByEmail.has(email)) violations.push(`item ${i} is an error item, but its user was created`);
				if (!errorIndices.includes(i)) violations.push(`item ${i} failed: ${String(json.error)}`);
				else if (expectation.kind === 'errorItems' && !matches(String(json.error), expectation.message(v))) {
					violations.push(`item ${i} error ${JSON.stringify(json.error)} does not match ${String(expectation.message(v))}`);
				}
				return;
			}
			if (errorIndices.includes(i)) violations.push(`item ${i} was expected to fail, it came out as ${String(json.provisioningStatus)}`);
			if (emailKey(json.email) !== email) violations.push(`output ${i} is the user ${String(json.email)}, not ${email}`);
			if (json.provisioningStatus === 'created') {
				assessment.created += 1;
				if (existing.has(i)) violations.push(`item ${i} existed, but came out as created`);
				if (v.sandbox.createdByEmail.get(email) !== 1) violations.push(`item ${i} says created; the sandbox created it ${v.sandbox.createdByEmail.get(email) ?? 0} times`);
			} else if (json.provisioningStatus === 'existing') {
				assessment.existing += 1;
				if (!existing.has(i)) violations.push(`item ${i} came out as existing, but it did not exist`);
			} else {
				violations.push(`output ${i} is neither created, existing nor an error: ${JSON.stringify(json).slice(0, 200)}`);
			}
		});
	} else if (!result.error) {
		violations.push('the node neither returned items nor failed');
	}

	if (assessment.duplicates.length) violations.push(`created twice: ${assessment.duplicates.join(', ')}`);

	const secrets = v.secrets();
	findSecrets(result.items, secrets, 'items', assessment.secretHits);
	findSecrets(result.error, secrets, 'error', assessment.secretHits);
	findSecrets(result.run, secrets, 'run data', assessment.secretHits, isInputData);
	findSecrets(logs, secrets, 'logs', assessment.secretHits);
	for (const hit of assessment.secretHits) violations.push(`secret "${hit.secret}" found in ${hit.where}`);

	violations.push(...(testCase.check?.(run) ?? []));
	return assessment;
}
