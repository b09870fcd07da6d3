/**
 * Sync's plan: which person is created, updated, left alone, removed or skipped, and why, as plain
 * data computed from the roster and one full read of the vendor's users. Nothing here sends a
 * request: Preview outputs this plan, Apply carries it out (apply.ts). Terraform's plan/apply and
 * Google Cloud Directory Sync's simulation are the models.
 */
import type { IDataObject } from 'n8n-workflow';

import { identityKey } from '../directory';

export type SyncAction = 'created' | 'updated' | 'unchanged' | 'removed' | 'deactivated' | 'skipped' | 'failed';

/** What happens to users of the vendor who are in scope and not in the roster. */
export type NotInRoster = 'keep' | 'deactivate' | 'delete';

export type Changes = Record<string, { from: unknown; to: unknown }>;

/** One roster item: its index, the email it names and, when it is valid, the values it asks for. */
export interface RosterRow<Input = unknown> {
	itemIndex: number;
	/** The email as the row gives it (also for a row that failed validation), if it gives one. */
	email?: string;
	/** The validated row; absent when validation failed. */
	input?: Input;
	/** Why the row failed validation. */
	error?: Error;
}

/** How one vendor field is read from the vendor's user and compared with the roster's value. */
export interface FieldComparison {
	/** The vendor's field name, as `changes` reports it. */
	field: string;
	/** The value the vendor's user has now. */
	current(user: IDataObject): unknown;
	/** Whether the current value already is the roster's (default: sameValue). */
	equal?(current: unknown, wanted: unknown): boolean;
}

export interface Scope {
	/** Only emails in these domains (lower-case, without "@"); empty: every domain. */
	emailDomains: string[];
	/** Whether a vendor user is in the scope's role or group (unset: everyone). */
	includes?(user: IDataObject): boolean;
	/** Identity keys never touched: admins, the integration's own account. */
	neverTouch: Set<string>;
}

export interface MaxRemovals {
	/** At most this many removals; undefined: no count limit. */
	count?: number;
	/** At most this share of in-scope users, in percent; undefined: no percentage limit. */
	percent?: number;
}

export interface PlanEntry<User extends IDataObject = IDataObject, Input = unknown> {
	action: SyncAction;
	email: string;
	/** The roster item this person came from; undefined for a user who is not in the roster. */
	itemIndex?: number;
	changes: Changes;
	/** The vendor's user as read (before the change). */
	user?: User;
	input?: Input;
	/** Why a person is skipped or failed. */
	reason?: string;
	error?: Error;
}

export interface PlanOptions<User extends IDataObject, Input> {
	roster: Array<RosterRow<Input>>;
	/** Every live user of the vendor, read once. */
	users: User[];
	/** The roster's values for a valid row, keyed by vendor field; undefined values are not managed. */
	wanted(input: Input): Record<string, unknown>;
	fields: FieldComparison[];
	scope: Scope;
	notInRoster: NotInRoster;
	maxRemovals: MaxRemovals;
	/** Whether a listed user is deactivated already: as a leaver it is left alone (no write on re-runs). */
	isDeactivated?(user: User): boolean;
	/** A vendor's other natural key (OpsRamp's login name): the user it names must be the email's. */
	otherKey?: { name: string; ofInput(input: Input): string | undefined; ofUser(user: User): string | undefined };
}

export interface SyncPlan<User extends IDataObject = IDataObject, Input = unknown> {
	entries: Array<PlanEntry<User, Input>>;
	counts: Record<SyncAction, number>;
	/** Users of the vendor in the managed scope (the guard's percentage is of these). */
	inScope: number;
	/** Removals the roster asks for (before the guard). */
	removals: number;
	/** The most removals the guard allows. */
	removalLimit: number;
	/** Set when removals were held back, e.g. by a roster row without an email. */
	removalsHeld?: string;
}

/** Values compared as the vendor stores them: text trimmed, null and "" and undefined alike, lists and objects by content. */
export function sameValue(current: unknown, wanted: unknown): boolean {
	const blank = (value: unknown) => value === undefined || value === null || value === '';
	if (blank(current) && blank(wanted)) return true;
	if (typeof current === 'string' && typeof wanted === 'string') return current.trim() === wanted.trim();
	if (typeof current === 'number' || typeof wanted === 'number') return String(current).trim() === String(wanted).trim();
	if (typeof current === 'object' && typeof wanted === 'object' && current !== null && wanted !== null) {
		return JSON.stringify(sortKeys(current)) === JSON.stringify(sortKeys(wanted));
	}
	return current === wanted;
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
	}
	return value;
}

