/**
 * Sync's execute(): read the roster (every input item), read the vendor's users once, plan, check
 * the removal guard, then output the plan (Preview) or carry it out (Apply) through the vendor's
 * requests on the shared transport. One output item per person, paired with their roster item;
 * a user not in the roster is paired with the first roster item (n8n needs a pairing for
 * `$('Sync').item` in later nodes, and every item of the roster made that decision together).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inTurn } from '../concurrency';
import type { CommonOptions } from '../fields';
import type { GroupChanges } from './groups';
import { groupChanges, groupChangesJson, groupsToRead, hasGroupChanges } from './groups';
import type { SyncSettings } from './options';
import { readSyncSettings, splitList } from './options';
import type { PlanEntry, RosterRow, SyncPlan } from './plan';
import { entryJson, guardMessage, guardTrips, planSync } from './plan';
import type { SyncVendor } from './vendor';
import { createOrUpdate } from './vendor';

/** Whether the node runs as an AI agent's tool (n8n's `...Tool` variant of the node type). */
export function runsAsTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

interface Row<Input> extends RosterRow<Input> {
	groups?: string[];
}

function asItemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error), { itemIndex });
}

/** A failed item's fields, as the runner gives them: the message, the vendor's words, the HTTP code. */
function failureJson(error: Error): IDataObject {
	const json: IDataObject = { error: error.message };
	const { description } = error as { description?: string | null };
	if (description) json.description = description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

/**
 * Under Continue On Fail, a failure before any write (the directory read, a member list, the
 * guard) fails every roster row with the same error, each paired with its row: n8n would otherwise
 * pass the roster through as the node's output, with no error and no action to route on.
 */
function failEveryRow<Input>(rows: Array<Row<Input>>, error: Error): INodeExecutionData[][] {
	return [rows.map((row) => ({ json: { action: 'failed', email: row.email, ...failureJson(error) }, pairedItem: { item: row.itemIndex } }))];
}

/** A group ID shown in a message: quoted, cut short. */
const shownId = (id: string) => JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}...` : id);

/**
 * Every roster row, validated with the vendor's Create schema and its Group IDs with the vendor's
 * rule for an ID, before any request; a bad row keeps its email.
 */
function readRoster<Input>(
	ctx: IExecuteFunctions,
	parse: (i: number) => Input,
	groupRule: { invalidId?(groupId: string): string | undefined } | undefined,
	continueOnFail: boolean,
): Array<Row<Input>> {
	const withGroups = groupRule !== undefined;
	const rows: Array<Row<Input>> = [];
	const configured = ctx.getNode().parameters.groupIds;
	const groupsConfigured = typeof configured === 'string' && configured.trim() !== '';
	for (let i = 0; i < ctx.getInputData().length; i++) {
		const raw = ctx.getNodeParameter('email', i, undefined) as unknown;
		const email = typeof raw === 'string' ? raw.trim() : undefined;
		// Once Group IDs is set (e.g. to a roster column), each row's value is its whole list: an
		// empty cell means "in none of the managed groups". Left empty, groups are not synced.
		const given = withGroups && groupsConfigured ? ctx.getNodeParameter('groupIds', i, '') : undefined;
		const groups = given === undefined ? undefined : splitList(given);
		try {
			const input = parse(i);
			// An object (a mapping mistake) would read as "no groups", and take the person out of every managed group.
			if (given !== undefined && given !== null && !['string', 'number'].includes(typeof given) && !Array.isArray(given)) {
				throw new NodeOperationError(ctx.getNode(), `Invalid "Group IDs" in item ${i}: must be text, group IDs separated by commas`, { itemIndex: i, description: 'No request was sent for this item.' });
			}
			const bad = groups?.find((id) => groupRule?.invalidId?.(id) !== undefined);
			if (bad !== undefined) {
				throw new NodeOperationError(ctx.getNode(), `Invalid "Group IDs" in item ${i}: ${shownId(bad)} ${groupRule!.invalidId!(bad)}`, {
					itemIndex: i,
					description: 'No request was sent for this item.',
				});
			}
			rows.push({ itemIndex: i, email, input, groups });
		} catch (error) {
			const itemError = asItemError(ctx, error, i);
			// Without Continue On Fail a bad row stops the node before any request, as every operation does.
			if (!continueOnFail) throw itemError;
			rows.push({ itemIndex: i, email, error: itemError });
		}
	}
	return rows;
}

interface Work<User extends IDataObject, Input> {
	entry: PlanEntry<User, Input>;
	groups?: GroupChanges;
}

export async function runSync<User extends IDataObject, Input>(
	ctx: IExecuteFunctions,
	vendor: SyncVendor<User, Input>,
	parse: (i: number) => Input,
	options: CommonOptions,
	settings: SyncSettings = readSyncSettings(ctx),
): Promise<INodeExecutionData[][]> {
	const continueOnFail = ctx.continueOnFail();
	const asTool = runsAsTool(ctx);
	// An agent's tool never changes users on a model's say-so: there Sync is always a preview.
	const apply = settings.mode === 'apply' && !asTool;
	const rows = readRoster(ctx, parse, vendor.groups, continueOnFail);
	if (rows.length === 0) return [[]];
	// The options' group IDs, checked before any request as the rows' are; under Continue On Fail
	// every row fails with the error, as with any failure before a write.
	for (const [label, ids] of [['Managed Groups', settings.managedGroups], ['Group', settings.scopeGroup === undefined ? [] : [settings.scopeGroup]]] as const) {
		const bad = ids.find((id) => vendor.groups?.invalidId?.(id) !== undefined);
		if (bad === undefined) continue;
		const error = new NodeOperationError(ctx.getNode(), `Invalid "Options > ${label}" in item 0: ${shownId(bad)} ${vendor.groups!.invalidId!(bad)}`, {
			itemIndex: 0,
			description: 'Fix the option; no request was sent.',
		});
		if (!continueOnFail) throw error;
		return failEveryRow(rows, error);
	}

	const groups = vendor.groups;
	const members = new Map<string, Set<string>>();
	let users: User[];
	// Errors before any write are node errors (the transport's, or ours): under Continue On Fail
	// every row fails with them, otherwise the node does.
	let readFailure: unknown;
	try {
		users = await vendor.directory.readAll(0);
		const groupIds = groups ? groupsToRead(rows.map((row) => (row.input ? row.groups : undefined)), settings.managedGroups) : [];
		if (groups && settings.scopeGroup !== undefined) groupIds.push(settings.scopeGroup);
		// Every group ID was checked with the vendor's rule before (the rows' and the options').
		for (const groupId of new Set(groupIds)) members.set(groupId, await groups!.memberIds(groupId, 0));
	} catch (error) {
		readFailure = error;
		users = [];
	}
	if (readFailure !== undefined) {
		const error = asItemError(ctx, readFailure, 0);
		if (!continueOnFail) throw error;
		return failEveryRow(rows, error);
	}
	const role = settings.scopeRole?.toLowerCase();
	const includes = (user: IDataObject): boolean => {
		if (role !== undefined) {
			const roles = [vendor.roleOf?.(user as User)].flat().map((value) => String(value ?? '').toLowerCase());
			if (!roles.includes(role)) return false;
		}
		if (settings.scopeGroup !== undefined && !members.get(settings.scopeGroup)?.has(String(user.id))) return false;
		return true;
	};
	const plan: SyncPlan<User, Input> = planSync<User, Input>({
		roster: rows,
		users,
		wanted: (input) => vendor.wanted(input),
		fields: vendor.fields,
		scope: {
			emailDomains: settings.emailDomains,
			neverTouch: settings.neverTouch,
			...(role !== undefined || settings.scopeGroup !== undefined ? { includes } : {}),
		},
		notInRoster: settings.notInRoster,
		maxRemovals: settings.maxRemovals,
		isDeactivated: vendor.isDeactivated,
		otherKey: vendor.otherKey,
	});

	const groupsOf = new Map(rows.map((row) => [row.itemIndex, row.groups]));
	const work: Array<Work<User, Input>> = plan.entries.map((entry) => {
		if (!groups || !['created', 'updated', 'unchanged'].includes(entry.action)) return { entry };
		const changes = groupChanges(groupsOf.get(entry.itemIndex!), entry.user ? String(entry.user.id) : undefined, members, settings.managedGroups);
		if (hasGroupChanges(changes)) {
			entry.changes = { ...entry.changes, groups: groupChangesJson(changes) as never };
			if (entry.action === 'unchanged') entry.action = 'updated';
		}
		return { entry, groups: changes };
	});

	const tripped = guardTrips(plan);
	if (tripped && apply) {
		const { message, description } = guardMessage(plan, vendor.name, settings.maxRemovals);
		const error = new NodeOperationError(ctx.getNode(), message, { description });
		if (!continueOnFail) throw error;
		return failEveryRow(rows, error);
	}

	const outputs = new Map<Work<User, Input>, IDataObject>();
	if (apply) {
		let failure: Error | undefined;
		const writes = work.filter(({ entry }) => ['created', 'updated', 'removed', 'deactivated'].includes(entry.action));
		// Each write runs as its roster item (a removal as item 0) on the runner's scheduling.
		const write = async (item: Work<User, Input>): Promise<boolean> => {
			try {
				outputs.set(item, await applyEntry(vendor, item));
			} catch (error) {
				const itemError = asItemError(ctx, error, item.entry.itemIndex ?? 0);
				if (!continueOnFail) failure ??= itemError;
				outputs.set(item, {
					...entryJson({ ...item.entry, action: 'failed', reason: itemError.message }, false),
					...failureJson(itemError),
					plannedAction: item.entry.action,
				});
			}
			// Every write sends a request.
			return true;
		};
		await inTurn(writes.length, options, async (position) => await write(writes[position]), () => failure !== undefined, (position) => writes[position].entry.itemIndex ?? 0);
		if (failure) throw failure;
	}

	return [
		work.map((item) => {
			const { entry } = item;
			let json = outputs.get(item) ?? entryJson(entry, false);
			if (!apply) {
				json = { ...json, mode: 'preview' };
				if (asTool && settings.mode === 'apply') json.note = 'Sync runs as a preview when an AI agent calls it: nothing was changed.';
				if (tripped && (entry.action === 'removed' || entry.action === 'deactivated')) json.blockedByGuard = true;
			}
			if (entry.action === 'failed' && entry.error) json.error = entry.error.message;
			return { json, pairedItem: { item: entry.itemIndex ?? 0 } };
		}),
	];
}

/** Carries out one person's part of the plan; returns their output item. */
async function applyEntry<User extends IDataObject, Input>(vendor: SyncVendor<User, Input>, { entry, groups }: Work<User, Input>): Promise<IDataObject> {
	const itemIndex = entry.itemIndex ?? 0;
	if (entry.action === 'removed' || entry.action === 'deactivated') {
		const remove = entry.action === 'removed' ? vendor.remove?.delete : vendor.remove?.deactivate;
		if (!remove) throw new Error(`${vendor.name} cannot ${entry.action === 'removed' ? 'delete' : 'deactivate'} users`);
		await remove(entry.user!, itemIndex);
		if (entry.action === 'removed') vendor.directory.forget(entry.user!);
		return entryJson(entry, true);
	}
	const result = await createOrUpdate(vendor, entry.input as Input, itemIndex, { user: entry.user });
	if (groups && vendor.groups) {
		for (const groupId of groups.add) await vendor.groups.add(groupId, result.user, itemIndex);
		for (const groupId of groups.remove) await vendor.groups.remove(groupId, result.user, itemIndex);
	}
	return entryJson(entry, true, result.user);
}
