import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { IfUserExists } from './provision';

export interface CommonOptions {
	ifUserExists: IfUserExists;
	concurrency: number;
	/** Per-request timeout in milliseconds. */
	timeoutMs: number;
}

/** Concurrency and Timeout: the options every operation offers, as the Options collection's first entries. */
export function requestOptionFields(vendor: { name: string; concurrencyNote: string }): INodeProperties[] {
	return [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 1,
			description: `How many items are sent to ${vendor.name} at the same time. Requests are paced to the vendor's rate limit whatever the value. ${vendor.concurrencyNote}`,
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: MAX_TIMEOUT_MS },
			default: 30000,
			description:
				'How long to wait for an answer to one request, in milliseconds (at most 10 minutes). A request that changes something and gets no answer in time is never sent again blindly.',
		},
	];
}

/** The Options collection of an operation other than Create User: Concurrency and Timeout. */
export function requestOptionsProperty(vendor: { name: string; concurrencyNote: string }): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: requestOptionFields(vendor),
	};
}

/**
 * The Options collection every Create User operation offers. The vendor folder says how its
 * lookup works, so the description can tell the user what a check costs.
 */
export function commonOptionsProperty(vendor: { name: string; lookupNote: string; concurrencyNote: string }): INodeProperties {
	const [concurrency, timeout] = requestOptionFields(vendor);
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			concurrency,
			{
				...timeout,
				description:
					'How long to wait for an answer to one request, in milliseconds (at most 10 minutes). A create that gets no answer in time is never sent again blindly: the email is looked up first.',
			},
			{
				displayName: 'If User Exists',
				name: 'ifUserExists',
				type: 'options',
				options: [
					{
						name: 'Error',
						value: 'error',
						description: `Send the create request without looking first; the item fails if ${vendor.name} refuses the email as taken`,
					},
					{
						name: 'Return Existing',
						value: 'returnExisting',
						description: 'Look the email up first and return the existing user instead of creating one, so re-running a flow is safe',
					},
				],
				default: 'error',
				description: `What to do when a user with this email already exists. ${vendor.lookupNote}.`,
			},
		],
	};
}

/**
 * Ten minutes. A longer wait helps no one, and a value past Node's timer range (about 24.8 days)
 * would make every request time out at once.
 */
export const MAX_TIMEOUT_MS = 600_000;

export function readCommonOptions(ctx: IExecuteFunctions): CommonOptions {
	const options = ctx.getNodeParameter('options', 0, {}) as Partial<CommonOptions> & { timeout?: number };
	const concurrency = Number(options.concurrency ?? 1);
	const timeout = Number(options.timeout ?? 30000);
	return {
		timeoutMs: Number.isFinite(timeout) && timeout >= 100 ? Math.min(timeout, MAX_TIMEOUT_MS) : 30000,
		ifUserExists: typeof options.ifUserExists === 'string' && options.ifUserExists.trim() === 'returnExisting' ? 'returnExisting' : 'error',
		concurrency: Number.isFinite(concurrency) && concurrency >= 1 ? Math.min(Math.floor(concurrency), 20) : 1,
	};
}

/**
 * Reads item i's top-level fields and its Additional Fields into one object keyed by parameter
 * name, as the operation's schema expects it. Reading never validates: the schema does.
 */
export function readFields(ctx: IExecuteFunctions, itemIndex: number, topLevel: readonly string[]): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	for (const name of topLevel) input[name] = ctx.getNodeParameter(name, itemIndex, undefined);
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as Record<string, unknown>;
	return { ...input, ...additional };
}

/** The Additional Fields collection, its options sorted by display name as n8n's guidelines ask. */
export function additionalFieldsProperty(fields: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
