import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	// n8n offers "Custom API Call" next to our operations for nodes whose credential the HTTP
	// Request node can use; this node itself only creates users.
	const chosen = `${String(ctx.getNodeParameter('resource', 0, 'user'))}/${String(ctx.getNodeParameter('operation', 0, 'create'))}`;
	if (chosen !== 'user/create') {
		throw new NodeOperationError(ctx.getNode(), 'This node only creates users: choose Resource "User" and Operation "Create"', {
			description: `For other ${vendor.name} API calls, use an HTTP Request node with the ${vendor.name} credential (Authentication: Predefined Credential Type).`,
		});
	}
	const options = readCommonOptions(ctx);
	const session = await ApiSession.open(ctx, vendor, { timeoutMs: options.timeoutMs });
	return await runItems(ctx, operation(ctx, session, options), options);
}
