import { z } from 'zod';

/**
 * Zod building blocks for node inputs, reading each value the way n8n delivers it (a field added
 * but left blank, a sheet's empty cell, a checkbox column, a phone number column, any expression):
 * - `null`, `undefined` and blank text (spaces, tabs, non-breaking spaces) in an optional field
 *   mean "not set": the field is left out of the request. A required field says it is missing.
 * - A finite number given for a text field is its text (4915112345678 -> "4915112345678");
 *   booleans, objects and lists are refused ("must be text").
 * - Text is trimmed of surrounding whitespace, non-breaking spaces included; what is inside is
 *   kept as given, whatever its length (the vendor decides what it accepts).
 * - A boolean is read as n8n's own type validation reads one: see readBoolean.
 * - An option is one of its values, surrounding whitespace ignored, letter case as listed.
 */

/**
 * `z.preprocess(prepare, schema)` for a `prepare` that only maps a value (it never adds an issue):
 * the same result and the same issues, at a fraction of the cost. zod's preprocess builds a
 * context with a getter and a bound closure on every call, about 3 µs a field, which a roster of
 * 10,000 rows pays some 100,000 times before its first request.
 */
class ZodPrepared<T extends z.ZodTypeAny> extends z.ZodType<z.output<T>, ZodPreparedDef<T>, unknown> {
	_parse(input: z.ParseInput): z.ParseReturnType<z.output<T>> {
		const { ctx } = this._processInputParams(input);
		return this._def.schema._parse({ data: this._def.prepare(ctx.data), path: ctx.path, parent: ctx });
	}
}

interface ZodPreparedDef<T extends z.ZodTypeAny> extends z.ZodTypeDef {
	schema: T;
	prepare: (value: unknown) => unknown;
}

export function prepared<T extends z.ZodTypeAny>(prepare: (value: unknown) => unknown, schema: T): ZodPrepared<T> {
	return new ZodPrepared<T>({ schema, prepare });
}

/** Whether a value means "not set": null, undefined, or text with nothing but whitespace. */
export const isNotSet = (value: unknown): boolean =>
	value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

const blankToUndefined = (value: unknown) => (isNotSet(value) ? undefined : value);

/** A finite number (a phone, a zip, an ID from a sheet or a database) read as its text. */
const numberAsText = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value);

/** How a text field reads its value before checking it: not set, or a number's text, or as given. */
const asText = (value: unknown) => numberAsText(blankToUndefined(value));

/**
 * n8n turns an object into the text "[object Object]" when an expression that returns one is
 * mapped into a text field: a mapping mistake, never a name or a value anybody means.
 */
export const OBJECT_AS_TEXT_MESSAGE =
	'is an object turned into text: the expression returned an object, map one of its fields instead (e.g. {{ $json.manager.email }})';
const NOT_OBJECT_TEXT = /^(?![\s\S]*\[object Object\])/;

/** The checks of every text value, before any rule of its own (a pattern, a length). */
const textChecks = (invalidTypeMessage = 'must be text') =>
	z.string({ required_error: 'is required', invalid_type_error: invalidTypeMessage }).regex(NOT_OBJECT_TEXT, OBJECT_AS_TEXT_MESSAGE);

/** Text that is not an object turned into text; a number is its text. Not trimmed. */
export const plainText = (invalidTypeMessage = 'must be text') => prepared(numberAsText, textChecks(invalidTypeMessage));

const requiredTextChecks = textChecks().trim().min(1, 'is required');

/** Text that must be given: trimmed, not blank; null or blank says "is required". */
export const requiredText = prepared(asText, requiredTextChecks);

/**
 * Required text with rules of its own, e.g. an ID's pattern:
 * `requiredTextWith((text) => text.regex(/^\d+$/, 'must be a whole number'))`.
 */
export function requiredTextWith<T extends z.ZodTypeAny>(rules: (text: typeof requiredTextChecks) => T) {
	return prepared(asText, rules(requiredTextChecks));
}

/** Optional text: trimmed; null, undefined or blank is not set. */
export const optionalText = prepared(asText, textChecks().trim().optional());

const emailChecks = z
	.string({ required_error: 'is required', invalid_type_error: 'must be text' })
	.trim()
	.min(1, 'is required')
	.email('must be a valid email address');

export const emailAddress = prepared(asText, emailChecks);

export const optionalEmail = prepared(asText, emailChecks.optional());

/** An option's value as typed: trimmed when text, not set when blank or null. */
const asOption = (value: unknown) => {
	const given = blankToUndefined(value);
	return typeof given === 'string' ? given.trim() : given;
};

function optionEnum<T extends [string, ...string[]]>(values: T) {
	return z.enum(values, {
		errorMap: (issue, context) => ({
			message: issue.code === 'invalid_type' && context.data === undefined ? 'is required' : `must be one of: ${values.join(', ')}`,
		}),
	});
}

/** One of the listed values; surrounding whitespace is ignored, letter case is not. */
export function oneOf<T extends [string, ...string[]]>(values: T) {
	return prepared(asOption, optionEnum(values));
}

export function optionalOneOf<T extends [string, ...string[]]>(values: T) {
	return prepared(asOption, optionEnum(values).optional());
}

/** A number that may arrive as numeric text from a sheet or an expression. */
export const optionalNumber = prepared(
	(value) => {
		const given = blankToUndefined(value);
		return typeof given === 'string' && /^-?\d+(\.\d+)?$/.test(given.trim()) ? Number(given) : given;
	},
	z.number({ invalid_type_error: 'must be a number' }).finite().optional(),
);

/**
 * A boolean as n8n reads one when it validates a parameter of type boolean (n8n-workflow's
 * validateFieldType, which uses tryToParseBoolean): true and false; the text "true" or "false" in
 * any letter case ("TRUE", "True"); and any other value whose Number() is 1 or 0 (1, 0, "1",
 * "0", " 1 "), blank text excepted. Anything else (e.g. "yes", " true ") is no boolean: undefined.
 */
export function readBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return value.toLowerCase() === 'true';
	if (typeof value === 'string' && value.trim() === '') return undefined;
	let number: number;
	try {
		number = Number(value);
	} catch {
		// An object with no usable valueOf/toString (e.g. the item {"toString": "x"}): n8n's own
		// Number() throws there too, and refuses the value.
		return undefined;
	}
	return number === 1 ? true : number === 0 ? false : undefined;
}

/** An optional boolean read as n8n reads one; null, undefined or blank is not set. */
export const optionalBoolean = prepared((value) => {
	if (isNotSet(value)) return undefined;
	return readBoolean(value) ?? value;
}, z.boolean({ invalid_type_error: 'must be true or false' }).optional());
