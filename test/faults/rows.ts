/**
 * An operation of a vendor node, as the fault table runs it: a row. A vendor adapter says what
 * the operation is (its name in the node's operation table, parameters for a clean item, the
 * sandbox state it needs), which of its requests is its write, and how its one effect shows in
 * the sandbox. The cases and invariants decide what a fault must come to.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { SandboxRequest } from '../sandbox/toolkit';
import type { Target } from './kit';

/**
 * What the node does when a write's answer is lost (reset, no answer in time, 5xx):
 * - `transport`: the write is idempotent (the vendor documents that sending it twice leaves what
 *   sending it once leaves); the transport sends the same request again, after a backoff;
 * - `checked`: it is not; the node reads the vendor's state and sends it again only if it did not
 *   land (Create, memberships and status changes where the vendor does not say);
 * - `never`: it can be neither repeated nor checked (an email sent): the item fails and says so.
 */
export type Resend = 'transport' | 'checked' | 'never';

export interface WriteSpec {
	/** Every item's write request of this operation. */
	target: Target;
	/** Which item a write is for: the user's ID or email as the request carries it. */
	key(request: SandboxRequest): string;
	/** How item 0's write, the one the write faults go into, may be sent again. */
	resend: Resend;
	/**
	 * For an operation whose writes are of several kinds (Create or Update, Sync: a create, an
	 * update, a removal): how each request may be sent again. Default: `resend` for every one.
	 */
	resendOf?(request: SandboxRequest): Resend;
	/**
	 * The writes a clean run sends. Default: one per item, but for items whose effect was there
	 * (Sync also removes users no item names).
	 */
	cleanCount?(items: IDataObject[], already: ReadonlySet<number>): number;
	/** For `never`: words the failed item's description must hold (that the action may have happened). */
	uncertainNote?: string;
}

export interface OutputContext {
	/** The run met no fault: the output must be exactly the clean one (e.g. `alreadyAbsent: false`). */
	clean: boolean;
	/** The item's effect held before the run (e.g. the user to create existed). */
	already: boolean;
}

/**
 * Users an operation acts on that no input item names: Sync's leavers (users in scope that are
 * not in the roster). Each gets one output, paired with item 0 (the first roster row: the roster
 * as a whole decided it). What must become of them follows the case (invariants.others.ts).
 */
export interface OthersSpec<V> {
	/** What is done to each, as the closing table says it. */
	effect: string;
	/** The users, as the sandbox holds them now (seeded by `prepare`); each has `email`. */
	of(v: V): IDataObject[];
	/** How many times the effect happened to this user, read from the sandbox. */
	effects(v: V, user: IDataObject): number;
	/** Problems with a done user's output. */
	output(v: V, user: IDataObject, json: IDataObject): string[];
}

export interface OperationRow<V> {
	resource: string;
	/** The key of the node's operation table (nodes/<Vendor>/<Vendor>.node.ts `operations`). */
	operation: string;
	/** The one effect of a done item, as the closing table says it. */
	effect: string;
	/** Node parameters for clean items; expressions read the items `prepare` returns. */
	parameters: INodeParameters;
	/** Options the row always runs with (Sync's scope and Max Removals); a case's options come on top. */
	options?: IDataObject;
	/**
	 * Seeds the sandbox with what `count` items need (users, a group, memberships) and returns the
	 * items. Items in `already` find their effect in place (only rows with a `lookupVariant`).
	 */
	prepare(v: V, count: number, already: ReadonlySet<number>): IDataObject[];
	/** The write a fault goes into; absent for a read. */
	write?: WriteSpec;
	/** Each input item gives a list (Get Many): its outputs are every record, each once. */
	list?: boolean;
	/** Which read a read fault hits (1-based): 2 for a list seeded past one page, its second page. */
	faultRead?: number;
	/** How many times the item's effect happened, read from the sandbox; 0 for a read. */
	effects(v: V, item: IDataObject): number;
	/** Problems with a done item's outputs (one, or a list's), and with the record it left. */
	output(v: V, item: IDataObject, outputs: IDataObject[], context: OutputContext): string[];
	/**
	 * For an operation that looks nothing up unless told to (Create with If User Exists: Error):
	 * the options that make it look, and items whose user exists, for the read-fault cases.
	 */
	lookupVariant?: { options: IDataObject; already: number[] };
	/** An operation over the whole batch that also acts on users no item names (Sync's leavers). */
	others?: OthersSpec<V>;
	/** Cases that make no sense for this row alone (the case's own reason comes first), by case id, with why. */
	notApplicable?: Record<string, string>;
	/**
	 * Cases this row is known to fail, by case id: a defect of the node, reported and not fixed yet.
	 * The table marks the cell "known defect" with its reason (never ok, never n/a), and the run must
	 * still show the violation `shows` matches: once the node is fixed the test fails, and the entry goes.
	 */
	knownDefects?: Record<string, KnownDefect>;
}

