import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CommonOptions } from './fields';
import { readCommonOptions } from './fields';
import type { ItemOperation } from './runner';
import { runItems } from './runner';
import type { VendorApi } from './transport';
import { ApiSession } from './transport';

/** What a vendor operation file exports: the item work, given the session and the options. */
export type OperationFactory<Input> = (ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions) => ItemOperation<Input>;

/** A node's execute(): read the Options, open the vendor session once, run the items. */
export async function executeOperation<Input>(
	ctx: IExecuteFunctions,
	vendor: VendorApi,
	operation: OperationFactory<Input>,
): Promise<INodeExecutionData[][]> {
	const options = readCommonOptions(ctx);
	const session = await ApiSession.open(ctx, vendor, { timeoutMs: options.timeoutMs });
	return await runItems(ctx, operation(ctx, session, options), options);
}
