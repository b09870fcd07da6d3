/**
 * The value kinds n8n delivers from sheets, databases and forms (issue 19), per field type, with
 * the meaning the node documents for each (docs: "what every node does"):
 * - null (an empty cell): not set, the same as leaving the field out; a required field says it
 *   is missing;
 * - a number in a text field (a phone or zip column): its text;
 * - "TRUE", "True", "1", 1 (a checkbox column) in a boolean field: true, as n8n reads booleans
 *   ("FALSE", "0", 0: false); "yes" is no boolean;
 * - numeric text in a number field, with spaces around: the number;
 * - surrounding whitespace, non-breaking spaces included: trimmed, unless the vendor keeps the
 *   field as typed (OpsRamp's free-text fields and password);
 * - very long text: sent as given (the vendor decides), or refused naming field and item.
 */
import fc from 'fast-check';

import type { FieldSpec } from './fields';
import { isEmailField, staticOptions } from './fields';

export type Expectation =
	/** Accepted with the same meaning as this value: the requests equal those of a run with it. */
	| { kind: 'same'; as: unknown }
	/** Accepted as if the field were left out: the requests equal those of a run without it. */
	| { kind: 'absent' }
	/** Refused with an error naming the field and the item, nothing sent. */
	| { kind: 'refused' }
	/** Accepted as if the field were left out, or refused naming field and item (a value an entry requires). */
	| { kind: 'absentOrRefused' }
	/** Refused naming field and item, or sent exactly as given (a request carries the value). */
	| { kind: 'carriedOrRefused' }
	/** Sent exactly as given: a request carries the value. */
	| { kind: 'carried' };

export interface ValueKind {
	name: string;
	value: unknown;
	expect: Expectation;
}

const NBSP = '\u00a0';

/** Ten thousand characters, recognisable in a request. */
export const LONG_TEXT = `Long-${'abcdefghij'.repeat(1000)}`;

/** A number that is no ID, no email, nothing but a number: a phone number from a sheet. */
const PHONE = 4915112345;

/**
 * The kinds a field gets, from its type and its clean value. `asTyped`: the vendor sends the field
 * as typed, surrounding spaces included.
 */
export function kindsFor(spec: FieldSpec, clean: unknown, asTyped: boolean): ValueKind[] {
	// A value of a fixed collection's entry may be one the entry needs (a company name's language): missing.
	const nullMeans: Expectation = spec.required ? { kind: 'refused' } : spec.fixed ? { kind: 'absentOrRefused' } : { kind: 'absent' };
	const kinds: ValueKind[] = [{ name: 'null', value: null, expect: nullMeans }];
	const { type } = spec.property;
	const text = typeof clean === 'string' ? clean : undefined;
	const wrapped = (value: string) => `${NBSP} ${value}\t${NBSP}`;
	if (spec.group === 'options') {
		// Options configure the node and fall back to their defaults; they are read trimmed.
		if (clean !== undefined && clean !== '') kinds.push({ name: 'surrounding whitespace', value: wrapped(String(clean)), expect: { kind: 'same', as: clean } });
		return kinds;
	}
	if (type === 'boolean') {
		const on = clean === true;
		kinds.push(
			{ name: on ? '"TRUE"' : '"FALSE"', value: on ? 'TRUE' : 'FALSE', expect: { kind: 'same', as: on } },
			{ name: on ? '"True"' : '"false"', value: on ? 'True' : 'false', expect: { kind: 'same', as: on } },
			{ name: on ? '"1"' : '"0"', value: on ? '1' : '0', expect: { kind: 'same', as: on } },
			{ name: on ? 'the number 1' : 'the number 0', value: on ? 1 : 0, expect: { kind: 'same', as: on } },
			{ name: '"yes"', value: 'yes', expect: { kind: 'refused' } },
		);
		return kinds;
	}
	if (type === 'number') {
		kinds.push(
			{ name: 'numeric text', value: String(clean), expect: { kind: 'same', as: clean } },
			{ name: 'numeric text with spaces', value: wrapped(String(clean)), expect: { kind: 'same', as: clean } },
		);
		return kinds;
	}
	if (type === 'multiOptions') return kinds;
	if (type === 'json' || (type === 'options' && staticOptions(spec.property).length && !spec.fixed)) {
		if (text) kinds.push({ name: 'surrounding whitespace', value: wrapped(text), expect: { kind: 'same', as: clean } });
		return kinds;
	}
	// Text: a string field, a dropdown fed by the vendor (an ID by expression), a fixed collection's value.
	if (text) kinds.push({ name: 'surrounding whitespace', value: wrapped(text), expect: asTyped ? { kind: 'carried' } : { kind: 'same', as: clean } });
	if (isEmailField(spec)) {
		kinds.push({ name: 'a number', value: PHONE, expect: { kind: 'refused' } }, { name: 'very long text', value: LONG_TEXT, expect: { kind: 'refused' } });
		return kinds;
	}
	const numeric = text !== undefined && /^\d+$/.test(text) && String(Number(text)) === text;
	kinds.push(
		numeric ? { name: 'a number', value: Number(text), expect: { kind: 'same', as: text } } : { name: 'a number', value: PHONE, expect: { kind: 'same', as: String(PHONE) } },
		{ name: 'very long text', value: LONG_TEXT, expect: { kind: 'carriedOrRefused' } },
	);
	return kinds;
}

/** One value of an arbitrary, the same every run (the table is deterministic). */
export const sampleOf = <T>(arbitrary: fc.Arbitrary<T>, seed: number): T => fc.sample(arbitrary, { seed, numRuns: 1 })[0];
