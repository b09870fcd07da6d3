import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AUTO_INITIAL } from './concurrency';
import type { Page, PageRequest } from './pager';
import { collectPages } from './pager';
import { isOutcomeUncertain, isRouteMissing } from './transport';

/**
 * One user directory for every vendor. A vendor's adapter says what its API can do (read a page
 * of users, get one by ID, search by email, what a gone user looks like); everything else lives
 * here, once:
 * - the identity key: an email trimmed and compared case-insensitively by the node itself, never
 *   trusting a vendor's search to ignore case;
 * - a per-execution cache with an index by ID and by email, kept fresh with the users this
 *   execution created, changed and removed;
 * - per-identity ordering: two items for the same person never run lookup-then-write at once;
 * - full reads through the shared pager, with its one runaway guard;
 * - "a 404 means absent", and "send once; after a lost answer, look before sending again".
 */

/** The identity key of a person: the email trimmed and lower-cased. */
export function identityKey(email: string): string {
	return email.trim().toLowerCase();
}

/** Emails compare trimmed and case-insensitively, whatever the vendor's own search does. */
export function sameEmail(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' && identityKey(a) === identityKey(b);
}

/**
 * True for the error of an answer 404 Not Found in the vendor's own words: a record it does not
 * have. A 404 from an address that is not the vendor's API (a wrong host or base URL) is no sign
 * that anything is gone.
 */
export function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '404' && !isRouteMissing(error);
}

/** Runs a read for one record: an answer 404 means there is none. Other errors leave unchanged. */
export async function absentOn404<T>(read: () => Promise<T>): Promise<T | undefined> {
	// Errors from read() are node errors built by the transport.
	let failure: unknown;
	try {
		return await read();
	} catch (error) {
		failure = error;
	}
	if (isNotFound(failure)) return undefined;
	throw failure;
}

/**
 * Sends a change that is not safe to repeat (a create, an association) at most once per
 * confirmed "not done yet": when its answer is lost (timeout, reset, 5xx), `landed` reads the
 * state first; what it finds is the change's result, and only when it finds nothing is the
 * change sent again, at most `maxResends` times.
 */
export async function sendOnce<T>(send: () => Promise<T>, landed: () => Promise<T | undefined>, maxResends = 2): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		// Errors from send() are node errors built by the transport; they leave unchanged.
		let failure: unknown;
		try {
			return await send();
		} catch (error) {
			failure = error;
		}
		if (!isOutcomeUncertain(failure) || attempt >= maxResends) throw failure;
		const found = await landed();
		if (found !== undefined) return found;
	}
}

/** Runs tasks that share a key one after the other; tasks with other keys run freely. */
export class KeyedQueue {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const result = previous.then(task);
		const settled = result.then(
			() => undefined,
			() => undefined,
		);
		this.tails.set(key, settled);
		void settled.then(() => {
			if (this.tails.get(key) === settled) this.tails.delete(key);
		});
		return await result;
	}
}

/**
 * Pages of the user list in flight at once during the full read, once the vendor has said how
 * many users there are: as many requests as Concurrency: Auto sends at once before it has learned
 * anything, under every vendor's documented burst. The transport's rate gate still paces them
 * (a documented or announced budget, a learned pace); the items' Concurrency slots are not used
 * (items holding a slot may be waiting on this very read). A Concurrency the user pinned lower
 * holds the read to it too (see pagesInFlightFor).
 */
export const DIRECTORY_PAGES_IN_FLIGHT = AUTO_INITIAL;

/**
 * Pages in flight for a node run with this Concurrency: Auto reads DIRECTORY_PAGES_IN_FLIGHT at
 * once; a pinned number, no more than it. Whoever pins Concurrency to 1 (a vendor plan that
 * allows one request at a time) gets one request at a time, pages included.
 */
export function pagesInFlightFor(concurrency: 'auto' | number | undefined): number {
	return typeof concurrency === 'number' && concurrency >= 1 ? Math.min(DIRECTORY_PAGES_IN_FLIGHT, Math.floor(concurrency)) : DIRECTORY_PAGES_IN_FLIGHT;
}

/** What a vendor's API can do to find its users. Only `readPage` is required. */
export interface DirectoryAdapter<User extends IDataObject> {
	/** The vendor's largest page of its user list. */
	pageSize: number;
	/** Pages in flight at once in the full read (default DIRECTORY_PAGES_IN_FLIGHT): the session's, see pagesInFlightFor. */
	pagesInFlight?: number;
	/** One page of the user list, in a stable order; gone users may be listed. */
	readPage(request: PageRequest, itemIndex: number): Promise<Page<User>>;
	/** The user with this ID; a 404 answer means absent (handled here). Without it, a full read answers. */
	getById?(id: string, itemIndex: number): Promise<User | undefined>;
	/**
	 * Users the vendor's email search returns for this text (the directory picks the match by the
	 * identity key), or undefined when this email cannot be searched (the full read answers).
	 */
	searchByEmail?(email: string, itemIndex: number): Promise<User[] | undefined>;
	/** The whole record, for a search that answers a summary; undefined when it is gone. */
	complete?(user: User, itemIndex: number): Promise<User | undefined>;
	/** Whether a listed record is a user that is gone (a `deleted` flag, a terminated status). */
	isGone?(user: User): boolean;
}

