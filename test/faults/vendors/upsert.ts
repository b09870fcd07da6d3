/**
 * User → Create or Update and User → Sync as rows, built the same way for every vendor from what
 * differs: Create's fields, how a person is seeded, the one field a roster changes, the vendor's
 * create, update and removal requests and how each may be sent again (its Create, Update and
 * Delete or Deactivate rows say the same), and how a removal shows in the sandbox.
 * - Create or Update: item 0 is a new person (created, once: a lost answer is looked up before any
 *   resend); every other item an existing user whose one field differs (updated).
 * - Sync (Mode: Apply): the items are the roster, the same people, against the seeded users plus
 *   one user in scope who is not in the roster, removed the vendor's way (Users Not in Roster),
 *   within Max Removals (1). Writes go out in plan order: item 0's create first.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SandboxRequest } from '../../sandbox/toolkit';
import type { Target } from '../kit';
import { anyOf, matches } from '../kit';
import type { KnownDefect, OperationRow, Resend } from '../rows';
import { email, fieldsDiffer, sameText } from '../rows';
import type { VendorRun } from './types';

/** One kind of write the operation sends. */
export interface WriteKind {
	target: Target;
	/** Which user it is for: the email for a create, the user's ID for the others. */
	key(request: SandboxRequest): string;
	resend: Resend;
}

export interface UpsertSpec<V extends VendorRun> {
	/** Whether the vendor has a token exchange (the token cases run for it). */
	tokenExchange: boolean;
	/** Create's fields, read from the items. */
	parameters: INodeParameters;
	/** A roster item for person n, as new. */
	person(v: V, n: number): IDataObject;
	/** Puts person n in the sandbox with the values `person` gives; returns the user's ID. */
	seed(v: V, n: number): string;
	/** The field a roster row changes: its key in the item and in the vendor's user. */
	field: string;
	/** The live user with this ID as the sandbox holds it. */
	record(v: V, id: string): IDataObject | undefined;
	/** Accepted creates for this email. */
	created(v: V, email: string): number;
	writes: { create: WriteKind; update: WriteKind; removal?: WriteKind };
	removal: {
		notInRoster: 'delete' | 'deactivate';
		action: 'removed' | 'deactivated';
		effect: string;
		/** How many times the user was removed the vendor's way. */
		effects(v: V, id: string): number;
	};
}

/**
 * Sync throws when it cannot make its plan (its one directory read, or the token before it, is
 * refused), also under Continue On Fail; n8n then passes the roster items through unchanged as
 * the node's output.
 */
const PLAN_FAILS: KnownDefect = {
	reason:
		'Sync, under Continue On Fail, whose one directory read (or the token before it) is refused: it throws instead of giving each roster row a failed item, so n8n passes the roster items through unchanged as its output (no `error`, no `action`; OpsRamp rows\' passwords come out as output)',
	shows: /the node failed and still returned items/,
};

const ONE_READ =
	'the two refused calls are Sync\'s one directory read, made for the whole roster before any write, not item 0\'s own requests: every row depends on it, so the case\'s "item 0 fails, the others are done" cannot hold (token-endpoint-401 has every row fail)';

/** The user Sync finds in scope and not in the roster. */
const LEAVER = 99;

const changedTo = (n: number) => `Renamed ${n}`;

function writeSpec(kinds: WriteKind[]) {
	const kindOf = (r: SandboxRequest) => kinds.find((kind) => matches(kind.target, r));
	return {
		target: anyOf((r) => kindOf(r) !== undefined),
		key: (r: SandboxRequest) => kindOf(r)?.key(r) ?? '',
		// Item 0's write is its create: never blindly repeated, looked up first.
		resend: 'checked' as const,
		resendOf: (r: SandboxRequest) => kindOf(r)?.resend ?? 'checked',
	};
}

