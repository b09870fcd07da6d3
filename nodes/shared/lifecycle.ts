import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { UserSelector } from './directory';
import { isNotFound } from './directory';
import { emailAddress, requiredText } from './schema';

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

/** The schema of the selector, to spread into an operation's z.object. */
export const userSelectorSchema = z.discriminatedUnion('findBy', [
	z.object({ findBy: z.literal('id'), userId: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), requiredText) }),
	z.object({ findBy: z.literal('email'), email: emailAddress }),
], { errorMap: () => ({ message: 'must be "email" or "id"' }) });

/** Reads Find User By and the one field it shows (n8n drops the hidden one). */
export function readUserSelector(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const findBy = ctx.getNodeParameter('findBy', itemIndex, 'email');
	if (findBy === 'id') return { findBy, userId: ctx.getNodeParameter('userId', itemIndex, undefined) };
	return { findBy, email: ctx.getNodeParameter('email', itemIndex, undefined) };
}

/** How the selector reads in a message: `email "a@b.c"` or `ID "42"`. */
export function describeSelector(selector: UserSelector): string {
	return selector.findBy === 'id' ? `ID "${selector.userId}"` : `email "${selector.email}"`;
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
 * answer saying the thing is already gone counts as done. Returns whether it was already gone.
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
	if (alreadyGone(failure)) return { alreadyAbsent: true };
	throw failure;
}

/** Delete's output: what was asked and what was found, never an error for a user already gone. */
export function deletedOutput(selector: UserSelector, outcome: { alreadyAbsent: boolean; id?: unknown }): IDataObject {
	const output: IDataObject = { deleted: true, alreadyAbsent: outcome.alreadyAbsent };
	if (outcome.id !== undefined) output.id = outcome.id as IDataObject[string];
	if (selector.findBy === 'email') output.email = selector.email;
	else output.id ??= selector.userId;
	return output;
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
