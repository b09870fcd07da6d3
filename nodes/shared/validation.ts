import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

/**
 * Labels of every field as the node's UI shows it, keyed by the path used in the schema's input:
 * top-level and collection fields by their name ("title" -> "Additional Fields > Title", also
 * "additionalFields.title"), the collection itself by its name, fields of
 * a fixed collection by "<parent>.<child>".
 */
export function fieldLabels(properties: INodeProperties[]): Map<string, string> {
	const labels = new Map<string, string>();
	// A collection's fields also get their bare name (read flat), but never over a top-level
	// field's: an Update Fields > Email must not relabel the Email that finds the user.
	const topLevel = new Set(properties.map((property) => property.name));
	const set = (key: string, label: string, flat: boolean) => {
		if (!flat || !topLevel.has(key)) labels.set(key, label);
	};
	const visit = (props: INodeProperties[], prefix: string, keyPrefix: string, flat = false) => {
		for (const property of props) {
			const label = prefix ? `${prefix} > ${property.displayName}` : property.displayName;
			if (property.type === 'collection' && property.options) {
				// Read flat into the schema's input (readFields) or nested under the collection's name.
				set(`${keyPrefix}${property.name}`, label, flat);
				visit(property.options as INodeProperties[], label, keyPrefix, true);
				visit(property.options as INodeProperties[], label, `${keyPrefix}${property.name}.`);
			} else if (property.type === 'fixedCollection' && property.options) {
				set(`${keyPrefix}${property.name}`, label, flat);
				for (const group of property.options as Array<{ values?: INodeProperties[] }>) {
					visit(group.values ?? [], label, `${keyPrefix}${property.name}.`);
				}
			} else {
				set(`${keyPrefix}${property.name}`, label, flat);
			}
		}
	};
	visit(properties, '', '');
	return labels;
}

/** The label for an issue's path: array indices are shown 1-based, as a user counts entries. */
export function labelForPath(path: ReadonlyArray<string | number>, labels: Map<string, string>): string {
	const names = path.filter((part): part is string => typeof part === 'string');
	const entries = path.filter((part): part is number => typeof part === 'number');
	for (let length = names.length; length > 0; length--) {
		const label = labels.get(names.slice(0, length).join('.'));
		if (label) return entries.length ? `${label} (entry ${entries[0] + 1})` : label;
	}
	return names.join('.') || 'input';
}

/**
 * Validates one item's input against the operation's schema. A failure is a NodeOperationError
 * that names the field as the UI shows it and the item, and no request is sent for that item.
 * Values are never echoed back: some fields are passwords.
 */
export function validateItem<S extends z.ZodTypeAny>(
	schema: S,
	input: unknown,
	labels: Map<string, string>,
	node: INode,
	itemIndex: number,
): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data as z.output<S>;
	const problems = result.error.issues.map((issue) => `"${labelForPath(issue.path, labels)}": ${issue.message}`);
	const first = result.error.issues[0];
	throw new NodeOperationError(node, `Invalid "${labelForPath(first.path, labels)}" in item ${itemIndex}: ${first.message}`, {
		itemIndex,
		description:
			problems.length > 1
				? `This item has ${problems.length} problems: ${problems.join('; ')}. No request was sent for it.`
				: 'No request was sent for this item.',
	});
}
