import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CommonOptions } from './fields';
import { readCommonOptions } from './fields';
import { withMappedFields } from './parameters';
import type { ItemOperation } from './runner';
import { runItems } from './runner';
import type { VendorApi } from './transport';
import { ApiSession } from './transport';

/** What a vendor operation file exports: the item work, given the session and the options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationFactory<Input = any> = (ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions) => ItemOperation<Input>;

/**
 * An operation over the whole batch at once (Sync: the input items together are the roster), for
 * which one output item per input item does not hold. It runs instead of the item runner.
 */
export type BatchOperation = (ctx: IExecuteFunctions, session: ApiSession, options: CommonOptions) => Promise<INodeExecutionData[][]>;

/** How an operation reads in the UI's Operation list. */
export interface OperationOption {
	name: string;
	action: string;
	description: string;
}

/** What an operation file exports: its place in the Operation list, its fields and its item work. */
export interface OperationDefinition {
	option: OperationOption;
	/** The operation's own fields, without display conditions: the table adds them. */
	properties: INodeProperties[];
	factory?: OperationFactory;
	batch?: BatchOperation;
}

export function defineOperation(option: OperationOption, properties: INodeProperties[], factory: OperationFactory): OperationDefinition {
	return { option, properties, factory };
}

export function defineBatchOperation(option: OperationOption, properties: INodeProperties[], batch: BatchOperation): OperationDefinition {
	return { option, properties, batch };
}

/**
 * A node's operations: resource -> operation value -> the operation file's definition. The one
 * list of what a node does: the UI's Resource and Operation options, every operation's fields and
 * the router all come from it, so adding an operation is one file and one row.
 */
export type OperationTable = Record<string, Record<string, OperationDefinition>>;

const titleCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The node's properties from its table: Resource, one Operation list per resource (sorted by name,
 * as n8n's guidelines ask; Create first chosen where there is one), then each operation's fields,
 * shown only for it.
 */
export function operationProperties(table: OperationTable, defaultResource = 'user'): INodeProperties[] {
	const resources = Object.keys(table);
	const resourceProperty: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [...resources].sort().map((resource) => ({ name: titleCase(resource), value: resource })),
		default: defaultResource,
	};
	const properties: INodeProperties[] = [resourceProperty];
	for (const resource of resources) {
		const operations = Object.entries(table[resource]);
		const operationProperty: INodeProperties = {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: operations
				.map(([value, { option }]) => ({ name: option.name, value, action: option.action, description: option.description }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: 'create',
		};
		// Create where the resource has it, else its first operation (n8n's scanner wants a literal above).
		if (!Object.hasOwn(table[resource], 'create')) operationProperty.default = operations[0][0];
		properties.push(operationProperty);
	}
	for (const resource of resources) {
		for (const [operation, definition] of Object.entries(table[resource])) {
			properties.push(...updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, definition.properties));
		}
	}
	return properties;
}

/**
 * A node's execute(): find the chosen operation, read the Options, open the vendor session once,
 * run the items on the shared runner.
 */
export async function routeOperation(n8nContext: IExecuteFunctions, vendor: VendorApi, table: OperationTable): Promise<INodeExecutionData[][]> {
	// Mapped fields (`{{ $json.email }}`) are read without n8n's expression engine, 0.1-0.2 ms each.
	const ctx = withMappedFields(n8nContext);
	const resource = String(ctx.getNodeParameter('resource', 0, 'user'));
	const operation = String(ctx.getNodeParameter('operation', 0, 'create'));
	const definition = Object.hasOwn(table, resource) && Object.hasOwn(table[resource], operation) ? table[resource][operation] : undefined;
	if (!definition) {
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
	const session = await ApiSession.open(ctx, vendor, { timeoutMs: options.timeoutMs }, options.concurrency);
	if (definition.batch) return await definition.batch(ctx, session, { ...options, slots: session.concurrency });
	return await runItems(ctx, definition.factory!(ctx, session, options), { concurrency: options.concurrency, slots: session.concurrency });
}
