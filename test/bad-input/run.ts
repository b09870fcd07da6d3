/**
 * One bad-input sample: a fresh sandbox, a node running one operation whose fields all read
 * `={{ $json.<key> }}`, items carrying the generated values, and the check of the rule on
 * what came out: each item is done (a create: a request of the documented shape), or refused with
 * a NodeOperationError naming the field and the item with no request sent for it, or (for an item
 * with an odd value) refused by a lookup or the vendor in words a user can act on.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { unclearErrorText } from '../faults/capture';
import { runNode } from '../harness/workflow';
import type { FieldSpec, OperationKey } from './fields';
import type { BadInputVendor } from './vendors';

export interface Sample {
	operation: OperationKey;
	/** The fields the node has, each read from the items by expression. */
	fields: FieldSpec[];
	/** Per item: field key -> value, whether every value is clean, and the keys of the values that are not. */
	items: Array<{ values: Record<string, unknown>; clean: boolean; odd?: string[] }>;
	continueOnFail: boolean;
}

export interface SampleOutcome {
	problems: string[];
	/** What happened, for the summary. */
	done: number;
	created: number;
	refused: number;
	/** Lookups that found nobody (an odd email or ID) and refusals only the vendor can give. */
	notFound: number;
	vendorRefused: number;
	/** Items the server refused as too large (HTTP 413, 414, 431) that carried a value over 8 KB. */
	tooLarge: number;
	requests: number;
	/** Every error text shown, node error or error items. */
	messages: string[];
	/** The items that failed, whatever the reason. */
	failedItems: number[];
}

export const VALIDATION = /^Invalid "(.+?)" in item (\d+): \S/;

/** Operations whose output items are not one per input item. */
export const LIST_OPERATIONS = ['getAll'];

/**
 * What an operation may answer for a user, group or membership an odd value named that is not
 * there: the node's own words, naming the item, or the vendor's ("Group not found: 0").
 */
const NOT_FOUND = /^(No \S+ (user|group|user group) with .*\(item \d+\)$|The \S+ user with .* is not a member of .*\(item \d+\)$|\w+( \w+)? not found\b)/s;

/** A vendor's refusal of an odd but well-formed value (an email another user has). */
const TAKEN = /already (exists|taken|in use|belongs)/i;

/** The node's parameters: each field an expression reading the items, a literal field the value of `literals`. */
export function parametersFor(operation: OperationKey, fields: FieldSpec[], literals: Record<string, unknown> = {}): INodeParameters {
	const parameters: Record<string, unknown> = { resource: operation.resource, operation: operation.operation };
	for (const field of fields) {
		const expression = `={{ $json.${field.key} }}`;
		if (field.literal) {
			if (literals[field.key] !== undefined) parameters[field.property.name] = literals[field.key];
			continue;
		}
		if (field.group === 'top') {
			parameters[field.property.name] = expression;
			continue;
		}
		const collection = (parameters[field.group] ??= {}) as Record<string, unknown>;
		if (!field.fixed) {
			collection[field.property.name] = expression;
			continue;
		}
		// { company: { translations: [{ language: '={{ ... }}', text: '={{ ... }}' }, ...] } }
		const { parent, group, entry, multiple } = field.fixed;
		const fixed = (collection[parent] ??= {}) as Record<string, unknown>;
		const values = multiple ? (((fixed[group] ??= []) as Array<Record<string, unknown>>)[entry] ??= {}) : ((fixed[group] ??= {}) as Record<string, unknown>);
		values[field.property.name] = expression;
	}
	return parameters as INodeParameters;
}

/** A value of a fixed collection may be named by its collection, a collection's field by the collection. */
const labelsOf = (field: FieldSpec) => [field.label, ...(field.fixed ? [field.label.slice(0, field.label.lastIndexOf(' > '))] : []), ...(field.groupLabel ? [field.groupLabel] : [])];

const emailKey = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : undefined);

/** A sample runs in milliseconds; one that takes this long is stuck, and says so instead of stalling the suite. */
const SAMPLE_LIMIT_MS = 20_000;

