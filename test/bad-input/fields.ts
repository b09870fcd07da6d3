/**
 * Generators read from a node's own properties: every parameter one operation shows (top-level
 * fields, each collection's fields such as Additional Fields, Update Fields, Filters, Options, and
 * each value of a fixed collection) becomes a field spec, and each spec gets three kinds of values
 * from its type:
 * - clean: what a careful user enters; the node must accept it and do its work;
 * - odd: anything an expression can resolve to (wrong types, null, arrays, empty, huge, unicode,
 *   control characters, invalid emails, broken JSON); either outcome is allowed, but only the
 *   two the issue names;
 * - invalid: values no reading of the field accepts; the node must refuse them naming the field.
 * Fixed collections are given as entries whose values each read an expression, the way n8n
 * accepts them.
 */
import fc from 'fast-check';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

/** One operation of a node, as its Resource and Operation parameters name it. */
export interface OperationKey {
	resource: string;
	operation: string;
}

export interface FieldSpec {
	/** Key of the item property the expression reads, e.g. `additionalFields__title`. */
	key: string;
	property: INodeProperties;
	/** The field's name as the UI shows it, e.g. `Additional Fields > Title`. */
	label: string;
	required: boolean;
	/** `top`, or the name of the collection the field is in (additionalFields, updateFields, filters, options). */
	group: string;
	/** The collection's label, for a field in one. */
	groupLabel?: string;
	/**
	 * For a value inside a fixed collection: n8n takes expressions only on its values, not on the
	 * collection as a whole (a whole-collection expression is dropped for the default), so each
	 * entry's values are fields of their own.
	 */
	fixed?: { parent: string; group: string; entry: number; multiple: boolean };
	/** Fields included in a node together: one field, or every value of one fixed collection. */
	unit: string;
	/** Other parameters' values this field is shown for (displayOptions), e.g. Email for Find User By "email". */
	shownFor: Record<string, unknown[]>;
	/**
	 * A field n8n takes no expression for (`noDataExpression`, e.g. Sync's Mode): set to a clean
	 * value in the node's parameters, never read from the items.
	 */
	literal?: boolean;
}

/** A fixed collection with several values gets this many entries. */
const ENTRIES = 2;

/** Collections a user must add at least one field to (an update with nothing to change is refused). */
export const NOT_EMPTY = ['updateFields'];

function fixedCollectionFields(property: INodeProperties, parent: { label: string; group: string }): FieldSpec[] {
	const [collection] = (property.options ?? []) as INodePropertyCollection[];
	const multiple = property.typeOptions?.multipleValues === true;
	const label = `${parent.label} > ${property.displayName}`;
	const fields: FieldSpec[] = [];
	for (let entry = 0; entry < (multiple ? ENTRIES : 1); entry++) {
		for (const value of (collection.values ?? []) as INodeProperties[]) {
			fields.push({
				key: `${parent.group}__${property.name}__${entry}__${value.name}`,
				property: value,
				label: `${label} > ${value.displayName}`,
				required: false,
				group: parent.group,
				groupLabel: parent.label,
				fixed: { parent: property.name, group: collection.name, entry, multiple },
				unit: `${parent.group}.${property.name}`,
				shownFor: {},
			});
		}
	}
	return fields;
}

/** Whether a property is shown for the operation (a node lists every operation's properties). */
const shownFor = (property: INodeProperties, key: OperationKey) => {
	const show = property.displayOptions?.show;
	return (!show?.resource || show.resource.includes(key.resource)) && (!show?.operation || show.operation.includes(key.operation));
};

/** The display conditions on other parameters (Find User By, Return All), resource and operation left out. */
function conditions(property: INodeProperties): Record<string, unknown[]> {
	const show = { ...(property.displayOptions?.show ?? {}) } as Record<string, unknown[]>;
	delete show.resource;
	delete show.operation;
	return show;
}

/** The operation's parameters, resource, operation and notices left out. */
export function fieldSpecs(properties: INodeProperties[], key: OperationKey): FieldSpec[] {
	const specs: FieldSpec[] = [];
	for (const property of properties) {
		if (property.name === 'resource' || property.name === 'operation' || property.type === 'notice' || !shownFor(property, key)) continue;
		if (property.type === 'collection') {
			const parent = { label: property.displayName, group: property.name };
			for (const option of (property.options ?? []) as INodeProperties[]) {
				if (option.type === 'fixedCollection') specs.push(...fixedCollectionFields(option, parent));
				else {
					specs.push({
						key: `${property.name}__${option.name}`,
						property: option,
						label: `${property.displayName} > ${option.displayName}`,
						required: false,
						group: property.name,
						groupLabel: property.displayName,
						unit: `${property.name}.${option.name}`,
						shownFor: {},
					});
				}
			}
			continue;
		}
		specs.push({
			key: property.name,
			property,
			label: property.displayName,
			required: property.required === true,
			group: 'top',
			unit: property.name,
			shownFor: conditions(property),
			...(property.noDataExpression ? { literal: true } : {}),
		});
	}
	return specs;
}

/** Every label an error may name: each field, each fixed collection and each collection as a whole. */
export function knownLabels(specs: FieldSpec[]): string[] {
	const labels = new Set<string>();
	for (const spec of specs) {
		labels.add(spec.label);
		if (spec.fixed) labels.add(spec.label.slice(0, spec.label.lastIndexOf(' > ')));
		if (spec.groupLabel) labels.add(spec.groupLabel);
	}
	return [...labels];
}

