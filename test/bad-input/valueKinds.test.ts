/**
 * Input as n8n sends it (issue 19), over every parameter of every operation of every vendor: the
 * value kinds of kinds.ts, given by expression, are each accepted with the meaning documented for
 * them (the requests the sandbox received are those of a run with the equivalent value, or carry
 * the value as given), or refused with an error naming the field and the item, nothing sent.
 * Deterministic: one clean item per operation with every field set. Kinds with the same meaning
 * run in every field at once (a difference is then traced field by field); refusals and values
 * sent as typed are checked field by field.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/workflow';
import type { SandboxRequest } from '../sandbox/toolkit';
import type { FieldSpec } from './fields';
import { NOT_EMPTY } from './fields';
import { booleanForms, kindOf, LONG_TEXT, numberFor, sampleOf, wrapped } from './kinds';
import type { OperationRow } from './rows';
import { cleanFor, operationRows } from './rows';
import { parametersFor, VALIDATION } from './run';

/** OpsRamp sends its free-text fields and the password as typed: the document's example keeps "SEATTLE "'s space. */
const AS_TYPED: Record<string, RegExp> = { OpsRamp: /^(designation|address|city|state|zip|phoneNumber|mobileNumber|password)$/ };

interface Outcome {
	/** What reached the sandbox, comparable between runs (normalize). */
	requests: string[];
	/** The requests as received: path, query and raw body. */
	raw: string[];
	/** The validation error's label and item, when the item was refused by validation. */
	refused?: { label: string; item: number; message: string };
	/** Any other error, as shown. */
	error?: string;
	/** The output items' JSON and any error text. */
	shown: string;
}

/**
 * A request comparable between runs: method, path, query and body (no headers, no tokens), with the
 * IDs a sandbox draws at random for a user it creates (Luzmo's UUIDs, e.g. in a Sync's associate
 * after the create) masked; the seeded users' IDs are fixed and stay.
 */
