import { z } from 'zod';

import { optionalBoolean, prepared, requiredText, requiredTextWith } from '../../../shared/schema';

/**
 * Zod readers for Luzmo's structured properties as the node's UI hands them. A field that was
 * added but left empty reads as not given, so it is left out of the request.
 */

const nonEmpty = <T>(value: T[] | Record<string, unknown> | undefined) =>
	value === undefined || (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0) ? undefined : value;

/**
 * The entries of a fixed collection with multiple values: n8n gives `{ <group>: [entry, ...] }`, or
 * `{}` when no entry was added. Issue paths stay `[field, index, key]`, so an error names the entry.
 */
function fixedCollectionEntries<T extends z.ZodTypeAny>(group: string, entry: T) {
	return prepared(
		(value) => {
			if (value === undefined || value === null || value === '') return undefined;
			if (typeof value === 'object' && !Array.isArray(value)) return (value as Record<string, unknown>)[group] ?? [];
			return value;
		},
		z.array(entry, { invalid_type_error: 'must be a list of entries' }).optional(),
	).transform((entries) => nonEmpty(entries) as Array<z.output<T>> | undefined);
}

/**
 * A free-form JSON object: the text of a JSON field, or an object an expression resolved to.
 * Broken JSON, arrays and other values are refused.
 */
export const optionalJsonObject = z
	.preprocess(
		(value, ctx) => {
			if (value === null) return undefined;
			if (typeof value !== 'string') return value;
			const text = value.trim();
			if (!text) return undefined;
			try {
				return JSON.parse(text) as unknown;
			} catch {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not valid JSON' });
				return z.NEVER;
			}
		},
		z.record(z.string(), z.unknown(), { invalid_type_error: 'must be a JSON object, e.g. {"key": "value"}' }).optional(),
	)
	.transform((value) => nonEmpty(value) as Record<string, unknown> | undefined);

const LANGUAGE_CODE = /^[a-z]{2,3}([_-][a-z0-9]{2,8})*$/i;

/**
 * Luzmo's multilingual string: an object keyed by language code, e.g. `{ "en": "Company Name" }`,
 * entered as entries of a language code and a text; each code may appear once.
 */
export const optionalMultilingualText = fixedCollectionEntries(
	'translations',
	z.object({
		language: requiredTextWith((text) => text.regex(LANGUAGE_CODE, 'must be a language code such as en, fr or zh_cn')),
		text: requiredText,
	}),
)
	.superRefine((entries, ctx) => {
		const seen = new Set<string>();
		entries?.forEach((entry, index) => {
			const code = entry.language.toLowerCase();
			if (seen.has(code)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'language'], message: `"${entry.language}" is given twice` });
			seen.add(code);
		});
	})
	.transform((entries) => (entries ? Object.fromEntries(entries.map((entry) => [entry.language, entry.text])) : undefined));

/** A list of strings entered one entry at a time, each entry `{ <key>: text }`. */
export function optionalTextList(group: string, key: string) {
	return fixedCollectionEntries(group, z.object({ [key]: requiredText })).transform((entries) =>
		entries?.map((entry) => entry[key] as string),
	);
}

/**
 * Feature overrides: Luzmo takes a list of flag names where a leading `!` turns the feature off
 * (`["!flag_alerting", "flag_opendataboard"]`). Entries give the flag and whether it is on; a flag
 * typed with its own `!` would contradict the switch, so it is refused with a pointer to the switch.
 */
export const optionalFeatureOverrides = fixedCollectionEntries(
	'overrides',
	z.object({
		flag: requiredText.refine((flag) => !flag.startsWith('!'), 'starts with "!": enter the flag\'s name and turn Enabled off instead'),
		enabled: optionalBoolean,
	}),
).transform((entries) => entries?.map((entry) => (entry.enabled === false ? `!${entry.flag}` : entry.flag)));
