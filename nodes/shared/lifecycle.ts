import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { UserSelector } from './directory';
import { isNotFound } from './directory';
import { emailAddress, isNotSet, optionalOneOf, requiredText } from './schema';
import { mayHaveActedBefore } from './transport';

export type { UserSelector } from './directory';
export { isNotFound } from './directory';

/**
 * Mechanics shared by the operations after Create User: choosing a user by ID or email, treating
 * "already gone" as done, and Update's "only the fields the user added" rule.
 */

/** "Find User By" and the ID or Email field it shows. Texts are the vendor's: what its ID looks like. */
export function userSelectorProperties(vendor: { name: string; idPlaceholder: string; idDescription: string; emailNote?: string }): INodeProperties[] {
	return [
		{
			displayName: 'Find User By',
			name: 'findBy',
			type: 'options',
			options: [
				{ name: 'Email', value: 'email', description: `The email the user signs in with${vendor.emailNote ? `. ${vendor.emailNote}` : ''}` },
				{ name: 'ID', value: 'id', description: `The user's ${vendor.name} ID` },
			],
			default: 'email',
			description: 'Whether to find the user by their email or by their ID',
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			displayOptions: { show: { findBy: ['id'] } },
			default: '',
			placeholder: vendor.idPlaceholder,
			description: vendor.idDescription,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			required: true,
			displayOptions: { show: { findBy: ['email'] } },
			default: '',
			placeholder: 'e.g. name@email.com',
			description: "The user's email, compared trimmed and case-insensitively",
		},
	];
}

/**
 * Find User By as an expression may give it: surrounding whitespace ignored (" email " is email),
 * and not set (null, blank) is the field's default, Email.
 */
export const trimFindBy = (value: unknown): unknown => {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const { findBy } = value as { findBy?: unknown };
	if (isNotSet(findBy)) return { ...value, findBy: 'email' };
	return typeof findBy === 'string' ? { ...value, findBy: findBy.trim() } : value;
};

/** The schema of the selector, to spread into an operation's z.object. */
export const userSelectorSchema = z.preprocess(
	trimFindBy,
	z.discriminatedUnion('findBy', [z.object({ findBy: z.literal('id'), userId: requiredText }), z.object({ findBy: z.literal('email'), email: emailAddress })], {
		errorMap: () => ({ message: 'must be "email" or "id"' }),
	}),
);

/** Reads Find User By and the one field it shows (n8n drops the hidden one). */
export function readUserSelector(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const findBy = ctx.getNodeParameter('findBy', itemIndex, 'email');
	if (typeof findBy === 'string' && findBy.trim() === 'id') return { findBy, userId: ctx.getNodeParameter('userId', itemIndex, undefined) };
	return { findBy, email: ctx.getNodeParameter('email', itemIndex, undefined) };
}

/** How the selector reads in a message: `email "a@b.c"` or `ID "42"`; a very long value is cut short. */
export function describeSelector(selector: UserSelector): string {
	const value = selector.findBy === 'id' ? selector.userId : selector.email;
	const shown = value.length > 100 ? `${value.slice(0, 60)}..." (${value.length} characters)` : `${value}"`;
	return selector.findBy === 'id' ? `ID "${shown}` : `email "${shown}`;
}

/** A clear per-item error for an operation that needs the user to exist (Get, Update, Add to Group). */
export function userNotFound(ctx: IExecuteFunctions, vendorName: string, selector: UserSelector, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `No ${vendorName} user with ${describeSelector(selector)} (item ${itemIndex})`, {
		itemIndex,
		description:
			selector.findBy === 'email'
				? `Check the email, or create the user first. Nothing was changed in ${vendorName}.`
				: `Check the ID (Get Many lists users with their IDs). Nothing was changed in ${vendorName}.`,
	});
}

/**
 * Runs a removal (delete a user, take a user out of a group) so that re-running it is safe: an
 * answer saying the thing is already gone counts as done. Returns whether it was already gone:
 * a "gone" answer to a repeat sent after an earlier attempt may have acted (its answer lost, or a
 * 5xx) is that attempt's effect, not a thing that was never there.
 */
export async function removeIdempotently(remove: () => Promise<unknown>, alreadyGone: (error: unknown) => boolean = isNotFound): Promise<{ alreadyAbsent: boolean }> {
	// Errors from remove() are already node errors built by the transport; they leave unchanged.
	let failure: unknown;
	try {
		await remove();
		return { alreadyAbsent: false };
	} catch (error) {
		failure = error;
	}
	if (alreadyGone(failure)) return { alreadyAbsent: !mayHaveActedBefore(failure) };
	throw failure;
}