/** The fields where the user differs from what the roster asks; only fields the roster sets. */
export function diffUser(user: IDataObject, wanted: Record<string, unknown>, fields: FieldComparison[]): Changes {
	const changes: Changes = {};
	for (const comparison of fields) {
		if (!Object.hasOwn(wanted, comparison.field)) continue;
		const to = wanted[comparison.field];
		if (to === undefined) continue;
		const from = comparison.current(user);
		if (!(comparison.equal ?? sameValue)(from, to)) changes[comparison.field] = { from: from ?? null, to };
	}
	return changes;
}

/** Emails compare by the identity key; a change of letter case only is no change. */
export const sameEmailValue = (current: unknown, wanted: unknown) =>
	typeof current === 'string' && typeof wanted === 'string' ? identityKey(current) === identityKey(wanted) : sameValue(current, wanted);

function domainOf(key: string): string {
	return key.slice(key.lastIndexOf('@') + 1);
}

function inDomains(key: string, scope: Scope): boolean {
	return scope.emailDomains.length === 0 || scope.emailDomains.includes(domainOf(key));
}

/** The removals the guard allows out of `inScope` users. */
export function removalLimit(maxRemovals: MaxRemovals, inScope: number): number {
	const limits: number[] = [];
	if (maxRemovals.count !== undefined) limits.push(Math.max(0, Math.floor(maxRemovals.count)));
	if (maxRemovals.percent !== undefined) limits.push(Math.max(0, Math.floor((inScope * maxRemovals.percent) / 100)));
	return limits.length ? Math.min(...limits) : Number.POSITIVE_INFINITY;
}

const emptyCounts = (): Record<SyncAction, number> => ({ created: 0, updated: 0, unchanged: 0, removed: 0, deactivated: 0, skipped: 0, failed: 0 });

/**
 * The plan. Per roster row, in roster order, then per user not in the roster:
 * - a row that failed validation is `failed`; its email (if it has one) still counts as in the
 *   roster, so a bad row never makes its person a leaver;
 * - a second row for one email is `failed` (one person, one row);
 * - an email outside the scope's domains or on Never Touch, or a user outside the scope's role or
 *   group, is `skipped`;
 * - absent: `created`; present and different: `updated` with `changes`; else `unchanged`;
 * - a user in scope and not in the roster is `removed`/`deactivated` (per `notInRoster`), or
 *   `skipped` with *Keep*; removals are held (skipped) when the roster is empty or has a row without
 *   an email, since then nobody can tell who really left.
 * The guard is not applied here: `removals` and `removalLimit` say whether it trips (see guard.ts).
 */
