import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export interface ItemOperation<Input> {
	/** Reads and validates item i's parameters; throws a NodeOperationError naming field and item. */
	parse(itemIndex: number): Input;
	/** Does the work for one valid item and returns its output JSON. */
	execute(input: Input, itemIndex: number): Promise<IDataObject>;
}

export interface RunOptions {
	/** Items in flight at once; 1 is sequential. */
	concurrency: number;
}

type Parsed<Input> = { ok: true; input: Input } | { ok: false; error: Error };

/** Every failure leaves the runner as a node error that carries its item index. */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError | NodeApiError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${message}`, { itemIndex });
}

function errorItem(error: NodeOperationError | NodeApiError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * The item loop every vendor node runs on:
 * - every item's input is validated before any request is sent, so a bad item stops the node
 *   before anything was created (or, with Continue On Fail, becomes an error item);
 * - each input item gives exactly one output item, in input order, paired with it;
 * - up to `concurrency` items are in flight; the first item runs alone so that a credential's
 *   token is fetched once, not once per worker;
 * - without Continue On Fail the first failure stops new items from starting and fails the node
 *   with that item's error once the items in flight have settled.
 */
export async function runItems<Input>(
	ctx: IExecuteFunctions,
	operation: ItemOperation<Input>,
	options: RunOptions,
): Promise<INodeExecutionData[][]> {
	const itemCount = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const output: INodeExecutionData[] = new Array(itemCount);

	const parsed: Array<Parsed<Input>> = [];
	for (let i = 0; i < itemCount; i++) {
		try {
			parsed.push({ ok: true, input: operation.parse(i) });
		} catch (error) {
			const nodeError = asNodeError(ctx, error, i);
			if (!continueOnFail) throw nodeError;
			parsed.push({ ok: false, error: nodeError });
		}
	}

	const pending: number[] = [];
	parsed.forEach((entry, i) => {
		if (entry.ok) pending.push(i);
		else output[i] = errorItem(entry.error as NodeOperationError, i);
	});

	let failure: { index: number; error: NodeOperationError | NodeApiError } | undefined;
	const runOne = async (i: number) => {
		const entry = parsed[i] as { ok: true; input: Input };
		try {
			output[i] = { json: await operation.execute(entry.input, i), pairedItem: { item: i } };
		} catch (error) {
			const nodeError = asNodeError(ctx, error, i);
			if (continueOnFail) output[i] = errorItem(nodeError, i);
			else if (!failure || i < failure.index) failure = { index: i, error: nodeError };
		}
	};

	let next = 0;
	if (pending.length > 0) await runOne(pending[next++]);
	const worker = async () => {
		while (next < pending.length && !failure) await runOne(pending[next++]);
	};
	const workers = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, pending.length));
	await Promise.all(Array.from({ length: workers }, worker));

	if (failure) throw failure.error;
	return [output];
}