const normalize = (request: SandboxRequest) =>
	JSON.stringify([request.method, request.path, Object.entries(request.query).sort(), request.rawBody]).replace(
		/\b(?!00000000-0000-4000-8000-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
		'<created id>',
	);

async function run(row: OperationRow, fields: FieldSpec[], item: Record<string, unknown>): Promise<Outcome> {
	const started = await row.vendor.start();
	try {
		// Without Continue On Fail a refused item stops the node before any request, Sync's roster too.
		const result = await runNode({ node: row.vendor.node, parameters: parametersFor(row.key, fields, item), items: [item as IDataObject], credentials: started.credentials });
		const error = result.error?.message;
		const validation = error === undefined ? null : VALIDATION.exec(error);
		return {
			requests: started.sandbox.requests.map(normalize),
			raw: started.sandbox.requests.map((request) => `${request.path} ${JSON.stringify(request.query)} ${request.rawBody}`),
			...(validation ? { refused: { label: validation[1].replace(/ \(entry \d+\)$/, ''), item: Number(validation[2]), message: error! } } : error !== undefined ? { error } : {}),
			shown: `${JSON.stringify(result.items?.map((out) => out.json) ?? [])} ${error ?? ''}`,
		};
	} finally {
		await started.sandbox.stop();
	}
}

/** Whether a request carries `value` exactly: in its JSON body, its query or its path. */
const carries = (outcome: Outcome, value: string) =>
	outcome.raw.some((request) => request.includes(JSON.stringify(value).slice(1, -1)) || request.includes(value) || request.includes(encodeURIComponent(value)));

/** The labels a refusal of this field may name: the field, its fixed collection, its collection. */
const labelsOf = (spec: FieldSpec) => [spec.label, spec.label.slice(0, spec.label.lastIndexOf(' > ')), ...(spec.groupLabel ? [spec.groupLabel] : [])];

const ROWS = operationRows({ batch: true });

describe.each(ROWS)('$title: the value kinds n8n sends', (row) => {
	// One clean item with every field of the operation set (fixed seed: the same item every run).
	const clean: Record<string, unknown> = Object.fromEntries(row.specs.map((spec, k) => [spec.key, sampleOf(cleanFor(row, spec, 0), 1000 + k)]));
	row.vendor.fixClean?.(clean);
	const asTyped = (spec: FieldSpec) => AS_TYPED[row.vendor.name]?.test(spec.property.name) ?? false;
	const of = (...kinds: string[]) => row.specs.filter((spec) => kinds.includes(kindOf(spec)));
	/** An update needs a field to change: this one stays clean where all others are left out. */
	const needed = row.specs.find((spec) => NOT_EMPTY.includes(spec.group) && !spec.fixed && spec.property.type === 'string');

	let cleanOutcome: Promise<Outcome> | undefined;
	const cleanRun = () => (cleanOutcome ??= run(row, row.specs, clean));

	/** The clean item with some fields changed (and the fields they are shown for set), or left out. */
	const runWith = async (values: Map<FieldSpec, unknown>, leftOut: FieldSpec[] = []) => {
		const item: Record<string, unknown> = { ...clean };
		for (const [spec, value] of values) {
			for (const [other, shownFor] of Object.entries(spec.shownFor)) item[other] = shownFor[0];
			item[spec.key] = value;
		}
		for (const spec of leftOut) delete item[spec.key];
		return await run(row, row.specs.filter((spec) => !leftOut.includes(spec)), item);
	};

	/** Fields grouped by the values they need elsewhere to be read (Email for Find User By "email", ...). */
	const variants = (specs: FieldSpec[]) => {
		const groups = new Map<string, FieldSpec[]>();
		for (const spec of specs) groups.set(JSON.stringify(spec.shownFor), [...(groups.get(JSON.stringify(spec.shownFor)) ?? []), spec]);
		return [...groups.values()];
	};

	/**
	 * Gives each field its odd value, all at once per variant, and expects the requests of the same
	 * fields given their equivalent (`undefined`: the clean item's). On a difference, the fields
	 * that make it are found one by one and named.
	 */
	async function expectSame(specs: FieldSpec[], odd: (spec: FieldSpec) => unknown, equivalent?: (spec: FieldSpec) => unknown) {
		expect(specs.length).toBeGreaterThan(0);
		for (const variant of variants(specs)) {
			const compare = async (fields: FieldSpec[]) => {
				const got = await runWith(new Map(fields.map((spec) => [spec, odd(spec)])));
				const want = equivalent ? await runWith(new Map(fields.map((spec) => [spec, equivalent(spec)]))) : Object.keys(fields[0].shownFor).length ? await runWith(new Map(fields.map((spec) => [spec, clean[spec.key]]))) : await cleanRun();
				return JSON.stringify([got.refused?.label, got.error, got.requests]) === JSON.stringify([want.refused?.label, want.error, want.requests]);
			};
			if (await compare(variant)) continue;
			const differing: string[] = [];
			for (const spec of variant) if (!(await compare([spec]))) differing.push(spec.label);
			expect({ differing }).toEqual({ differing: [] });
		}
	}

	/** The field's odd value is refused naming it and the item, nothing sent. */
	async function expectRefused(spec: FieldSpec, value: unknown, message?: RegExp) {
		const outcome = await runWith(new Map([[spec, value]]));
		expect({ label: outcome.refused?.label, item: outcome.refused?.item, requests: outcome.requests }).toEqual({ label: spec.label, item: 0, requests: [] });
		if (message) expect(outcome.refused?.message).toMatch(message);
	}

	it('the clean item is done', async () => {
		const outcome = await cleanRun();
		expect({ refused: outcome.refused, error: outcome.error }).toEqual({ refused: undefined, error: undefined });
	});

	const optional = row.specs.filter((spec) => kindOf(spec) !== 'none' && !spec.required && !spec.fixed && spec !== needed);
	it('null (an empty cell) in every optional field: as if the field were left out', async () => {
		const odd = await runWith(new Map(optional.map((spec) => [spec, null])));
		const base = await runWith(new Map(), optional);
		expect({ refused: odd.refused?.label, error: odd.error, requests: odd.requests }).toEqual({ refused: base.refused?.label, error: base.error, requests: base.requests });
		if (needed) {
			const others = row.specs.filter((spec) => spec.group === needed.group && spec !== needed);
			const alone = await runWith(new Map([[needed, null]]), others);
			expect({ refused: alone.refused?.label }).toEqual({ refused: needed.groupLabel });
		}
	});

	const required = row.specs.filter((spec) => kindOf(spec) !== 'none' && spec.required);
	if (required.length) {
		it.each(required.map((spec) => [spec.label, spec]))('null in the required field %s: refused, saying it is missing', async (_label, spec) => {
			await expectRefused(spec as FieldSpec, null, /: is required$/);
		});
	}

	const fixedValues = row.specs.filter((spec) => spec.fixed && kindOf(spec) !== 'none');
	if (fixedValues.length) {
		it('null in a value of a fixed collection\'s entry: as if left out, or refused naming it (a value the entry needs)', async () => {
			const wrong: string[] = [];
			for (const spec of fixedValues) {
				const odd = await runWith(new Map([[spec, null]]));
				if (odd.refused) {
					if (!labelsOf(spec).includes(odd.refused.label) || odd.requests.length) wrong.push(`${spec.label}: ${odd.refused.message}`);
					continue;
				}
				const base = await runWith(new Map(), [spec]);
				if (JSON.stringify([odd.error, odd.requests]) !== JSON.stringify([base.error, base.requests])) wrong.push(`${spec.label}: not as if left out`);
			}
			expect(wrong).toEqual([]);
		});
	}

	const trimmed = of('text', 'email', 'option', 'json').filter((spec) => typeof clean[spec.key] === 'string' && clean[spec.key] !== '' && !asTyped(spec));
	if (trimmed.length) {
		it('surrounding whitespace (non-breaking spaces too) in every field: the requests of the value without it', async () => {
			await expectSame(trimmed, (spec) => wrapped(String(clean[spec.key])));
		});
	}

	const keptAsTyped = of('text').filter((spec) => asTyped(spec) && typeof clean[spec.key] === 'string' && clean[spec.key] !== '');
	if (keptAsTyped.length) {
		it(`surrounding whitespace in the fields ${row.vendor.name} keeps as typed: sent as typed`, async () => {
			const outcome = await runWith(new Map(keptAsTyped.map((spec) => [spec, wrapped(String(clean[spec.key]))])));
			expect(keptAsTyped.filter((spec) => !carries(outcome, wrapped(String(clean[spec.key])))).map((spec) => spec.label)).toEqual([]);
		});
	}

	const texts = of('text');
	if (texts.length) {
		it('a number in every text field (a phone or zip column): its text', async () => {
			await expectSame(texts, (spec) => numberFor(clean[spec.key]).value, (spec) => numberFor(clean[spec.key]).text);
		});
	}

	const booleans = of('boolean');
	if (booleans.length) {
		it.each([0, 1, 2, 3])('a checkbox column in every boolean field ("TRUE", "True", "1", 1 and their false forms; form %i): the boolean n8n reads', async (form) => {
			await expectSame(booleans, (spec) => booleanForms(clean[spec.key] === true)[form]);
		});
		it.each(booleans.map((spec) => [spec.label, spec]))('"yes" in %s: refused naming it, as n8n refuses it', async (_label, spec) => {
			await expectRefused(spec as FieldSpec, 'yes', /: must be true or false$/);
		});
	}

	const numbers = of('number').filter((spec) => typeof clean[spec.key] === 'number');
	if (numbers.length) {
		it('numeric text in every number field, with and without spaces around: the number', async () => {
			await expectSame(numbers, (spec) => String(clean[spec.key]));
			await expectSame(numbers, (spec) => wrapped(String(clean[spec.key])));
		});
	}

	const emails = of('email');
	if (emails.length) {
		it.each(emails.map((spec) => [spec.label, spec]))('a number or very long text in the email field %s: refused naming it', async (_label, spec) => {
			await expectRefused(spec as FieldSpec, numberFor('').value);
			await expectRefused(spec as FieldSpec, LONG_TEXT);
		});
	}

	if (texts.length) {
		it('very long text in every text field: sent as given, or refused naming the field', async () => {
			const refused: string[] = [];
			let remaining = [...texts];
			for (const variant of variants(texts)) {
				let fields = variant;
				for (;;) {
					const outcome = await runWith(new Map(fields.map((spec) => [spec, LONG_TEXT])));
					const culprit = outcome.refused && fields.find((spec) => labelsOf(spec).includes(outcome.refused!.label));
					if (outcome.refused) {
						// A refusal names a field given the long text, and nothing was sent.
						expect({ named: culprit?.label ?? outcome.refused.label, requests: outcome.requests }).toEqual({ named: expect.any(String), requests: [] });
						expect(culprit).toBeDefined();
						refused.push(culprit!.label);
						fields = fields.filter((spec) => spec !== culprit);
						if (!fields.length) break;
						continue;
					}
					// Sent as given (a server may refuse a request that large: HTTP 413, 414, 431); or, where
					// the node compares it itself (Garmat has no get by ID, its users are read), used as
					// given: the output names it ("No Garmat user with ID "Long-abc...").
					const named = outcome.shown.includes(LONG_TEXT.slice(0, 40));
					const tooLarge = /\(HTTP (413|414|431)\)$/.test(outcome.error ?? '');
					if (!carries(outcome, LONG_TEXT) && !named && !tooLarge) expect({ fields: fields.map((spec) => spec.label), used: false, error: outcome.error }).toEqual({ used: true });
					break;
				}
			}
			remaining = remaining.filter((spec) => !refused.includes(spec.label));
			expect(remaining.length + refused.length).toBe(texts.length);
		});
	}
});
