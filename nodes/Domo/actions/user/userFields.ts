/**
 * The fields of Domo's user object, as Create and Update both send them: the UI definitions of the
 * optional fields and their schemas, in one place so both operations describe a field the same way.
 * https://developer.domo.com/docs/users-api-reference/users-2 (the user object)
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { optionalEmail, optionalText, prepared } from '../../../shared/schema';

export const ROLES = ['Admin', 'Privileged', 'Participant'] as const;

export const roleOptions = [
	{ name: 'Admin', value: 'Admin' },
	{ name: 'Participant', value: 'Participant' },
	{ name: 'Privileged', value: 'Privileged' },
];

/**
 * Text sent as given, blank included: Domo's own example sends an empty timezone and locale,
 * which leaves the instance's default in place.
 */
export const textKeptBlank = prepared(
	(value) => (value === null ? undefined : typeof value === 'number' && Number.isFinite(value) ? String(value) : value),
	z.string({ invalid_type_error: 'must be text' }).trim().optional(),
);

const LEADING_ZERO = 'starts with 0, which Domo would drop: it keeps employee numbers as whole numbers (023432 would become 23432). Enter it without the leading zero';

/**
 * The document types employeeNumber as a string in one table and an integer in the body and the
 * answer; its example sends a number, so a number goes on the wire. Numeric text (from a sheet) is
 * accepted only where the number keeps every character: text with a leading zero ("023432") or
 * more digits than a number holds exactly is refused with a message, never sent shortened.
 */
export const employeeNumber = z.preprocess(
	(value, context) => {
		if (value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
		if (typeof value !== 'string') return value;
		const text = value.trim();
		if (/^0\d+$/.test(text)) {
			context.addIssue({ code: z.ZodIssueCode.custom, message: LEADING_ZERO });
			return z.NEVER;
		}
		return /^\d+$/.test(text) ? Number(text) : value;
	},
	z
		.number({ invalid_type_error: 'must be a whole number' })
		.int('must be a whole number')
		.nonnegative('must be a whole number')
		.max(Number.MAX_SAFE_INTEGER, 'is too large')
		.optional(),
);

/** Schemas of the optional fields, keyed as on the wire. */
export const optionalFieldSchemas = {
	title: optionalText,
	alternateEmail: optionalEmail,
	phone: optionalText,
	location: optionalText,
	timezone: textKeptBlank,
	locale: textKeptBlank,
	employeeNumber,
};

export type OptionalFieldName = keyof typeof optionalFieldSchemas;

export const optionalFields: Array<INodeProperties & { name: OptionalFieldName }> = [
	{
		displayName: 'Alternate Email',
		name: 'alternateEmail',
		type: 'string',
		default: '',
		placeholder: 'e.g. name@email.com',
		description: "User's secondary email in profile",
	},
	{
		displayName: 'Employee Number',
		name: 'employeeNumber',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 0,
		placeholder: 'e.g. 23432',
		description:
			'Employee number within company. Sent as a whole number, as in Domo\'s example; numeric text such as "23432" is accepted. Text with a leading zero ("023432") is refused: Domo would drop the zero.',
	},
	{
		displayName: 'Locale',
		name: 'locale',
		type: 'string',
		default: '',
		placeholder: 'e.g. en-US',
		description:
			"Locale used to display to user the system settings throughout Domo application. Left empty, it is sent empty, as in Domo's example, and the instance default applies.",
	},
	{
		displayName: 'Location',
		name: 'location',
		type: 'string',
		default: '',
		placeholder: 'e.g. American Fork',
		description: 'Free text that can be used to define office location (e.g. City, State, Country)',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. 888-361-1078',
		description: 'Primary phone number of user',
	},
	{
		displayName: 'Timezone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'e.g. America/Denver',
		description:
			"Time zone used to display to user the system times throughout Domo application. Left empty, it is sent empty, as in Domo's example, and the instance default applies.",
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Software Engineer',
		description: "User's job title",
	},
];

/** The user object's writable fields, in the order of Domo's example. */
export const USER_BODY_FIELDS = ['title', 'email', 'alternateEmail', 'role', 'phone', 'name', 'location', 'timezone', 'locale', 'employeeNumber'] as const;

/** A create or update body: the documented fields of `record` that are set, nothing else. */
export function userBody(record: Record<string, unknown>): IDataObject {
	const body: IDataObject = {};
	for (const field of USER_BODY_FIELDS) {
		if (record[field] !== undefined && record[field] !== null) body[field] = record[field] as IDataObject[string];
	}
	return body;
}
