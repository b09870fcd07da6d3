import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CommonOptions } from './fields';
import { readCommonOptions } from './fields';
import type { ItemOperation } from './runner';
import { runItems } from './runner';
import type { VendorApi } from './transport';
import { ApiSession } from './transport';

/** What a vendor operation file exports: the item work, given the session and the options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationFactory<Input = any> = (ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions) => ItemOperation<Input>;

/** A node's operations: resource -> operation -> the operation file's factory. */
export type OperationTable = Record<string, Record<string, OperationFactory>>;

/**
 * A node's execute(): find the chosen operation, read the Options, open the vendor session once,
 * run the items on the shared runner.
 */
export async function routeOperation(ctx: IExecuteFunctions, vendor: VendorApi, table: OperationTable): Promise<INodeExecutionData[][]> {
	const resource = String(ctx.getNodeParameter('resource', 0, 'user'));
	const operation = String(ctx.getNodeParameter('operation', 0, 'create'));
	const factory = Object.hasOwn(table, resource) && Object.hasOwn(table[resource], operation) ? table[resource][operation] : undefined;
	if (!factory) {
		// n8n offers "Custom API Call" next to our operations for nodes whose credential the HTTP
		// Request node can use; this node runs only the operations it lists.
		const offered = Object.entries(table)
			.map(([name, operations]) => `${name}: ${Object.keys(operations).join(', ')}`)
			.join('; ');
		const missing = Object.hasOwn(table, resource) ? `operation "${operation}" for resource "${resource}"` : `resource "${resource}"`;
		throw new NodeOperationError(ctx.getNode(), `This node has no ${missing}`, {
			description: `It offers ${offered}. For other ${vendor.name} API calls, use an HTTP Request node with the ${vendor.name} credential (Authentication: Predefined Credential Type).`,
		});
	}
	const options = readCommonOptions(ctx);
	const session = await ApiSession.open(ctx, vendor, { timeoutMs: options.timeoutMs });
	return await runItems(ctx, factory(ctx, session, options), { concurrency: options.concurrency, slots: session.concurrency });
}
