/**
 * One bad-input sample: a fresh sandbox, a node whose fields all read `={{ $json.<key> }}`, items
 * carrying the generated values, and the check of the rule on what came out: each item
 * either became a request of the documented shape, or a NodeOperationError naming the field
 * and the item, with no request sent for it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { unclearErrorText } from '../faults/capture';
import { runNode } from '../harness/workflow';
import type { FieldSpec } from './fields';
import type { BadInputVendor } from './vendors';

export interface Sample {
	/** The fields the node has, each read from the items by expression. */
	fields: FieldSpec[];
	/** Per item: field key -> value, whether every value is clean, and the keys of the values that are not. */
	items: Array<{ values: Record<string, unknown>; clean: boolean; odd?: string[] }>;
	continueOnFail: boolean;
}

export interface SampleOutcome {
	problems: string[];
	/** What happened, for the summary: created, refused (validation), vendor refusal. */
	created: number;
	refused: number;
	vendorRefused: number;
	/** Items the server refused as too large (HTTP 413, 414, 431) that carried a value over 8 KB. */
	tooLarge: number;
	requests: number;
	/** Every error text shown, node error or error items. */
	messages: string[];
}

const VALIDATION = /^Invalid "(.+?)" in item (\d+): \S/;

export function parametersFor(fields: FieldSpec[]): INodeParameters {
	const parameters: Record<string, unknown> = { resource: 'user', operation: 'create' };
	for (const field of fields) {
		const expression = `={{ $json.${field.key} }}`;
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

/** A value of a fixed collection may be named by its collection (a whole-collection rule). */
const parentLabel = (field: FieldSpec) => (field.fixed ? field.label.slice(0, field.label.lastIndexOf(' > ')) : field.label);

const emailKey = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : undefined);

/** A sample runs in milliseconds; one that takes this long is stuck, and says so instead of stalling the suite. */
const SAMPLE_LIMIT_MS = 20_000;

export async function runSample(vendor: BadInputVendor, sample: Sample, labels: string[]): Promise<SampleOutcome> {
	const started = await vendor.start();
	let timer: NodeJS.Timeout | undefined;
	try {
		const run = runNode({
			node: vendor.node,
			parameters: parametersFor(sample.fields),
			items: sample.items.map((item) => item.values as IDataObject),
			credentials: started.credentials,
			continueOnFail: sample.continueOnFail,
		});
		const stuck = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`the sample did not finish within ${SAMPLE_LIMIT_MS / 1000} s`)), SAMPLE_LIMIT_MS);
		});
		const result = await Promise.race([run, stuck]);
		const creates = started.creates();
		const outcome: SampleOutcome = { problems: [], created: 0, refused: 0, vendorRefused: 0, tooLarge: 0, requests: started.sandbox.requests.length, messages: [] };
		const problems = outcome.problems;
		const n = sample.items.length;
		const sentFor = (i: number) => {
			const email = emailKey(sample.items[i].values.email);
			return email !== undefined && creates.some((request) => emailKey(vendor.emailOf(request)) === email);
		};

		/** A refusal of item i: a validation error naming a field of the node and the item, or a refusal only the vendor can give. */
		const checkRefusal = (message: string, name: string | undefined, i: number, where: string) => {
			outcome.messages.push(message);
			const unclear = unclearErrorText(message);
			if (unclear) problems.push(`${where}: message ${unclear}: ${JSON.stringify(message).slice(0, 160)}`);
			const validation = VALIDATION.exec(message);
			if (validation && (name === undefined || name === 'NodeOperationError')) {
				outcome.refused += 1;
				const label = validation[1].replace(/ \(entry \d+\)$/, '');
				if (!labels.includes(label)) problems.push(`${where}: names "${validation[1]}", which is no field of the node`);
				if (Number(validation[2]) !== i) problems.push(`${where}: names item ${validation[2]}, not item ${i}`);
				if (sample.items[i]?.clean) problems.push(`${where}: a clean item was refused: ${message}`);
				// Clean values are valid, so the field named must hold one of the item's odd values.
				const odd = sample.items[i]?.odd;
				if (odd && !sample.fields.some((field) => odd.includes(field.key) && [field.label, parentLabel(field)].includes(label))) {
					problems.push(`${where}: names "${label}", but the odd values were in ${odd.join(', ')}`);
				}
				if (sentFor(i)) problems.push(`${where}: refused, but a create request was sent for it`);
				return;
			}
			if (vendor.allowedRefusal?.test(message)) {
				outcome.vendorRefused += 1;
				return;
			}
			// No vendor documents a length limit, so the node sets none; a value of many kilobytes can
			// make a lookup URL longer than a server takes. Allowed, counted and reported.
			const huge = Object.values(sample.items[i]?.values ?? {}).some((value) => typeof value === 'string' && value.length > 8000);
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
			if (out.length !== n) problems.push(`${n} items in, ${out.length} out`);
			out.forEach((item, i) => {
				if ((item.pairedItem as { item?: number })?.item !== i) problems.push(`output ${i} is paired with ${JSON.stringify(item.pairedItem)}`);
				if (item.json.error !== undefined) return checkRefusal(String(item.json.error), undefined, i, `item ${i}`);
				if (!['created', 'existing'].includes(String(item.json.provisioningStatus))) problems.push(`output ${i} has no provisioning status`);
				if (item.json.provisioningStatus === 'created') outcome.created += 1;
				if (item.json.provisioningStatus === 'created' && !sentFor(i)) problems.push(`item ${i} says created, but no create request carried its email`);
			});
		}
		if (sample.items.every((item) => item.clean) && (result.error || result.items?.some((item) => item.json.error !== undefined))) {
			problems.push('every value was clean, yet an item failed');
		}
		creates.forEach((request, r) => problems.push(...started.shapeProblems(request).map((problem) => `create request ${r}: ${problem}`)));
		return outcome;
	} finally {
		clearTimeout(timer);
		await started.sandbox.stop();
	}
}