export async function runSample(vendor: BadInputVendor, sample: Sample, labels: string[]): Promise<SampleOutcome> {
	const started = await vendor.start();
	const isCreate = sample.operation.operation === 'create';
	let timer: NodeJS.Timeout | undefined;
	try {
		const run = runNode({
			node: vendor.node,
			parameters: parametersFor(sample.operation, sample.fields, sample.items[0]?.values),
			items: sample.items.map((item) => item.values as IDataObject),
			credentials: started.credentials,
			continueOnFail: sample.continueOnFail,
		});
		const stuck = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`the sample did not finish within ${SAMPLE_LIMIT_MS / 1000} s`)), SAMPLE_LIMIT_MS);
		});
		const result = await Promise.race([run, stuck]);
		const creates = isCreate ? started.creates() : [];
		const outcome: SampleOutcome = { problems: [], done: 0, created: 0, refused: 0, notFound: 0, vendorRefused: 0, tooLarge: 0, requests: started.sandbox.requests.length, messages: [], failedItems: [] };
		const problems = outcome.problems;
		const n = sample.items.length;
		const sentFor = (i: number) => {
			const email = emailKey(sample.items[i].values.email);
			return email !== undefined && creates.some((request) => emailKey(vendor.emailOf(request)) === email);
		};

		/** A refusal of item i: a validation error naming a field of the node and the item, or a refusal a lookup or the vendor gives. */
		const checkRefusal = (message: string, name: string | undefined, i: number, where: string) => {
			outcome.messages.push(message);
			outcome.failedItems.push(i);
			const unclear = unclearErrorText(message);
			if (unclear) problems.push(`${where}: message ${unclear}: ${JSON.stringify(message).slice(0, 160)}`);
			const item = sample.items[i];
			const validation = VALIDATION.exec(message);
			if (validation && (name === undefined || name === 'NodeOperationError')) {
				outcome.refused += 1;
				const label = validation[1].replace(/ \(entry \d+\)$/, '');
				if (!labels.includes(label)) problems.push(`${where}: names "${validation[1]}", which is no field of the node`);
				if (Number(validation[2]) !== i) problems.push(`${where}: names item ${validation[2]}, not item ${i}`);
				if (item?.clean) problems.push(`${where}: a clean item was refused: ${message}`);
				// Clean values are valid, so the field named must hold one of the item's odd values.
				const odd = item?.odd;
				if (odd && !sample.fields.some((field) => odd.includes(field.key) && labelsOf(field).includes(label))) {
					problems.push(`${where}: names "${label}", but the odd values were in ${odd.join(', ')}`);
				}
				if (sentFor(i)) problems.push(`${where}: refused, but a create request was sent for it`);
				return;
			}
			if (item?.clean) {
				problems.push(`${where}: a clean item failed: ${message.slice(0, 200)}`);
				return;
			}
			if (NOT_FOUND.test(message) && !/\(item \d+\)$/.test(message.replace(`(item ${i})`, ''))) {
				outcome.notFound += 1;
				return;
			}
			if (vendor.allowedRefusal?.test(message) || TAKEN.test(message)) {
				outcome.vendorRefused += 1;
				return;
			}
			// No vendor documents a length limit, so the node sets none; a value of many kilobytes can
			// make a lookup URL longer than a server takes. Allowed, counted and reported.
			const huge = Object.values(item?.values ?? {}).some((value) => typeof value === 'string' && value.length > 8000);
			if (huge && /\(HTTP (413|414|431)\)$/.test(message)) {
				outcome.tooLarge += 1;
				return;
			}
			problems.push(`${where}: failed with ${name ?? 'an error item'}: ${message.slice(0, 200)}`);
		};

		if (result.error) {
			const index = result.error.context?.itemIndex;
			if (sample.continueOnFail) problems.push(`the node failed under Continue On Fail: ${result.error.message}`);
			if (typeof index !== 'number' || index < 0 || index >= n) problems.push(`the node error names no item: ${result.error.message}`);
			else checkRefusal(result.error.message, result.error.name, index, 'node error');
			// Every item is validated before any request: a refused batch sent nothing at all.
			if (VALIDATION.test(result.error.message) && started.sandbox.requests.length) {
				problems.push(`the node refused item ${String(index)}, yet ${started.sandbox.requests.length} requests were sent`);
			}
		} else {
			const out = result.items ?? [];
			// A list gives one item per record found (none for a filter that matches nobody); every other
			// operation one item per input item, in order.
			const list = LIST_OPERATIONS.includes(sample.operation.operation);
			if (!list && out.length !== n) problems.push(`${n} items in, ${out.length} out`);
			out.forEach((item, k) => {
				const paired = (item.pairedItem as { item?: number })?.item;
				if (typeof paired !== 'number' || paired < 0 || paired >= n || (!list && paired !== k)) problems.push(`output ${k} is paired with ${JSON.stringify(item.pairedItem)}`);
				const i = paired ?? k;
				if (item.json.error !== undefined) return checkRefusal(String(item.json.error), undefined, i, `item ${i}`);
				outcome.done += 1;
				if (!isCreate) return;
				if (!['created', 'existing'].includes(String(item.json.provisioningStatus))) problems.push(`output ${k} has no provisioning status`);
				if (item.json.provisioningStatus === 'created') outcome.created += 1;
				if (item.json.provisioningStatus === 'created' && !sentFor(i)) problems.push(`item ${i} says created, but no create request carried its email`);
			});
		}
		creates.forEach((request, r) => problems.push(...started.shapeProblems(request).map((problem) => `create request ${r}: ${problem}`)));
		return outcome;
	} finally {
		clearTimeout(timer);
		await started.sandbox.stop();
	}
}
