/**
 * Bad input (issue 8, part 2): property-based runs over every parameter of every node, each value
 * given through `={{ $json.<field> }}` by items that carry it. The rule: each item becomes a
 * request of the documented shape, or a NodeOperationError naming the field and the item with no
 * request sent; never a TypeError, never an unhandled rejection.
 * Sizes: BAD_INPUT_RUNS (default 120) random samples per vendor, and BAD_INPUT_RUNS / 60 (at
 * least 1) single-invalid-value samples per field; set FC_SEED to replay a failure.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { OutputCapture } from '../faults/capture';
import { PACKAGE_ROOT } from '../harness/package';
import { builtPackage } from '../harness/workflow';
import type { FieldSpec } from './fields';
import { cleanValue, fieldSpecs, invalidValue, knownLabels, oddValueFor } from './fields';
import type { Sample } from './run';
import { runSample } from './run';
import type { BadInputVendor } from './vendors';
import { BAD_INPUT_VENDORS } from './vendors';

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 120);
/** Samples per field for the single-invalid-value property: every field is covered on every run. */
const INVALID_RUNS_PER_FIELD = Math.max(1, Math.ceil(RUNS / 60));
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
/**
 * A failing sample is shrunk to a smaller one, which can take long when each try waits for
 * something; past 150 s the run stops and fails with the counterexample found so far, before
 * jest's 180 s limit would hide it behind a bare timeout.
 */
const settings = (numRuns: number): fc.Parameters<unknown> => ({
	numRuns,
	...(SEED === undefined ? {} : { seed: SEED }),
	endOnFailure: false,
	interruptAfterTimeLimit: 150_000,
	markInterruptAsFailure: true,
});

/**
 * Node's own process object. Jest gives a test file a copy of `process` whose listeners Node never
 * calls; a function built by the outer realm's Function constructor sees the real one.
 */
const realProcess = new (readFileSync.constructor as FunctionConstructor)('return process')() as NodeJS.Process;

const capture = new OutputCapture();
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => void rejections.push(reason);

beforeAll(() => {
	realProcess.on('unhandledRejection', onRejection);
	capture.start();
});
/** Per vendor, what the random samples came to (the last property run of each; shrinking runs included). */
const summary: Array<Record<string, string | number>> = [];

afterAll(() => {
	capture.stop();
	realProcess.off('unhandledRejection', onRejection);
	const columns = ['vendor', 'samples', 'items', 'created', 'refused', 'vendorRefused', 'tooLarge', 'requests'];
	const lines = [
		'# Bad input: random samples per vendor',
		'',
		`Written by test/bad-input/badInput.test.ts on ${new Date().toISOString()}, ${RUNS} runs per vendor${SEED === undefined ? '' : `, seed ${SEED}`}.`,
		'"refused": items refused by validation (NodeOperationError naming field and item, nothing sent); "vendorRefused": names only the vendor knows (OpsRamp roles, groups, tenants); "tooLarge": a value over 8 KB refused by the server for its size.',
		'',
		`| ${columns.join(' | ')} |`,
		`|${columns.map(() => '---').join('|')}|`,
		...summary.map((row) => `| ${columns.map((column) => row[column]).join(' | ')} |`),
		'',
	];
	mkdirSync(path.join(PACKAGE_ROOT, 'bench-results'), { recursive: true });
	writeFileSync(path.join(PACKAGE_ROOT, 'bench-results', 'bad-input-summary.md'), lines.join('\n'));
});

