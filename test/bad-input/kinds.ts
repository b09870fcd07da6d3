/**
 * The value kinds n8n delivers from sheets, databases and forms (issue 19), per field type, with
 * the meaning the node documents for each (docs/behaviour.md, "what every node does"):
 * - null (an empty cell): not set, the same as leaving the field out; a required field says it
 *   is missing (a value a fixed collection's entry needs, e.g. a company name's language, too);
 * - a number in a text field (a phone or zip column): its text;
 * - "TRUE", "True", "1", 1 (a checkbox column) in a boolean field: true, as n8n reads booleans
 *   ("FALSE", "false", "0", 0: false); "yes" is no boolean and is refused;
 * - numeric text in a number field, with spaces around: the number;
 * - surrounding whitespace, non-breaking spaces included: trimmed (options too), unless the vendor
 *   keeps the field as typed (OpsRamp's free-text fields and password);
 * - very long text: sent as given (the vendor decides), or refused naming field and item.
 */
import fc from 'fast-check';

import type { FieldSpec } from './fields';
import { isEmailField, staticOptions } from './fields';

const NBSP = '\u00a0';

/** Ten thousand characters, recognisable in a request. */
export const LONG_TEXT = `Long-${'abcdefghij'.repeat(1000)}`;

/** A number that is no ID, no email, nothing but a number: a phone number from a sheet. */
export const PHONE = 4915112345;

export const wrapped = (value: string) => `${NBSP} ${value}\t${NBSP}`;

export type FieldKind = 'text' | 'email' | 'boolean' | 'number' | 'option' | 'json' | 'list' | 'none';

/** What kinds a field gets: by its type, as the node reads it. */
export function kindOf(spec: FieldSpec): FieldKind {
	// n8n takes no expression for it: no value of an item ever reaches it.
	if (spec.literal) return 'none';
	const { type } = spec.property;
	if (spec.group === 'options') return type === 'number' ? 'number' : 'option';
	if (type === 'boolean') return 'boolean';
	if (type === 'number') return 'number';
	if (type === 'multiOptions') return 'list';
	if (type === 'json') return 'json';
	if (type === 'options' && staticOptions(spec.property).length && !spec.fixed) return 'option';
	// A string field, a dropdown fed by the vendor (an ID by expression), a fixed collection's value.
	return isEmailField(spec) ? 'email' : 'text';
}

/** The text forms of a boolean n8n reads as the same boolean. */
export const booleanForms = (on: boolean): unknown[] => (on ? ['TRUE', 'True', '1', 1] : ['FALSE', 'false', '0', 0]);

/** A number for a text field and the text it stands for: the clean value's own digits where it has them. */
export function numberFor(clean: unknown): { value: number; text: string } {
	const text = typeof clean === 'string' && /^\d+$/.test(clean) && String(Number(clean)) === clean ? clean : String(PHONE);
	return { value: Number(text), text };
}

/** One value of an arbitrary, the same every run (the table is deterministic). */
export const sampleOf = <T>(arbitrary: fc.Arbitrary<T>, seed: number): T => fc.sample(arbitrary, { seed, numRuns: 1 })[0];
