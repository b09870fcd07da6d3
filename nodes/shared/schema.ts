import { z } from 'zod';

/**
 * Zod building blocks for node inputs. n8n hands an empty string for a field that was added
 * but left blank, and expressions can resolve to anything; these read both the way a user means.
 */

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const requiredText = z.string({ required_error: 'is required', invalid_type_error: 'must be text' }).trim().min(1, 'is required');

export const optionalText = z.preprocess(
	blankToUndefined,
	z.string({ invalid_type_error: 'must be text' }).trim().optional(),
);

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