/**
 * Delete's output (or Deactivate's, Terminate's: `field` names the effect): what was asked and
 * what was found. `<field>: true` only when this run removed the user; a user who was not there
 * gives `<field>: false` with `alreadyAbsent: true`.
 */
export function deletedOutput(selector: UserSelector, outcome: { alreadyAbsent: boolean; id?: unknown }, field = 'deleted'): IDataObject {
	const output: IDataObject = { [field]: !outcome.alreadyAbsent, alreadyAbsent: outcome.alreadyAbsent };
	if (outcome.id !== undefined) output.id = outcome.id as IDataObject[string];
	if (selector.findBy === 'email') output.email = selector.email;
	else output.id ??= selector.userId;
	return output;
}

export const IF_NOT_FOUND = ['succeed', 'error'] as const;
export type IfNotFound = (typeof IF_NOT_FOUND)[number];

/**
 * If Not Found, on every removal (Delete, Deactivate, Terminate, Remove From Group): what a user
 * (or membership) that is not there means. `what` names it as the operation sees it.
 */
export function ifNotFoundProperty(what: { thing: string; field: string }): INodeProperties {
	return {
		displayName: 'If Not Found',
		name: 'ifNotFound',
		type: 'options',
		options: [
			{
				name: 'Error',
				value: 'error',
				description: `Fail the item when the ${what.thing} is not there, e.g. to notice a mistyped email`,
			},
			{
				name: 'Succeed (Already Removed)',
				value: 'succeed',
				description: `Output ${what.field}: false with alreadyAbsent: true, so the flow can run again safely`,
			},
		],
		default: 'succeed',
		description: `What to do when the ${what.thing} is not there: already removed, or never there (a typo)`,
	};
}

/** The schema of If Not Found, to spread into an operation's z.object: Succeed unless Error is chosen. */
export const ifNotFoundField = { ifNotFound: optionalOneOf([...IF_NOT_FOUND]).transform((value): IfNotFound => value ?? 'succeed') };

/** Reads item i's If Not Found, to spread into the operation's input. */
export function readIfNotFound(ctx: IExecuteFunctions, itemIndex: number): { ifNotFound: unknown } {
	return { ifNotFound: ctx.getNodeParameter('ifNotFound', itemIndex, 'succeed') };
}

/**
 * The outcome of a removal that found nothing to remove: with If Not Found "Succeed", `output`
 * (which says nothing was removed); with "Error", a per-item error that names what is missing.
 */
export function nothingToRemove(
	ctx: IExecuteFunctions,
	removal: { vendorName: string; ifNotFound: IfNotFound; itemIndex: number; missing: string },
	output: IDataObject,
): IDataObject {
	if (removal.ifNotFound !== 'error') return output;
	throw new NodeOperationError(ctx.getNode(), `${removal.missing} (item ${removal.itemIndex})`, {
		itemIndex: removal.itemIndex,
		description: `If Not Found is set to Error. Check it for a typo; nothing was changed in ${removal.vendorName}. Set If Not Found to Succeed (Already Removed) to count it as done.`,
	});
}

/** How a missing user reads in the error of If Not Found: Error, e.g. `No Domo user with email "a@b.c"`. */
export function noSuchUser(vendorName: string, selector: UserSelector): string {
	return `No ${vendorName} user with ${describeSelector(selector)}`;
}

/** The Update Fields collection, its options sorted by display name as n8n's guidelines ask. */
export function updateFieldsProperty(fields: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Reads item i's Update Fields as the user added them (nothing added: an empty object). */
export function readUpdateFields(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {});
	return fields && typeof fields === 'object' && !Array.isArray(fields) ? { ...(fields as Record<string, unknown>) } : {};
}

/**
 * Wraps an Update Fields schema so that an update with nothing to change is refused before any
 * request, under the collection's label.
 */
export function someUpdate<S extends z.ZodTypeAny>(fields: S) {
	return z.preprocess((value) => value ?? {}, fields).superRefine((value, context) => {
		const changed = Object.values((value ?? {}) as Record<string, unknown>).some((field) => field !== undefined);
		if (!changed) context.addIssue({ code: z.ZodIssueCode.custom, message: 'add at least one field to change', path: [] });
	});
}

/** The fields of `changes` that are set (the ones the user added), over the current record. */
export function mergeChanges<Record_ extends IDataObject>(current: Record_, changes: IDataObject): Record_ {
	const merged: IDataObject = Object.assign({}, current);
	for (const [key, value] of Object.entries(changes)) if (value !== undefined) merged[key] = value;
	return merged as Record_;
}
