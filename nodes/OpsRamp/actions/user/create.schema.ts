/**
 * What Create User accepts, keyed by the node's parameter names (which are the document's field
 * names), and the rules the document states. Fixed collections arrive wrapped by n8n
 * ({ value: {...} }, { notification: [...] }) and are unwrapped here, so zod paths, and with them
 * error labels, read as the body's fields.
 */
import { z } from 'zod';

import { emailAddress, oneOf, optionalBoolean, optionalEmail, optionalOneOf, optionalText, plainText, prepared, requiredText, requiredTextWith } from '../../../shared/schema';

/** The notification kinds of the document's example (and of the portal's notification preferences). */
export const NOTIFY_TYPES = ['Account Information', 'Alert Notification', 'Report Notification'] as const;
export const USER_ACCESS_TYPES = ['NOTIFICATION_USER', 'API_USER', 'PORTAL_USER'] as const;
export const USER_GROUP_TYPES = ['ALL', 'NONE'] as const;
export const USER_ACCOUNT_TYPES = ['REGULAR', 'BUSINESS'] as const;

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Free text is sent as typed, not trimmed: the document's own example sends "SEATTLE " with its
 * trailing space. Numbers (a zip or phone number from a sheet) are read as their text.
 */
const freeText = prepared(
	(value) => (isBlank(value) ? undefined : typeof value === 'number' ? String(value) : value),
	z.string({ invalid_type_error: 'must be text' }).optional(),
);

/**
 * "Password must have a minimum of 7 characters with at least: one number (0-9), one special
 * character (#,!, $,*), one lowercase (a-z), one uppercase (A-Z) character." The characters in
 * brackets are read as examples: the document's own example password, ChangeMe@1234, uses "@".
 * Messages never repeat the value.
 */
const password = prepared(
	(value) => (value === '' || value === undefined || value === null ? undefined : value),
	z
		.string({ invalid_type_error: 'must be text' })
		.min(7, 'must have at least 7 characters')
		.regex(/[0-9]/, 'must contain a number (0-9)')
		.regex(/[^A-Za-z0-9\s]/, 'must contain a special character such as # ! $ *')
		.regex(/[a-z]/, 'must contain a lowercase letter (a-z)')
		.regex(/[A-Z]/, 'must contain an uppercase letter (A-Z)')
		.optional(),
);

/** A list from a multi-select, a comma-separated text or a list of { name } objects. */
function listOf<T extends z.ZodTypeAny>(item: T) {
	return prepared(
		(value) => {
			if (isBlank(value)) return undefined;
			const list = typeof value === 'string' ? value.split(',') : value;
			if (!Array.isArray(list)) return list;
			const names = list
				.map((entry) => (entry && typeof entry === 'object' && 'name' in entry ? (entry as { name: unknown }).name : entry))
				.map((entry) => (typeof entry === 'string' ? entry.trim() : entry))
				.filter((entry) => entry !== '');
			return names.length ? names : undefined;
		},
		z.array(item, { invalid_type_error: 'must be a list' }).optional(),
	);
}

const names = listOf(plainText('must be names (text)'));

/** A fixed collection's single group ({ value: {...} }), or the object itself from an expression. */
function unwrapGroup(group: string) {
	return (value: unknown) => {
		if (isBlank(value)) return undefined;
		const inner = value && typeof value === 'object' && !Array.isArray(value) && group in value ? (value as Record<string, unknown>)[group] : value;
		if (inner && typeof inner === 'object' && !Array.isArray(inner) && Object.values(inner).every(isBlank)) return undefined;
		if (Array.isArray(inner) && inner.length === 0) return undefined;
		return inner;
	};
}

const timeZone = prepared(
	unwrapGroup('value'),
	z
		.object({ code: optionalText, name: optionalText }, { invalid_type_error: 'must be a code and a name' })
		.refine((zone) => zone.code !== undefined || zone.name !== undefined, 'needs a Code or a Name')
		.transform((zone) => ({ ...(zone.code ? { code: zone.code } : {}), ...(zone.name ? { name: zone.name } : {}) }))
		.optional(),
);

const notification = z
	.object({
		notifyType: requiredText,
		notifyMethod: requiredText,
		notifyInputType: optionalText,
		notifyRecurringReport: optionalBoolean,
	})
	.transform((entry) => ({
		notifyType: entry.notifyType,
		notifyMethod: entry.notifyMethod,
		...(entry.notifyInputType ? { notifyInputType: entry.notifyInputType } : {}),
		notifyRecurringReport: entry.notifyRecurringReport ?? false,
	}));

const userNotifications = prepared(
	unwrapGroup('notification'),
	z.array(notification, { invalid_type_error: 'must be a list of notifications' }).optional(),
);

/** A client ID such as client_16 or a partner ID such as msp_15 (or a UUID): a path segment. */
export const tenantIdSchema = requiredTextWith((text) => text.regex(/^[A-Za-z0-9_-]+$/, 'must be a client ID such as client_16 or a partner ID such as msp_15'));

/** The writable fields every user may have besides the four Create User requires. */
const optionalUserFields = {
	password,
	changePassword: optionalBoolean,
	designation: freeText,
	address: freeText,
	city: freeText,
	state: freeText,
	zip: freeText,
	country: optionalText,
	altEmail: optionalEmail,
	phoneNumber: freeText,
	mobileNumber: freeText,
	timeZone,
	userNotifications,
	roles: names,
	userGroups: names,
	userGroupType: optionalOneOf([...USER_GROUP_TYPES]),
	userAccountType: optionalOneOf([...USER_ACCOUNT_TYPES]),
	userAccessTypes: listOf(oneOf([...USER_ACCESS_TYPES])),
};

type UserRulesInput = { userAccessTypes?: string[]; userGroups?: string[]; userGroupType?: string };

/** The rules the document states across fields, for a create and for an update alike. */
function userRules(input: UserRulesInput, ctx: z.RefinementCtx): void {
	const access = input.userAccessTypes ?? [];
	if (access.includes('NOTIFICATION_USER') && (access.includes('API_USER') || access.includes('PORTAL_USER'))) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['userAccessTypes'],
			message: 'a notification user cannot also be an API or portal user',
		});
	}
	if (input.userGroups?.length && input.userGroupType) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['userGroups'],
			message: `must be empty when User Group Type is ${input.userGroupType}: specific user groups are given without a User Group Type`,
		});
	}
}

export const inputSchema = z
	.object({
		tenantId: tenantIdSchema,
		loginName: requiredText,
		firstName: requiredText,
		lastName: requiredText,
		email: emailAddress,
		...optionalUserFields,
	})
	.superRefine(userRules);

/** Update User's fields: every writable field, none required (an update sends only what was added). */
export const userFieldsSchema = z
	.object({
		loginName: optionalText,
		firstName: optionalText,
		lastName: optionalText,
		email: optionalEmail,
		...optionalUserFields,
	})
	.superRefine(userRules);
