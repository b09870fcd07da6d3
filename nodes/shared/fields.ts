import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ConcurrencySlots } from './concurrency';
import { AUTO_CAP } from './concurrency';
import type { IfUserExists } from './provision';

export type Concurrency = 'auto' | number;

/** A pinned Concurrency never adapts, so its ceiling stays where it was before Auto (20). */
export const MAX_PINNED_CONCURRENCY = 20;

/**
 * Concurrency as the Options give it: left out, empty, 0 or "auto" (from an expression) is Auto;
 * a number from 1 pins that many items in flight (at most 20, as before Auto).
 */
export function readConcurrency(value: unknown): Concurrency {
	if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') return 'auto';
	const number = value === null || value === undefined || value === '' ? 0 : Number(value);
	if (!Number.isFinite(number) || number < 1) return 'auto';
	return Math.min(Math.floor(number), MAX_PINNED_CONCURRENCY);
}

export interface CommonOptions {
	ifUserExists: IfUserExists;
	/** 'auto' (the Options left out, or 0): the adaptive limit; a number pins the items in flight. */
	concurrency: Concurrency;
	/** Per-request timeout in milliseconds. */
	timeoutMs: number;
	/** The credential's adaptive limit, for an operation that runs its own writes (Sync). */
	slots?: ConcurrencySlots;
}

/** Concurrency and Timeout: the options every operation offers, as the Options collection's first entries. */
export function requestOptionFields(vendor: { name: string; concurrencyNote: string }): INodeProperties[] {
	return [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_PINNED_CONCURRENCY },
			default: 0,
			description: `0 (the default) is Auto: the node finds how many items ${vendor.name} takes at once, growing while answers stay fast and backing off when they slow down or ${vendor.name} says "too many" (at most ${AUTO_CAP} in flight, shared by every execution on this credential). A number from 1 to ${MAX_PINNED_CONCURRENCY} fixes how many items are sent at the same time (and pages of the user list read at once). Requests are paced to the vendor's rate limit whatever the value. ${vendor.concurrencyNote}`,
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
	const options = ctx.getNodeParameter('options', 0, {}) as { ifUserExists?: unknown; concurrency?: unknown; timeout?: number };
	const timeout = Number(options.timeout ?? 30000);
	return {
		timeoutMs: Number.isFinite(timeout) && timeout >= 100 ? Math.min(timeout, MAX_TIMEOUT_MS) : 30000,
		ifUserExists: typeof options.ifUserExists === 'string' && options.ifUserExists.trim() === 'returnExisting' ? 'returnExisting' : 'error',
		concurrency: readConcurrency(options.concurrency),
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
