/**
 * Input as n8n sends it (issue 19), over every parameter of every operation of every vendor: each
 * value kind of kinds.ts in each field, given by expression, is either accepted with the meaning
 * documented for it (the requests the sandbox received are those of a run with the equivalent
 * value, or carry the value as given), or refused with an error naming the field and the item,
 * with nothing sent. Nothing crashes. Deterministic: one clean item per operation, every field set.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import type { SandboxRequest } from '../sandbox/toolkit';
import type { FieldSpec } from './fields';
import type { Expectation, ValueKind } from './kinds';
import { kindsFor, sampleOf } from './kinds';
import type { OperationRow } from './rows';
import { cleanFor, operationRows } from './rows';
import { parametersFor, VALIDATION } from './run';

/** OpsRamp sends its free-text fields and the password as typed: the document's example keeps "SEATTLE "'s space. */
const AS_TYPED: Record<string, RegExp> = { OpsRamp: /^(designation|address|city|state|zip|phoneNumber|mobileNumber|password)$/ };

interface Outcome {
	requests: string[];
	/** The requests as received: path, query and raw body. */
	raw: string[];
	/** The validation error's label and item, when the item was refused by validation. */
	refused?: { label: string; item: number };
	/** Any other error, as shown. */
	error?: string;
	/** The output items' JSON. */
	output: string;
}

/** What reached the sandbox, comparable between two runs: method, path, query and body (no headers, no tokens). */
const normalize = (request: SandboxRequest) => JSON.stringify([request.method, request.path, Object.entries(request.query).sort(), request.rawBody]);

async function run(row: OperationRow, fields: FieldSpec[], item: Record<string, unknown>): Promise<Outcome> {
	const started = await row.vendor.start();
	try {
		const result = await runNode({ node: row.vendor.node, parameters: parametersFor(row.key, fields), items: [item as IDataObject], credentials: started.credentials, continueOnFail: true });
		const requests = started.sandbox.requests.map(normalize);
		const raw = started.sandbox.requests.map((request) => `${request.path} ${JSON.stringify(request.query)} ${request.rawBody}`);
		const error = result.error?.message ?? (result.items?.find((out) => out.json.error !== undefined)?.json.error as string | undefined);
		const validation = error === undefined ? null : VALIDATION.exec(error);
		if (result.error && !validation) throw result.error;
		return {
			requests,
			raw,
			output: JSON.stringify(result.items?.map((out) => out.json) ?? []),
			...(validation ? { refused: { label: validation[1].replace(/ \(entry \d+\)$/, ''), item: Number(validation[2]) } } : error !== undefined ? { error } : {}),
		};
	} finally {
		await started.sandbox.stop();
	}
}

/** Whether a request carries `value` exactly: in its JSON body, its query or its path. */
const carries = (raw: string[], value: string) =>
	raw.some((request) => request.includes(JSON.stringify(value).slice(1, -1)) || request.includes(value) || request.includes(encodeURIComponent(value)));

const ROWS = operationRows();

describe.each(ROWS)('$title: the value kinds n8n sends, in every field', (row) => {
	// One clean item with every field of the operation set (fixed seed: the same item every run).
	const clean: Record<string, unknown> = Object.fromEntries(row.specs.map((spec, k) => [spec.key, sampleOf(cleanFor(row, spec, 0), 1000 + k)]));
	row.vendor.fixClean?.(clean);
	const asTyped = AS_TYPED[row.vendor.name];
	const cases = row.specs.flatMap((spec) => kindsFor(spec, clean[spec.key], asTyped?.test(spec.property.name) ?? false).map((kind) => ({ title: `${spec.label} = ${kind.name}`, spec, kind })));

	let baseline: Promise<Outcome> | undefined;
	const cleanRun = () => (baseline ??= run(row, row.specs, clean));

	/** The item with `spec` set to `value` (and the fields it depends on set so that it is read). */
	const withValue = (spec: FieldSpec, value: unknown) => {
		const item: Record<string, unknown> = { ...clean, [spec.key]: value };
		for (const [other, shownFor] of Object.entries(spec.shownFor)) item[other] = shownFor[0];
		return item;
	};

	async function expected(spec: FieldSpec, expectation: Expectation): Promise<Outcome | undefined> {
		if (expectation.kind === 'same') {
			const same = withValue(spec, expectation.as);
			const isClean = Object.keys(spec.shownFor).every((other) => clean[other] === same[other]) && expectation.as === clean[spec.key];
			return isClean ? await cleanRun() : await run(row, row.specs, same);
		}
		if (expectation.kind === 'absent' || expectation.kind === 'absentOrRefused') return await run(row, row.specs.filter((field) => field !== spec), withValue(spec, undefined));
		return undefined;
	}

	it('the clean item is done', async () => {
		const outcome = await cleanRun();
		expect({ refused: outcome.refused, error: outcome.error }).toEqual({ refused: undefined, error: undefined });
	});

	it.each(cases)('$title', async ({ spec, kind }: { spec: FieldSpec; kind: ValueKind }) => {
		const odd = await run(row, row.specs, withValue(spec, kind.value));
		const refusedHere = odd.refused?.item === 0 && [spec.label, spec.groupLabel, spec.label.slice(0, spec.label.lastIndexOf(' > '))].includes(odd.refused.label);
		if (odd.refused) {
			// A refusal always names this field and item, and nothing was sent.
			expect({ refused: odd.refused, named: refusedHere, requests: odd.requests }).toEqual({ refused: odd.refused, named: true, requests: [] });
		}
		const { expect: expectation } = kind;
		if (expectation.kind === 'refused') {
			expect(odd.refused?.label).toBe(spec.label);
			return;
		}
		if (expectation.kind === 'carried' || expectation.kind === 'carriedOrRefused') {
			if (odd.refused && expectation.kind === 'carriedOrRefused') return;
			// Sent as given; or, where the node compares it itself (Garmat has no get by ID, its users are
			// read), used as given: the output names it ("No Garmat user with ID "Long-abc...", or alreadyAbsent).
			const used = carries(odd.raw, String(kind.value)) || (expectation.kind === 'carriedOrRefused' && odd.output.includes(String(kind.value).slice(0, 40)));
			expect({ refused: odd.refused, used }).toEqual({ refused: undefined, used: true });
			return;
		}
		if (expectation.kind === 'absentOrRefused' && odd.refused) return;
		const base = (await expected(spec, expectation))!;
		if (base.refused) {
			// The equivalent value is refused too (e.g. a required field left out): so is this one.
			expect(odd.refused?.label).toBe(base.refused.label);
			return;
		}
		expect({ refused: odd.refused, error: odd.error, requests: odd.requests }).toEqual({ refused: undefined, error: base.error, requests: base.requests });
	});
});