export function upsertRows<V extends VendorRun>(spec: UpsertSpec<V>): Array<OperationRow<V>> {
	const { field } = spec;
	/** Item 0 new; the others seeded, their field changed. Existing users' items carry `id` and the value they had. */
	const prepare = (v: V, count: number): IDataObject[] =>
		Array.from({ length: count }, (_, n) => {
			const item = spec.person(v, n);
			if (n === 0) return item;
			const id = spec.seed(v, n);
			return { ...item, id, was: item[field], [field]: changedTo(n) };
		});
	/** Created once (item 0), or updated and never created (the others). */
	const effects = (v: V, item: IDataObject) =>
		spec.created(v, String(item.email)) + (item.id !== undefined && spec.record(v, String(item.id))?.[field] === item[field] ? 1 : 0);
	/** The record an update left: the new value, the same email. */
	const recordOf = (v: V, item: IDataObject) => fieldsDiffer('user in the sandbox', spec.record(v, String(item.id)), { [field]: item[field], email: item.email });
	const change = (json: IDataObject, item: IDataObject) => {
		const changes = json.changes as Record<string, IDataObject> | undefined;
		return fieldsDiffer(`changes.${field}`, changes?.[field], { from: item.was, to: item[field] });
	};
	const kinds = [spec.writes.create, spec.writes.update];

	const createOrUpdate: OperationRow<V> = {
		resource: 'user',
		operation: 'createOrUpdate',
		effect: 'user created (item 0) or updated',
		parameters: spec.parameters,
		prepare,
		write: writeSpec(kinds),
		effects,
		output: (v, item, [json]) => {
			if (item.id === undefined) {
				return [
					...fieldsDiffer('output', json, { provisioningStatus: 'created' }),
					...(sameText(json.email, item.email) ? [] : [`output is the user ${String(json.email)}, not ${String(item.email)}`]),
				];
			}
			return [
				...fieldsDiffer('output', json, { provisioningStatus: 'updated', id: item.id, [field]: item[field] }),
				...change(json, item),
				...('password' in json ? ['output shows a password field'] : []),
				...recordOf(v, item),
			];
		},
	};

	/** The leaver's ID, per run. */
	const leaverIds = new WeakMap<V, string>();
	const sync: OperationRow<V> = {
		resource: 'user',
		operation: 'sync',
		effect: `user created (item 0) or updated; a user not in the roster ${spec.removal.action}`,
		parameters: { ...spec.parameters, mode: 'apply', notInRoster: spec.removal.notInRoster },
		// Only the people this row seeds are in scope; one removal is within the guard.
		options: { emailDomains: 'example.com', maxRemovals: 1, maxRemovalsPercent: 50 },
		prepare: (v, count) => {
			leaverIds.set(v, spec.seed(v, LEAVER));
			return prepare(v, count);
		},
		write: { ...writeSpec(spec.writes.removal ? [...kinds, spec.writes.removal] : kinds), cleanCount: (items) => items.length + 1 },
		effects,
		output: (v, item, [json]) => {
			const user = json.user as IDataObject | undefined;
			if (item.id === undefined) {
				return [
					...fieldsDiffer('output', json, { action: 'created', applied: true }),
					...(sameText(json.email, item.email) && sameText(user?.email, item.email) ? [] : [`output is ${String(json.email)} (user ${String(user?.email)}), not ${String(item.email)}`]),
				];
			}
			return [
				...fieldsDiffer('output', json, { action: 'updated', applied: true, email: item.email }),
				...fieldsDiffer('output.user', user, { id: item.id, [field]: item[field] }),
				...change(json, item),
				...recordOf(v, item),
			];
		},
		notApplicable: spec.tokenExchange ? { 'token-rejected-after-refresh': ONE_READ } : {},
		others: {
			effect: `user ${spec.removal.action}`,
			of: (v) => [{ email: email(LEAVER), id: leaverIds.get(v) }],
			effects: (v, user) => spec.removal.effects(v, String(user.id)),
			output: (_v, user, json) => fieldsDiffer('output', json, { action: spec.removal.action, applied: true, email: user.email }),
		},
	};
	return [createOrUpdate, sync];
}