export type UserSelector = { findBy: 'id'; userId: string } | { findBy: 'email'; email: string };

export interface FindOptions {
	/** Ask the vendor again instead of answering from this execution's copy. */
	fresh?: boolean;
}

/**
 * One execution's view of one vendor's users (for OpsRamp: of one tenant). An email is found in
 * this order, each step only when the one before found nobody:
 * 1. this execution's copy: users it already found, created or changed, or the full list once read;
 * 2. the vendor's email search, where it has one, for the email as given and lower-cased;
 * 3. the full list, read once per execution through the pager, indexed by the identity key: a
 *    vendor whose search is exact-case cannot hide `Alice@Example.com` from `alice@example.com`.
 */
export class UserDirectory<User extends IDataObject> {
	private readonly byId = new Map<string, User>();

	private readonly idByEmail = new Map<string, string>();

	/** The full list, once read; afterwards the index is complete (kept fresh by remember/forget). */
	private full: Promise<void> | undefined;

	private complete = false;

	/**
	 * IDs of users known only from the full list, for a vendor whose list answers a summary
	 * (`complete`): completed before they are handed out, so that e.g. a membership is read from
	 * the whole record, not from a summary that leaves it out.
	 */
	private readonly summaries = new Set<string>();

	private readonly queue = new KeyedQueue();

	constructor(private readonly adapter: DirectoryAdapter<User>) {}

	/** The record's ID as the vendor's paths use it. */
	static idOf(user: IDataObject): string {
		return String(user.id);
	}

	private isLive(user: User | undefined): user is User {
		return !!user && typeof user === 'object' && !(this.adapter.isGone?.(user) ?? false);
	}

	/** The live user with this email (trimmed, any letter case), or undefined. */
	async findByEmail(email: string, itemIndex: number, options: FindOptions = {}): Promise<User | undefined> {
		const key = identityKey(email);
		if (!options.fresh) {
			const known = this.cachedByEmail(key);
			if (known) return await this.completed(known, itemIndex);
			if (this.complete) return undefined;
		}
		if (this.adapter.searchByEmail) {
			for (const text of new Set([email.trim(), key])) {
				const candidates = await this.adapter.searchByEmail(text, itemIndex);
				if (candidates === undefined) break;
				const match = candidates.find((user) => this.isLive(user) && sameEmail(user.email, key));
				if (!match) continue;
				const user = this.adapter.complete ? await absentOn404(async () => await this.adapter.complete!(match, itemIndex)) : match;
				if (this.isLive(user)) return this.remember(user);
			}
		}
		await this.readAll(itemIndex, options.fresh === true);
		const listed = this.cachedByEmail(key);
		return listed && (await this.completed(listed, itemIndex));
	}

	/** The whole record of a user known from a summary; undefined when it is gone meanwhile. */
	private async completed(user: User, itemIndex: number): Promise<User | undefined> {
		const id = UserDirectory.idOf(user);
		if (!this.summaries.has(id) || !this.adapter.complete) return user;
		const whole = await absentOn404(async () => await this.adapter.complete!(user, itemIndex));
		if (this.isLive(whole)) return this.remember(whole);
		this.forgetId(id);
		return undefined;
	}

	/** The live user with this ID, or undefined. */
	async findById(id: string, itemIndex: number, options: FindOptions = {}): Promise<User | undefined> {
		if (!options.fresh) {
			const known = this.byId.get(id);
			if (known) return await this.completed(known, itemIndex);
			if (this.complete && !this.adapter.getById) return undefined;
		}
		if (this.adapter.getById) {
			const user = await absentOn404(async () => await this.adapter.getById!(id, itemIndex));
			if (this.isLive(user)) return this.remember(user);
			this.forgetId(id);
			return undefined;
		}
		await this.readAll(itemIndex, options.fresh === true);
		const listed = this.byId.get(id);
		return listed && (await this.completed(listed, itemIndex));
	}

	/** The user a selector names, or undefined. */
	async find(selector: UserSelector, itemIndex: number, options: FindOptions = {}): Promise<User | undefined> {
		return selector.findBy === 'id'
			? await this.findById(selector.userId, itemIndex, options)
			: await this.findByEmail(selector.email, itemIndex, options);
	}