export const staticOptions = (property: INodeProperties): string[] =>
	property.typeOptions?.loadOptionsMethod ? [] : ((property.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));

export const isEmailField = (spec: FieldSpec) => /email/i.test(spec.property.name);

/** A plain word or two: what a person types into a text field. */
export const cleanText = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .'-]{0,20}[A-Za-z0-9]$/);

export const INVALID_EMAILS = ['plainaddress', '@example.com', 'user@', 'user@example', 'a b@example.com', 'user@@example.com', 'user@example..com', 'user@.example.com', '<user@example.com>'];

const BROKEN_JSON = ['{', '{"key":', '{"key": "value"', '[1, 2', "{'key': 'value'}", '{"a":1}}', 'undefined', '{key: 1}'];

const CONTROL = fc
	.array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 5 })
	.chain((codes) => cleanText.map((text) => text + codes.map((code) => String.fromCharCode(code)).join('') + text));

/** What an expression may resolve to for any field. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom('', '   ', '\t\n', '\u00a0', null, undefined, true, false, 0, -1, 1.5, NaN, Infinity, '0', '1', '42', '-7', '1e3', 'true', 'TRUE', 'True', 'false', 'null', '[object Object]'),
	fc.integer(),
	fc.double(),
	fc.string({ unit: 'grapheme', maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 30 }),
	cleanText.map((text) => `\u00a0 ${text}\u00a0`),
	CONTROL,
	fc.nat({ max: 3 }).map((n) => 'é🙂名'.repeat(4000 * n + 1)),
	fc.constant('x'.repeat(20_000)),
	fc.constantFrom(...INVALID_EMAILS),
	fc.constantFrom(...BROKEN_JSON),
	fc.array(fc.oneof(cleanText, fc.integer(), fc.constant(null)), { maxLength: 3 }),
	fc.dictionary(cleanText, fc.oneof(cleanText, fc.integer(), fc.constant(null)), { maxKeys: 3 }),
	fc.json({ maxDepth: 2 }),
);

/**
 * The odd values for a field. A Timeout of a few hundred milliseconds is a legitimate choice that
 * turns a busy machine's slow local answer into retries with backoff (minutes, by design): the
 * Timeout field gets every odd value except those.
 */
export function oddValueFor(spec: FieldSpec): fc.Arbitrary<unknown> {
	if (spec.group !== 'options' || spec.property.name !== 'timeout') return oddValue;
	return oddValue.filter((value) => {
		const ms = Number(value);
		return !(Number.isFinite(ms) && ms >= 100 && ms < 5000);
	});
}

/** A clean value for a field, from its type alone; vendors refine the ones this cannot know. */
export function cleanValue(spec: FieldSpec, unique: string): fc.Arbitrary<unknown> {
	const { property } = spec;
	if (isEmailField(spec)) return fc.constant(`${property.name.toLowerCase()}.${unique}@example.com`);
	switch (property.type) {
		case 'boolean':
			return fc.boolean();
		case 'number': {
			const min = Number(property.typeOptions?.minValue ?? 0);
			const max = Number(property.typeOptions?.maxValue ?? Math.max(min, 1000));
			return fc.integer({ min, max });
		}
		case 'options': {
			const values = staticOptions(property);
			return values.length ? fc.constantFrom(...values) : cleanText;
		}
		case 'multiOptions': {
			const values = staticOptions(property);
			return values.length ? fc.subarray(values) : fc.array(cleanText, { maxLength: 3 });
		}
		case 'json':
			return fc.dictionary(cleanText, fc.oneof(cleanText, fc.integer(), fc.boolean()), { minKeys: 1, maxKeys: 3 }).map((value) => JSON.stringify(value));
		default:
			return cleanText;
	}
}

/**
 * Values no reading of the field accepts, from its type; undefined for fields the node reads
 * leniently by design (the Options collection falls back to its defaults).
 */
export function invalidValue(spec: FieldSpec): fc.Arbitrary<unknown> | undefined {
	if (spec.group === 'options' || spec.literal) return undefined;
	const { property } = spec;
	const structured = fc.constantFrom<unknown>({ key: 'value' }, { 0: 'a' });
	switch (property.type) {
		case 'string':
			if (isEmailField(spec)) return fc.oneof(fc.constantFrom(...INVALID_EMAILS), structured);
			return spec.required ? fc.oneof(fc.constantFrom('', '   ', '\t', '\u00a0', null, ['text'], true), structured) : fc.oneof(structured, fc.constant(['text']), fc.constant(true));
		case 'boolean':
			return fc.oneof(fc.constantFrom('maybe', 'yes', 'null', ' true', 2), structured);
		case 'number':
			return fc.oneof(fc.constantFrom('abc', 'twelve', '1,5'), structured);
		case 'options':
			// Inside a fixed collection the node takes any text (OpsRamp's notifyType is not a closed list).
			if (!staticOptions(property).length || spec.fixed) return structured;
			return fc.constantFrom<unknown>('NOT_AN_OPTION', 42, { value: 'x' }, [staticOptions(property)[0]]);
		case 'multiOptions':
			return staticOptions(property).length ? fc.constantFrom<unknown>(['NOT_AN_OPTION'], { value: 'x' }) : structured;
		case 'json':
			return fc.constantFrom<unknown>(...BROKEN_JSON.filter((text) => text !== 'undefined'), '[1, 2]', '"text"', '42', ['a']);
		default:
			return undefined;
	}
}
