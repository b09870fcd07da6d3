import { z } from 'zod';

/**
 * Zod building blocks for node inputs. n8n hands an empty string for a field that was added
 * but left blank, and expressions can resolve to anything; these read both the way a user means.
 */

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * n8n turns an object into the text "[object Object]" when an expression that returns one is
 * mapped into a text field: a mapping mistake, never a name or a value anybody means.
 */
export const OBJECT_AS_TEXT_MESSAGE =
	'is an object turned into text: the expression returned an object, map one of its fields instead (e.g. {{ $json.manager.email }})';
// A regex check (not a refinement) keeps the type a ZodString that vendor schemas can extend.
const NOT_OBJECT_TEXT = /^(?![\s\S]*\[object Object\])/;

/** A string that is not an object turned into text; every text type below starts from it. */
const checkedText = (params: { required_error?: string; invalid_type_error: string }) =>
	z.string(params).regex(NOT_OBJECT_TEXT, OBJECT_AS_TEXT_MESSAGE);

/** Text that is not an object turned into text. */
export const plainText = (invalidTypeMessage = 'must be text') => checkedText({ invalid_type_error: invalidTypeMessage });

export const requiredText = checkedText({ required_error: 'is required', invalid_type_error: 'must be text' })
	.trim()
	.min(1, 'is required');

export const optionalText = z.preprocess(blankToUndefined, plainText().trim().optional());

export const emailAddress = z
	.string({ required_error: 'is required', invalid_type_error: 'must be text' })
	.trim()
	.min(1, 'is required')
	.email('must be a valid email address');

export const optionalEmail = z.preprocess(blankToUndefined, emailAddress.optional());

export function oneOf<T extends [string, ...string[]]>(values: T) {
	return z.enum(values, {
		errorMap: () => ({ message: `must be one of: ${values.join(', ')}` }),
	});
}

export function optionalOneOf<T extends [string, ...string[]]>(values: T) {
	return z.preprocess(blankToUndefined, oneOf(values).optional());
}

/** A number that may arrive as numeric text from a sheet or an expression. */
export const optionalNumber = z.preprocess(
	(value) => {
		const blank = blankToUndefined(value);
		return typeof blank === 'string' && /^-?\d+(\.\d+)?$/.test(blank.trim()) ? Number(blank) : blank;
	},
	z.number({ invalid_type_error: 'must be a number' }).finite().optional(),
);

export const optionalBoolean = z.preprocess(
	(value) => (value === 'true' ? true : value === 'false' ? false : blankToUndefined(value)),
	z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
);