	/**
	 * Runs one item's work on the user a selector names (undefined when there is none), after every
	 * earlier item's work on the same person has settled: items are ordered by the selector's
	 * identity (the email key, or the ID) and then by the user found, so an item by email and one
	 * by ID for the same user do not interleave either.
	 */
	async withUser<T>(selector: UserSelector, itemIndex: number, task: (user: User | undefined) => Promise<T>, options: FindOptions = {}): Promise<T> {
		const key = selector.findBy === 'id' ? `id:${selector.userId}` : identityKey(selector.email);
		return await this.queue.run(key, async () => {
			const found = await this.find(selector, itemIndex, options);
			if (!found || selector.findBy === 'id') return await task(found);
			const id = UserDirectory.idOf(found);
			// Another item may have changed the user while this one waited: hand over the latest copy.
			return await this.queue.run(`id:${id}`, async () => await task(this.byId.get(id) ?? found));
		});
	}

	/** Runs `task` in the selector's turn, without a lookup (for a call that tells by itself, e.g. a DELETE by ID). */
	async inTurn<T>(selector: UserSelector, task: () => Promise<T>): Promise<T> {
		return await this.queue.run(selector.findBy === 'id' ? `id:${selector.userId}` : identityKey(selector.email), task);
	}

	/** Runs `task` after every earlier task for the same email has settled. */
	async forEmail<T>(email: string, task: () => Promise<T>): Promise<T> {
		return await this.queue.run(identityKey(email), task);
	}

	/** Whether this execution already knows a live user with this email, without asking the vendor. */
	knows(email: string): boolean {
		return this.cachedByEmail(identityKey(email)) !== undefined;
	}

	/**
	 * Keeps a user as the vendor answered after a create or change (its email may have changed).
	 * `email` indexes it also under the email it was created for, should the answer leave it out.
	 */
	remember(user: User, email?: string): User {
		const id = UserDirectory.idOf(user);
		this.summaries.delete(id);
		const previous = this.byId.get(id);
		if (previous && typeof previous.email === 'string') this.idByEmail.delete(identityKey(previous.email));
		this.byId.set(id, user);
		const current = typeof user.email === 'string' ? user.email : email;
		if (current !== undefined) this.idByEmail.set(identityKey(current), id);
		return user;
	}

	/** Drops a user this execution removed. */
	forget(user: User): void {
		this.forgetId(UserDirectory.idOf(user));
	}

	private forgetId(id: string): void {
		const previous = this.byId.get(id);
		if (previous && typeof previous.email === 'string' && this.idByEmail.get(identityKey(previous.email)) === id) {
			this.idByEmail.delete(identityKey(previous.email));
		}
		this.byId.delete(id);
		this.summaries.delete(id);
	}

	private cachedByEmail(key: string): User | undefined {
		const id = this.idByEmail.get(key);
		return id === undefined ? undefined : this.byId.get(id);
	}

	/**
	 * Every live user, read once per execution through the shared pager (again with `fresh`, e.g.
	 * after a create whose answer was lost: the copy predates it). A failed read is not kept.
	 */
	async readAll(itemIndex: number, fresh = false): Promise<User[]> {
		if (fresh || !this.full) {
			const reading = this.load(itemIndex);
			this.full = reading;
			reading.catch(() => {
				if (this.full === reading) this.full = undefined;
			});
		}
		await this.full;
		return [...this.byId.values()];
	}

	private async load(itemIndex: number): Promise<void> {
		const users = await collectPages<User>(
			{
				returnAll: true,
				limit: 0,
				maxPageSize: this.adapter.pageSize,
				key: (user) => UserDirectory.idOf(user as User),
				keep: (user) => this.isLive(user as User),
				parallel: this.adapter.pagesInFlight ?? DIRECTORY_PAGES_IN_FLIGHT,
			},
			async (request) => await this.adapter.readPage(request, itemIndex),
		);
		this.byId.clear();
		this.idByEmail.clear();
		this.summaries.clear();
		for (const user of users) {
			this.remember(user);
			if (this.adapter.complete) this.summaries.add(UserDirectory.idOf(user));
		}
		this.complete = true;
	}
}

/** One directory per scope (e.g. an OpsRamp tenant), made on first use in an execution. */
export class ScopedDirectories<User extends IDataObject> {
	private readonly directories = new Map<string, UserDirectory<User>>();

	constructor(private readonly adapterFor: (scope: string) => DirectoryAdapter<User>) {}

	in(scope: string): UserDirectory<User> {
		let directory = this.directories.get(scope);
		if (!directory) {
			directory = new UserDirectory(this.adapterFor(scope));
			this.directories.set(scope, directory);
		}
		return directory;
	}
}
