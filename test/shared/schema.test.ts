/**
 * The shared zod building blocks read values as n8n delivers them (issue 19): null and blank mean
 * "not set", a number in a text field is its text, a boolean is read exactly as n8n's own type
 * validation reads one, text is trimmed (non-breaking spaces too) and otherwise kept as given.
 */
import fc from 'fast-check';
import { validateFieldType } from 'n8n-workflow';
import { z } from 'zod';

import {
	emailAddress,
	oneOf,
	optionalBoolean,
	optionalEmail,
	optionalNumber,
	optionalOneOf,
	optionalText,
	prepared,
	readBoolean,
	requiredText,
	requiredTextWith,
} from '../../nodes/shared/schema';

const NBSP = '\u00a0';

function read(schema: z.ZodTypeAny, value: unknown): { value: unknown } | { refused: string } {
	const result = schema.safeParse(value);
	return result.success ? { value: result.data } : { refused: result.error.issues[0].message };
}

/** What n8n's parameter validation makes of a value for a field of type boolean. */
function n8nBoolean(value: unknown): { value: unknown } | { refused: true } {
	const result = validateFieldType('field', value, 'boolean');
	return result.valid ? { value: result.newValue } : { refused: true };
}

describe('booleans, as n8n reads them (validateFieldType, type boolean)', () => {
	const notable: unknown[] = [
		{ toString: 'x' }, Object.create(null), { valueOf: () => 1 },
		true, false, 'true', 'false', 'TRUE', 'True', 'FALSE', 'tRuE', '1', '0', 1, 0, ' 1 ', `${NBSP}1`, '1.0', '0x1', '1e0', '-0', -0,
		'yes', 'no', 'Y', 'on', 'off', ' true', 'true ', 'truee', '2', 2, -1, 0.5, NaN, Infinity, '', '   ', 'null', [], [1], ['0'], [1, 2], {}, { a: 1 },
	];

	it.each(notable.map((value) => [JSON.stringify(value) ?? String(value), value]))('%s: the same reading as n8n', (_name, value) => {
		const ours = readBoolean(value);
		expect(ours === undefined ? { refused: true } : { value: ours }).toEqual(n8nBoolean(value));
	});

	it('agrees with n8n for any value an expression can give (null and undefined are "not set" for both)', () => {
		fc.assert(
			fc.property(fc.oneof(fc.anything(), fc.string(), fc.double(), fc.constantFrom('TRUE', 'False', '1', '0', ' 0 ')), (value) => {
				const theirs = n8nBoolean(value);
				if (value === null || value === undefined) return expect(read(optionalBoolean, value)).toEqual({ value: undefined });
				const ours = read(optionalBoolean, value);
				if ('refused' in theirs) {
					// Blank text is "not set" here; n8n refuses it as no boolean.
					if (typeof value === 'string' && value.trim() === '') return expect(ours).toEqual({ value: undefined });
					return expect(ours).toEqual({ refused: 'must be true or false' });
				}
				expect(ours).toEqual(theirs);
			}),
			{ numRuns: 500 },
		);
	});

	it('a value n8n refuses is refused with the message of before', () => {
		expect(read(optionalBoolean, 'yes')).toEqual({ refused: 'must be true or false' });
		expect(read(optionalBoolean, { on: true })).toEqual({ refused: 'must be true or false' });
	});
});