export function planSync<User extends IDataObject, Input>(options: PlanOptions<User, Input>): SyncPlan<User, Input> {
	const { scope } = options;
	const byKey = new Map<string, User>();
	for (const user of options.users) if (typeof user.email === 'string') byKey.set(identityKey(user.email), user);
	const byOtherKey = new Map<string, User>();
	if (options.otherKey) {
		for (const user of options.users) {
			const key = options.otherKey.ofUser(user);
			if (key) byOtherKey.set(key.trim().toLowerCase(), user);
		}
	}
	const inRoster = new Set<string>();
	const entries: Array<PlanEntry<User, Input>> = [];
	let rowWithoutEmail = false;
	const touchable = (key: string, user: User | undefined): string | undefined => {
		if (scope.neverTouch.has(key)) return 'on the Never Touch list';
		if (!inDomains(key, scope)) return 'email domain outside the sync scope';
		if (user && scope.includes && !scope.includes(user)) return 'outside the sync scope (role or group)';
		return undefined;
	};

	for (const row of options.roster) {
		const email = typeof row.email === 'string' ? row.email.trim() : '';
		const key = email ? identityKey(email) : '';
		if (!key) rowWithoutEmail = true;
		const seen = key !== '' && inRoster.has(key);
		if (key) inRoster.add(key);
		const user = key ? byKey.get(key) : undefined;
		const base = { email, itemIndex: row.itemIndex, changes: {}, user };
		if (row.error || row.input === undefined) {
			entries.push({ ...base, action: 'failed', error: row.error, reason: row.error?.message ?? 'invalid roster row' });
			continue;
		}
		if (seen) {
			entries.push({ ...base, action: 'failed', reason: `the roster lists ${email} more than once: only its first row is synced` });
			continue;
		}
		const untouchable = touchable(key, user);
		if (untouchable) {
			entries.push({ ...base, action: 'skipped', input: row.input, reason: untouchable });
			continue;
		}
		if (options.otherKey) {
			const other = options.otherKey.ofInput(row.input)?.trim().toLowerCase();
			const owner = other ? byOtherKey.get(other) : undefined;
			if (owner && owner !== user) {
				const ownerEmail = typeof owner.email === 'string' ? owner.email : 'another user';
				entries.push({
					...base,
					action: 'failed',
					input: row.input,
					reason: `${options.otherKey.name} "${options.otherKey.ofInput(row.input)}" belongs to ${ownerEmail}, not to ${email}: fix the roster or the user, nothing was sent for this row`,
				});
				continue;
			}
		}
		if (!user) {
			entries.push({ ...base, action: 'created', input: row.input });
			continue;
		}
		const changes = diffUser(user, options.wanted(row.input), options.fields);
		entries.push({ ...base, action: Object.keys(changes).length ? 'updated' : 'unchanged', changes, input: row.input });
	}

	let inScope = 0;
	const leavers: User[] = [];
	for (const user of options.users) {
		if (typeof user.email !== 'string') continue;
		const key = identityKey(user.email);
		if (touchable(key, user)) continue;
		inScope += 1;
		if (inRoster.has(key)) continue;
		if (options.notInRoster === 'deactivate' && options.isDeactivated?.(user)) {
			entries.push({ action: 'unchanged', email: user.email, changes: {}, user, reason: 'not in the roster; already deactivated' });
		} else leavers.push(user);
	}
	let removalsHeld: string | undefined;
	if (options.notInRoster !== 'keep' && leavers.length) {
		if (options.roster.length === 0) removalsHeld = 'the roster is empty';
		else if (rowWithoutEmail) removalsHeld = 'a roster row has no email, so who left cannot be told';
	}
	const removing = options.notInRoster !== 'keep' && !removalsHeld;
	for (const user of leavers) {
		const email = String(user.email);
		if (removing) entries.push({ action: options.notInRoster === 'delete' ? 'removed' : 'deactivated', email, changes: {}, user });
		else entries.push({ action: 'skipped', email, changes: {}, user, reason: removalsHeld ? `not in the roster; kept because ${removalsHeld}` : 'not in the roster; kept (Users Not in Roster: Keep)' });
	}

	const counts = emptyCounts();
	for (const entry of entries) counts[entry.action] += 1;
	return {
		entries,
		counts,
		inScope,
		removals: removing ? leavers.length : 0,
		removalLimit: removalLimit(options.maxRemovals, inScope),
		...(removalsHeld ? { removalsHeld } : {}),
	};
}

/** Whether the plan removes more users than the guard allows. */
export function guardTrips(plan: SyncPlan<IDataObject, unknown>): boolean {
	return plan.removals > plan.removalLimit;
}

/** The guard's message: the counts, the limit, and how to go on. */
export function guardMessage(plan: SyncPlan<IDataObject, unknown>, vendorName: string, maxRemovals: MaxRemovals): { message: string; description: string } {
	const limits: string[] = [];
	if (maxRemovals.count !== undefined) limits.push(`${maxRemovals.count} users`);
	if (maxRemovals.percent !== undefined) limits.push(`${maxRemovals.percent} % of the ${plan.inScope} users in scope`);
	return {
		message: `Sync stopped before any change: it would remove ${plan.removals} of ${plan.inScope} ${vendorName} users in scope, more than Max Removals allows (${plan.removalLimit}: ${limits.join(' and ')})`,
		description:
			`Nothing was sent to ${vendorName}. Check that the roster is complete (a truncated export or a failed read makes everyone missing look like a leaver); run with Mode: Preview to see who would be removed. If the removals are intended, raise Options > Max Removals (Count or Percent) for this run.`,
	};
}

/** The plan's entries in output form, without the vendor's internals. */
export function entryJson(entry: PlanEntry, applied: boolean, user?: IDataObject): IDataObject {
	const json: IDataObject = { action: entry.action, email: entry.email, changes: entry.changes as IDataObject, applied };
	if (entry.reason) json.reason = entry.reason;
	const shown = user ?? entry.user;
	if (shown) json.user = shown;
	return json;
}