export interface KnownDefect {
	/** What goes wrong, for the table. */
	reason: string;
	/** A violation the defect produces. */
	shows: RegExp;
}

export const rowName = (row: { resource: string; operation: string }) => `${row.resource}.${row.operation}`;

/** Problems when `actual` differs from `expected` on the listed fields (compared as text). */
export function fieldsDiffer(label: string, actual: IDataObject | undefined, expected: IDataObject): string[] {
	if (!actual) return [`${label}: missing`];
	return Object.entries(expected)
		.filter(([key, value]) => String(actual[key]) !== String(value))
		.map(([key, value]) => `${label}.${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(value)}`);
}

export const sameText = (a: unknown, b: unknown) => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();

/** A list's outputs hold every expected record once (by id), and nothing else. */
export function everyRecordOnce(outputs: IDataObject[], expectedIds: string[], idOf: (json: IDataObject) => unknown = (json) => json.id): string[] {
	const got = outputs.map((json) => String(idOf(json)));
	const problems: string[] = [];
	if (new Set(got).size !== got.length) problems.push(`${got.length - new Set(got).size} records listed twice`);
	const want = new Set(expectedIds);
	const missing = expectedIds.filter((id) => !got.includes(id));
	const extra = got.filter((id) => !want.has(id));
	if (missing.length) problems.push(`${missing.length} of ${expectedIds.length} records missing (e.g. ${missing[0]})`);
	if (extra.length) problems.push(`${extra.length} records listed that should not be (e.g. ${extra[0]})`);
	return problems;
}

/** The person of item n: the same email in every vendor, so the tables read alike. */
export const email = (n: number) => `user${n}@example.com`;

/** Create's output: the created user, or the existing one for an item whose user was there. */
export function provisioned(item: IDataObject, [json]: IDataObject[], context: OutputContext): string[] {
	const status = context.already ? 'existing' : 'created';
	return [
		...(json.provisioningStatus === status ? [] : [`came out as ${String(json.provisioningStatus)}, expected ${status}`]),
		...(sameText(json.email, item.email) ? [] : [`output is the user ${String(json.email)}, not ${String(item.email)}`]),
	];
}

/** Get's output: the user the item names. */
export const found = (item: IDataObject, [json]: IDataObject[]) => fieldsDiffer('output', json, { id: item.id, email: item.email });

/** A flag such as `alreadyAbsent` must be false: the item's effect was not there before the run. */
export function flagFalse(json: IDataObject, flag: string): string[] {
	return json[flag] === false ? [] : [`output.${flag} is ${JSON.stringify(json[flag])}, expected false`];
}

/**
 * A flag that must be false in a clean run, and may say either under a fault: where the node
 * repeats a removal after a lost answer and the vendor answers 404, the node may take it for
 * "already gone" (Domo Delete does).
 */
export function flagWhenClean(json: IDataObject, flag: string, context: OutputContext): string[] {
	if (typeof json[flag] !== 'boolean') return [`output.${flag} is ${JSON.stringify(json[flag])}, not a boolean`];
	return context.clean ? flagFalse(json, flag) : [];
}