describe('text', () => {
	it('null, undefined and blank (non-breaking spaces included) are not set in an optional field', () => {
		for (const value of [null, undefined, '', '   ', '\t\n', `${NBSP}${NBSP}`]) expect(read(optionalText, value)).toEqual({ value: undefined });
	});

	it('a required field given null or blank says it is missing', () => {
		for (const value of [null, undefined, '', `  ${NBSP}`]) expect(read(requiredText, value)).toEqual({ refused: 'is required' });
		expect(read(emailAddress, null)).toEqual({ refused: 'is required' });
		expect(read(oneOf(['Admin', 'Participant']), null)).toEqual({ refused: 'is required' });
	});

	it('a finite number is its text; booleans, objects and lists are refused', () => {
		expect(read(optionalText, 4915112345678)).toEqual({ value: '4915112345678' });
		expect(read(requiredText, 0)).toEqual({ value: '0' });
		expect(read(optionalText, -12.5)).toEqual({ value: '-12.5' });
		for (const value of [true, { a: 1 }, ['a'], NaN, Infinity]) expect(read(optionalText, value)).toEqual({ refused: 'must be text' });
		expect(read(optionalText, '[object Object]')).toEqual({ refused: expect.stringContaining('is an object turned into text') });
	});

	it('surrounding whitespace is trimmed, non-breaking spaces too; what is inside is kept, at any length', () => {
		expect(read(optionalText, ` Ada${NBSP}Lovelace${NBSP} \t`)).toEqual({ value: `Ada${NBSP}Lovelace` });
		const long = 'é🙂名'.repeat(10_000);
		expect(read(requiredText, ` ${long} `)).toEqual({ value: long });
	});

	it('rules of a field of its own apply after the reading (a number, trimmed)', () => {
		const digits = requiredTextWith((text) => text.regex(/^\d+$/, 'must be digits'));
		expect(read(digits, 1234)).toEqual({ value: '1234' });
		expect(read(digits, ` 12${NBSP}`)).toEqual({ value: '12' });
		expect(read(digits, 'x1')).toEqual({ refused: 'must be digits' });
		expect(read(digits, null)).toEqual({ refused: 'is required' });
	});

	it('emails: trimmed; a number is no email', () => {
		expect(read(emailAddress, `${NBSP}ada@example.com `)).toEqual({ value: 'ada@example.com' });
		expect(read(emailAddress, 42)).toEqual({ refused: 'must be a valid email address' });
		expect(read(optionalEmail, null)).toEqual({ value: undefined });
	});
});

describe('options and numbers', () => {
	it('an option is one of its values, surrounding whitespace ignored, letter case as listed', () => {
		const role = optionalOneOf(['Admin', 'Participant']);
		expect(read(role, ` Admin${NBSP}`)).toEqual({ value: 'Admin' });
		expect(read(role, null)).toEqual({ value: undefined });
		expect(read(role, 'admin')).toEqual({ refused: 'must be one of: Admin, Participant' });
		expect(read(role, 3)).toEqual({ refused: 'must be one of: Admin, Participant' });
	});

	it('a number may come as numeric text; null and blank are not set', () => {
		expect(read(optionalNumber, ' 42 ')).toEqual({ value: 42 });
		expect(read(optionalNumber, 12.5)).toEqual({ value: 12.5 });
		expect(read(optionalNumber, null)).toEqual({ value: undefined });
		expect(read(optionalNumber, 'twelve')).toEqual({ refused: 'must be a number' });
	});
});

describe('prepared: z.preprocess without its per-call context', () => {
	const mapping = (value: unknown) => (value === null ? undefined : typeof value === 'number' ? String(value) : value);
	const inners = {
		'optional trimmed text': () => z.string({ invalid_type_error: 'must be text' }).trim().min(2, 'too short').optional(),
		'required email': () => z.string({ required_error: 'is required' }).email('must be a valid email address'),
		'a list of text': () => z.array(z.string().min(1, 'is empty')).optional(),
	};
	const outcome = (result: z.SafeParseReturnType<unknown, unknown>) => (result.success ? { data: result.data } : { issues: result.error.issues });
	const values = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.boolean(), fc.array(fc.oneof(fc.string(), fc.integer())), fc.object());

	it.each(Object.entries(inners))('%s: the same data or the same issues as z.preprocess, alone and inside an object', (_name, inner) => {
		const ours = prepared(mapping, inner());
		const zods = z.preprocess(mapping, inner());
		fc.assert(
			fc.property(values, (value) => {
				expect(outcome(ours.safeParse(value))).toEqual(outcome(zods.safeParse(value)));
				expect(outcome(z.object({ field: ours }).safeParse({ field: value }))).toEqual(outcome(z.object({ field: zods }).safeParse({ field: value })));
			}),
		);
	});

	it('an issue names the field it belongs to', () => {
		const result = z.object({ phone: prepared(mapping, z.string().min(5, 'too short')) }).safeParse({ phone: 12 });
		expect(result.success).toBe(false);
		expect(!result.success && result.error.issues.map((issue) => [issue.path, issue.message])).toEqual([[['phone'], 'too short']]);
	});
});