/** Problems every sample is also checked for: what reached the process rather than the node. */
function processProblems(): string[] {
	const found = rejections.splice(0).map((reason) => `unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
	const logs = capture.since(0);
	if (/TypeError|ReferenceError|Cannot read propert|is not a function/.test(logs)) found.push(`a JavaScript error was logged: ${logs.slice(0, 300)}`);
	return found;
}

function cleanFor(vendor: BadInputVendor, field: FieldSpec, item: number): fc.Arbitrary<unknown> {
	const unique = `i${item}`;
	return vendor.clean[field.key]?.(unique) ?? cleanValue(field, unique);
}

type Mode = { kind: 'clean' } | { kind: 'oneOdd'; field: number } | { kind: 'mixed' };

/** Items where every value is clean, exactly one is odd, or any may be. */
function itemArbitrary(vendor: BadInputVendor, fields: FieldSpec[], index: number) {
	const mode: fc.Arbitrary<Mode> = fc.oneof(
		fc.constant<Mode>({ kind: 'clean' }),
		fc.nat(fields.length - 1).map((field): Mode => ({ kind: 'oneOdd', field })),
		fc.constant<Mode>({ kind: 'mixed' }),
	);
	return mode.chain((m) =>
		fc
			.tuple(
				...fields.map((field, k) => {
					const odd = m.kind === 'clean' ? fc.constant(false) : m.kind === 'oneOdd' ? fc.constant(k === m.field) : fc.boolean();
					return odd.chain((isOdd) => (isOdd ? oddValueFor(field).map((value) => ({ value, clean: false })) : cleanFor(vendor, field, index).map((value) => ({ value, clean: true }))));
				}),
			)
			.map((entries) => {
				const values: Record<string, unknown> = {};
				entries.forEach((entry, k) => (values[fields[k].key] = entry.value));
				vendor.fixClean?.(values);
				const odd = fields.filter((_, k) => !entries[k].clean).map((field) => field.key);
				return { values, clean: odd.length === 0, odd };
			}),
	);
}

function sampleArbitrary(vendor: BadInputVendor, specs: FieldSpec[]): fc.Arbitrary<Sample> {
	const top = specs.filter((spec) => spec.group === 'top');
	const optionalUnits = [...new Set(specs.filter((spec) => spec.group !== 'top').map((spec) => spec.unit))];
	return fc
		.record({ extra: fc.subarray(optionalUnits), count: fc.integer({ min: 1, max: 3 }), continueOnFail: fc.boolean() })
		.chain(({ extra, count, continueOnFail }) => {
			const fields = [...top, ...specs.filter((spec) => extra.includes(spec.unit))];
			return fc.tuple(...Array.from({ length: count }, (_, i) => itemArbitrary(vendor, fields, i))).map((items) => ({ fields, items, continueOnFail }));
		});
}

/** A batch of clean items where item `target` has one value that no reading of its field accepts. */
function invalidSampleArbitrary(vendor: BadInputVendor, specs: FieldSpec[], field: FieldSpec) {
	const top = specs.filter((spec) => spec.group === 'top');
	return fc
		.record({ count: fc.integer({ min: 1, max: 3 }), continueOnFail: fc.boolean() })
		.chain(({ count, continueOnFail }) => {
			// The field with the rest of its unit (the other values of a fixed collection), all clean.
			const fields = field.group === 'top' ? top : [...top, ...specs.filter((spec) => spec.unit === field.unit)];
			return fc
				.record({
					target: fc.nat(count - 1),
					invalid: invalidValue(field)!,
					items: fc.tuple(...Array.from({ length: count }, (_, i) => fc.tuple(...fields.map((f) => cleanFor(vendor, f, i))))),
				})
				.map(({ target, invalid, items }) => {
					const built = items.map((values, i) => {
						const record: Record<string, unknown> = Object.fromEntries(fields.map((f, k) => [f.key, values[k]]));
						vendor.fixClean?.(record);
						if (i === target) record[field.key] = invalid;
						return { values: record, clean: i !== target, odd: i === target ? [field.key] : [] };
					});
					return { sample: { fields, items: built, continueOnFail } as Sample, field, target };
				});
		});
}

describe.each(BAD_INPUT_VENDORS)('$name: bad input through expressions', (vendor) => {
	let specs: FieldSpec[];
	let labels: string[];

	beforeAll(async () => {
		const pkg = await builtPackage();
		const type = pkg.nodeTypes.getByNameAndVersion(pkg.typeName(vendor.node), 1) as INodeType;
		// The Create operation's parameters: a node with more operations shows others for them.
		const shownForCreate = (property: INodeProperties) => {
			const show = property.displayOptions?.show;
			return (!show?.resource || show.resource.includes('user')) && (!show?.operation || show.operation.includes('create'));
		};
		specs = fieldSpecs(type.description.properties.filter(shownForCreate));
		labels = knownLabels(specs);
	});

	it('reads every parameter of the node', () => {
		// The generators cover what the node shows: required fields, Additional Fields, Options.
		expect(specs.filter((spec) => spec.group === 'top').length).toBeGreaterThan(0);
		expect(specs.filter((spec) => spec.group === 'additionalFields').length).toBeGreaterThan(0);
		expect(specs.filter((spec) => spec.group === 'options').map((spec) => spec.property.name).sort()).toEqual(['concurrency', 'ifUserExists', 'timeout']);
	});

	it('any values: a request of the documented shape, or a NodeOperationError naming field and item', async () => {
		const totals = { vendor: vendor.name, samples: 0, items: 0, created: 0, refused: 0, vendorRefused: 0, tooLarge: 0, requests: 0 };
		summary.push(totals);
		await fc.assert(
			fc.asyncProperty(sampleArbitrary(vendor, specs), async (sample) => {
				const outcome = await runSample(vendor, sample, labels);
				const problems = [...outcome.problems, ...processProblems()];
				if (problems.length) throw new Error(problems.join('\n'));
				totals.samples += 1;
				totals.items += sample.items.length;
				totals.created += outcome.created;
				totals.refused += outcome.refused;
				totals.vendorRefused += outcome.vendorRefused;
				totals.tooLarge += outcome.tooLarge;
				totals.requests += outcome.requests;
			}),
			settings(RUNS),
		);
		// Both outcomes were exercised, so neither check above was vacuous.
		expect(totals.created).toBeGreaterThan(0);
		expect(totals.refused).toBeGreaterThan(0);
	}, 180_000);

	it('one invalid value in each field: refused naming exactly that field and item, nothing sent for it', async () => {
		// Every field the user fills (Options excepted: they fall back to defaults by design).
		const fields = specs.filter((spec) => spec.group !== 'options');
		expect(fields.filter((spec) => invalidValue(spec) === undefined).map((spec) => spec.label)).toEqual([]);
		let checked = 0;
		for (const field of fields) {
			await fc.assert(
				fc.asyncProperty(invalidSampleArbitrary(vendor, specs, field), async ({ sample, target }) => {
					const outcome = await runSample(vendor, sample, labels);
					const problems = [...outcome.problems, ...processProblems()];
					if (outcome.refused !== 1) problems.push(`expected exactly one refused item, got ${outcome.refused}`);
					if (outcome.created !== sample.items.length - 1 && sample.continueOnFail) problems.push(`expected the other ${sample.items.length - 1} items created, got ${outcome.created}`);
					if (!sample.continueOnFail && outcome.requests !== 0) problems.push(`${outcome.requests} requests were sent for a batch with an invalid item`);
					const named = outcome.messages.find((message) => message.startsWith(`Invalid "${field.label}`) && message.includes(` in item ${target}: `));
					if (!named) problems.push(`no error names "${field.label}" in item ${target}: ${outcome.messages.join(' | ')}`);
					if (problems.length) throw new Error(`${field.label} = ${JSON.stringify(sample.items[target].values[field.key])}:\n${problems.join('\n')}`);
					checked += 1;
				}),
				settings(INVALID_RUNS_PER_FIELD),
			);
		}
		expect(checked).toBe(fields.length * INVALID_RUNS_PER_FIELD);
	}, 180_000);
});

describe('the unhandled-rejection listener', () => {
	it('sees a rejection nobody handles', async () => {
		// Jest's own handler would fail this test for the canary: it steps aside meanwhile.
		const others = realProcess.listeners('unhandledRejection').filter((listener) => listener !== onRejection);
		others.forEach((listener) => realProcess.off('unhandledRejection', listener));
		try {
			void Promise.reject(new Error('rejection canary'));
			await new Promise((resolve) => setTimeout(resolve, 10));
		} finally {
			others.forEach((listener) => realProcess.on('unhandledRejection', listener));
		}
		const seen = rejections.splice(0);
		expect(seen.map((reason) => (reason as Error).message)).toContain('rejection canary');
	});
});
