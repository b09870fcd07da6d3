/**
 * What the Domo operations after Create User share: how a user and a group are chosen, their
 * schemas, the Options collection, and the wording of the outputs.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { requestOptionsProperty } from '../../shared/fields';
import type { UserSelector } from '../../shared/lifecycle';
import { collectPages } from '../../shared/pager';
import { userSelectorProperties, userSelectorSchema } from '../../shared/lifecycle';
import { requiredTextWith } from '../../shared/schema';
import type { ApiSession } from '../../shared/transport';
import type { DomoGroup } from '../transport';
import { GROUP_PAGE_SIZE } from '../transport';

/** Domo's IDs are whole numbers (the user object's `id` is an integer, as is a group's). */
const WHOLE_NUMBER = /^\d+$/;

const CONCURRENCY_NOTE = 'Domo allows about 3,000 requests per minute per instance; 429 answers are retried after the Retry-After wait.';

export const domoRequestOptions = (): INodeProperties => requestOptionsProperty({ name: 'Domo', concurrencyNote: CONCURRENCY_NOTE });

export const domoUserSelector = (): INodeProperties[] =>
	userSelectorProperties({
		name: 'Domo',
		idPlaceholder: 'e.g. 959463190',
		idDescription: "The user's Domo ID, a whole number (Get Many lists users with their IDs)",
		emailNote: 'Domo has no email search: the node reads the user directory (500 users a request) once per execution',
	});

/** Find User By, with a Domo user ID checked to be a whole number before it goes into a path. */
export const domoUserSelectorSchema = userSelectorSchema.superRefine((selector, context) => {
	if (selector.findBy === 'id' && !WHOLE_NUMBER.test(selector.userId)) {
		context.addIssue({ code: z.ZodIssueCode.custom, path: ['userId'], message: 'must be a whole number (a Domo user ID)' });
	}
});

/** A Domo group ID: a whole number, given as a number or as text; null or blank is missing. */
export const groupIdSchema = requiredTextWith((text) => text.regex(WHOLE_NUMBER, 'must be a whole number (a Domo group ID)'));

export const groupIdProperty = (action: string): INodeProperties => ({
	displayName: 'Group Name or ID',
	name: 'groupId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getGroups' },
	required: true,
	default: '',
	description: `The group to ${action}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
});

/** What a membership output says about the user: their ID, and the email they were found by. */
export function membershipOutput(selector: UserSelector, groupId: string, userId: unknown, outcome: IDataObject): IDataObject {
	const output: IDataObject = { ...outcome, groupId };
	if (userId !== undefined) output.userId = userId as IDataObject[string];
	if (selector.findBy === 'email') output.email = selector.email;
	else output.userId ??= selector.userId;
	return output;
}

/** One page of a Domo list (users, groups): `limit` and `offset` in the query, a bare array back. */
export async function readPage<T>(session: ApiSession, path: string, page: { offset: number; size: number }, itemIndex: number): Promise<T[]> {
	const answer = await session.request<unknown>({ method: 'GET', path, qs: { limit: page.size, offset: page.offset }, idempotent: true }, itemIndex);
	return Array.isArray(answer) ? (answer as T[]) : [];
}

/** The instance's groups (GET /v1/groups), for Group > Get Many and the Group dropdown. */
export async function listGroups(session: ApiSession, paging: { returnAll: boolean; limit: number }, itemIndex: number): Promise<DomoGroup[]> {
	return await collectPages<DomoGroup>(
		{
			...paging,
			maxPageSize: GROUP_PAGE_SIZE,
			key: (group) => (group as DomoGroup | undefined)?.id,
			// A group Domo lists as deleted is no group to choose.
			keep: (group) => (group as DomoGroup | undefined)?.deleted !== true,
		},
		async ({ offset, size }) => ({ items: await readPage<DomoGroup>(session, '/v1/groups', { offset, size }, itemIndex) }),
	);
}
