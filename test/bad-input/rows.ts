/**
 * The rows of the bad-input tables: every operation of every node, read from the node's own
 * Resource and Operation options (the list its UI and router share), so an operation added to a
 * node is a row here without a line of test. Fields and clean values per row come from the
 * node's properties and the vendor's adapter. The knobs: BAD_INPUT_RUNS and FC_SEED.
 */
import type fc from 'fast-check';
import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { Domo } from '../../nodes/Domo/Domo.node';
import { Garmat } from '../../nodes/Garmat/Garmat.node';
import { Luzmo } from '../../nodes/Luzmo/Luzmo.node';
import { Opsramp } from '../../nodes/OpsRamp/Opsramp.node';
import type { FieldSpec, OperationKey } from './fields';
import { cleanValue, fieldSpecs } from './fields';
import type { BadInputVendor } from './vendors';
import { domo, garmat, luzmo, opsramp } from './vendors';

export const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 120);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

/**
 * A failing sample is shrunk to a smaller one, which can take long when each try waits for
 * something; past 150 s the run stops and fails with the counterexample found so far, before
 * jest's 180 s limit would hide it behind a bare timeout.
 */
export const settings = (numRuns: number): fc.Parameters<unknown> => ({
	numRuns,
	...(SEED === undefined ? {} : { seed: SEED }),
	endOnFailure: false,
	interruptAfterTimeLimit: 150_000,
	markInterruptAsFailure: true,
});

export interface OperationRow {
	/** e.g. "Domo user removeFromGroup". */
	title: string;
	vendor: BadInputVendor;
	key: OperationKey;
	specs: FieldSpec[];
}

/** Resource x Operation, as the node's Operation options list them per resource. */
export function operationsOf(properties: INodeProperties[]): OperationKey[] {
	return properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			(property.displayOptions?.show?.resource ?? []).flatMap((resource) =>
				((property.options ?? []) as INodePropertyOptions[]).map((option) => ({ resource: String(resource), operation: String(option.value) })),
			),
		);
}

const NODES: Array<[BadInputVendor, INodeType]> = [
	[luzmo, new Luzmo()],
	[domo, new Domo()],
	[opsramp, new Opsramp()],
	[garmat, new Garmat()],
];

/**
 * Operations that take the whole batch as one input, not item by item: the random properties'
 * per-item invariants (one outcome per input item, nothing sent for a refused one) do not describe
 * them. Sync's roster rows are validated with Create's schema (Create's rows cover every field of
 * it), and test/sync checks that a bad row fails alone and never makes its person a leaver. The
 * value kinds table runs them too: one item, no Continue On Fail, where Sync reads like any operation.
 */
export const BATCH_OPERATIONS: ReadonlySet<string> = new Set(['sync']);

/** Every operation of every node; batch operations (Sync) only when asked for. */
export function operationRows(options: { batch?: boolean } = {}): OperationRow[] {
	return NODES.flatMap(([vendor, node]) =>
		operationsOf(node.description.properties).filter((key) => options.batch || !BATCH_OPERATIONS.has(key.operation)).map((key) => ({
			title: `${vendor.name} ${key.resource} ${key.operation}`,
			vendor,
			key,
			specs: fieldSpecs(node.description.properties, key),
		})),
	);
}

/** A clean value of a field for item `item`: the vendor's where it knows better, else one from the field's type. */
export function cleanFor(row: OperationRow, field: FieldSpec, item: number): fc.Arbitrary<unknown> {
	return row.vendor.clean(field, row.key, item) ?? cleanValue(field, `i${item}`);
}
