import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ConcurrencySlots } from './concurrency';
import { inTurn } from './concurrency';

export interface ItemOperation<Input> {
	/** Reads and validates item i's parameters; throws a NodeOperationError naming field and item. */
	parse(itemIndex: number): Input;
	/**
	 * Does the work for one valid item and returns its output JSON: one object for one output
	 * item, or a list (Get Many) for as many output items, each paired with the input item.
	 */
	execute(input: Input, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export interface RunOptions {
	/** 'auto': as many items in flight as `slots` allows; a number: that many, fixed (1 is sequential). */
	concurrency: 'auto' | number;
	/**
	 * Concurrency: Auto's limit, shared by every execution on the same credential and host: an
	 * item starts once it has a slot. Without it, Auto runs the cap's worth of workers on a limiter
	 * of this run's own.
	 */
	slots?: ConcurrencySlots;
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

/**
 * A failed item under Continue On Fail: `{ error, description, httpCode }`. Under On Error:
 * "Continue (using error output)" n8n sends an item down the error output only when its json holds
 * nothing but `error`, `message` and `details`, so there the rest goes under `details`.
 */
function errorItem(error: NodeOperationError | NodeApiError, itemIndex: number, toErrorOutput: boolean): INodeExecutionData {
	const details: IDataObject = {};
	if (error.description) details.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	const json: IDataObject = toErrorOutput
		? { error: error.message, ...(Object.keys(details).length ? { details } : {}) }
		: { error: error.message, ...details };
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * The item loop every vendor node runs on:
 * - without Continue On Fail, every item's input is validated before any request is sent, so a
 *   bad item stops the node before anything was created; with Continue On Fail a bad item only
 *   becomes an error item, whenever it is found, so items are validated while requests are under
 *   way and the first request does not wait for the whole batch to be read (n8n resolves each
 *   item's expressions, a fraction of a millisecond per field, which adds up over thousands);
 * - each input item gives one output item (a list operation: one per record it found), in input
 *   order, paired with it;
 * - Concurrency pinned to a number: up to that many items are in flight in this run. Auto: an
 *   item starts only once the adaptive limiter gives it a slot (shared with every other run on
 *   the same credential and host), so the items in flight follow the limit as it grows or backs
 *   off. Either way the first item sent runs alone so that a credential's token is fetched once,
 *   not once per worker;
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
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const output: Array<INodeExecutionData | INodeExecutionData[]> = new Array(itemCount);

	const parse = (i: number): Parsed<Input> => {
		try {
			return { ok: true, input: operation.parse(i) };
		} catch (error) {
			const nodeError = asNodeError(ctx, error, i);
			if (!continueOnFail) throw nodeError;
			return { ok: false, error: nodeError };
		}
	};
	// Without Continue On Fail every item is read before anything is sent (a bad one throws here).
	// With it, items are read ahead of the workers whenever the event loop has nothing else to do
	// (one item per timer turn, after the answers that have arrived), so reading overlaps the waiting
	// for answers instead of delaying the first request, and a worker seldom reads its next item
	// itself between an answer and its next request.
	const parsed: Array<Parsed<Input> | undefined> = new Array(itemCount);
	let parsedUpTo = 0;
	const readUpTo = (i: number) => {
		while (parsedUpTo <= i) {
			parsed[parsedUpTo] = parse(parsedUpTo);
			parsedUpTo += 1;
		}
	};
	if (!continueOnFail) readUpTo(itemCount - 1);
	let finished = false;
	const readAhead = async () => {
		while (!finished && parsedUpTo < itemCount) {
			await sleep(0);
			if (!finished && parsedUpTo < itemCount) readUpTo(parsedUpTo);
		}
	};
	const reader = continueOnFail ? readAhead() : Promise.resolve();

	let failure: { index: number; error: NodeOperationError | NodeApiError } | undefined;
	/** Runs item i; returns whether a request may have been sent for it. */
	const runOne = async (i: number): Promise<boolean> => {
		readUpTo(i);
		const entry = parsed[i]!;
		parsed[i] = undefined;
		if (!entry.ok) {
			output[i] = errorItem(entry.error as NodeOperationError, i, toErrorOutput);
			return false;
		}
		try {
			const json = await operation.execute(entry.input, i);
			output[i] = Array.isArray(json)
				? json.map((record) => ({ json: record, pairedItem: { item: i } }))
				: { json, pairedItem: { item: i } };
		} catch (error) {
			const nodeError = asNodeError(ctx, error, i);
			if (continueOnFail) output[i] = errorItem(nodeError, i, toErrorOutput);
			else if (!failure || i < failure.index) failure = { index: i, error: nodeError };
		}
		return true;
	};

	await inTurn(itemCount, options, runOne, () => failure !== undefined);
	finished = true;
	await reader;

	if (failure) throw failure.error;
	// Most operations give one item per input item: flatten only when a list operation ran.
	return [output.some(Array.isArray) ? output.flat() : (output as INodeExecutionData[])];
}
