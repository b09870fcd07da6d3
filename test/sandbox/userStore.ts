/**
 * The users of a vendor sandbox, kept once for all four: the records in the order they were
 * made, an index by ID and by email (trimmed, lower-cased), the count of accepted creates by
 * email (more than one means a user was created twice), and the two ways a sandbox can behave
 * like a real vendor that the documents leave open:
 * - `emailSearch`: where the vendor has an email search, whether it ignores letter case
 *   (`caseInsensitive`, what each sandbox did so far) or matches only the exact stored string
 *   (`exactCase`, as a real vendor's search may);
 * - `acceptDuplicateEmails`: whether a create for an email a live user already has (any case) is
 *   refused with the vendor's error (default) or makes a second account, as a real vendor may.
 * A vendor sandbox says what a record's ID and email are, whether it is live (not deleted or
 * terminated) and where emails must be unique (a tenant); its routes and error bodies stay its own.
 */

export type EmailSearch = 'caseInsensitive' | 'exactCase';

/** Constructor options every vendor sandbox takes, with the same names and meaning. */
export interface DirectoryOptions {
	/** How the vendor's email search compares emails; default `caseInsensitive`. */
	emailSearch?: EmailSearch;
	/** Whether a create for an email a live user has, in any case, makes a second account; default false. */
	acceptDuplicateEmails?: boolean;
	/** @deprecated The old name: `rejectDuplicates: false` is `acceptDuplicateEmails: true`. */
	rejectDuplicates?: boolean;
}

/** The identity key of an email: trimmed and lower-cased. */
export function emailKey(email: unknown): string {
	return String(email ?? '')
		.trim()
		.toLowerCase();
}

export interface UserShape<R> {
	id(record: R): string;
	email(record: R): string;
	/** Whether the record is an account that exists (not deleted, not terminated); default: every record. */
	live?(record: R): boolean;
	/** Where an email must be unique, e.g. a tenant; default: the whole sandbox. */
	scope?(record: R): string;
}

export class UserStore<R> {
	/** Every record, in the order made. Add through `add` so that the indexes follow. */
	readonly records: R[] = [];

	/** Create requests accepted, by email key: more than one means a user was created twice. */
	readonly createdByEmail = new Map<string, number>();

	emailSearch: EmailSearch;

	acceptDuplicateEmails: boolean;

	private readonly byId = new Map<string, R>();

	private readonly byEmail = new Map<string, Set<R>>();

	/** The email key each record is indexed under, so that a changed email is moved. */
	private readonly keys = new Map<R, string>();

	constructor(
		private readonly shape: UserShape<R>,
		options: DirectoryOptions = {},
	) {
		this.emailSearch = options.emailSearch ?? 'caseInsensitive';
		this.acceptDuplicateEmails = options.acceptDuplicateEmails ?? options.rejectDuplicates === false;
	}

	/**
	 * Sets the two modes after construction, for a test that reuses an adapter which starts the
	 * sandbox itself (e.g. test/faults/vendors.ts); the constructor options are the usual way.
	 */
	configure(options: DirectoryOptions): void {
		if (options.emailSearch !== undefined) this.emailSearch = options.emailSearch;
		if (options.acceptDuplicateEmails !== undefined) this.acceptDuplicateEmails = options.acceptDuplicateEmails;
		else if (options.rejectDuplicates !== undefined) this.acceptDuplicateEmails = !options.rejectDuplicates;
	}

	add(record: R): R {
		this.records.push(record);
		this.byId.set(this.shape.id(record), record);
		this.index(record);
		return record;
	}

	/** Takes a record out of the store (a vendor that forgets a user, e.g. OpsRamp's TERMINATE). */
	remove(record: R): void {
		const at = this.records.indexOf(record);
		if (at >= 0) this.records.splice(at, 1);
		if (this.byId.get(this.shape.id(record)) === record) this.byId.delete(this.shape.id(record));
		this.unindex(record);
	}

	/** Call after a record's email may have changed (an update). */
	reindex(record: R): void {
		if (this.keys.get(record) === emailKey(this.shape.email(record))) return;
		this.unindex(record);
		this.index(record);
	}

	get(id: unknown): R | undefined {
		return this.byId.get(String(id));
	}

	/** Records with this email in any case, live or not (from the index: no scan of all records). */
	withEmail(email: unknown): R[] {
		return [...(this.byEmail.get(emailKey(email)) ?? [])];
	}

	/** Live records with this email in any case, in one scope or in all. */
	liveWithEmail(email: unknown, scope?: string): R[] {
		return this.withEmail(email).filter((record) => this.isLive(record) && (scope === undefined || this.scopeOf(record) === scope));
	}

	/** How many live accounts have this email, in any case, in any scope. */
	accountsFor(email: unknown): number {
		return this.liveWithEmail(email).length;
	}

	/** The IDs of those accounts, as text. */
	accountIdsFor(email: unknown): string[] {
		return this.liveWithEmail(email).map((record) => String(this.shape.id(record)));
	}

	/** Whether a create for this email is refused: duplicates are not accepted and a live user in the scope has it. */
	refusesCreate(email: unknown, scope?: string): boolean {
		return !this.acceptDuplicateEmails && this.liveWithEmail(email, scope).length > 0;
	}

	/** Counts an accepted create (whatever the vendor's own refusals: call it once the account exists). */
	countCreate(email: unknown): void {
		const key = emailKey(email);
		this.createdByEmail.set(key, (this.createdByEmail.get(key) ?? 0) + 1);
	}

	/** Emails created more than once. */
	duplicates(): string[] {
		return [...this.createdByEmail].filter(([, count]) => count > 1).map(([email]) => email);
	}

	/**
	 * Whether the vendor's email search, as set, finds the stored email for the query: exactCase
	 * only the exact stored string; caseInsensitive ignores case and, for a `loose` search such as
	 * OpsRamp's, matches a part of the email.
	 */
	searchFinds(stored: unknown, query: string, loose = false): boolean {
		if (typeof stored !== 'string') return false;
		if (this.emailSearch === 'exactCase') return stored === query;
		return loose ? stored.toLowerCase().includes(query.toLowerCase()) : stored.toLowerCase() === query.toLowerCase();
	}

	/** Records an exact (not loose) email search finds, live or not, from the index. */
	search(query: string): R[] {
		return this.withEmail(query).filter((record) => this.searchFinds(this.shape.email(record), query));
	}

	private isLive(record: R): boolean {
		return this.shape.live ? this.shape.live(record) : true;
	}

	private scopeOf(record: R): string {
		return this.shape.scope ? this.shape.scope(record) : '';
	}

	private index(record: R): void {
		const key = emailKey(this.shape.email(record));
		this.keys.set(record, key);
		const set = this.byEmail.get(key);
		if (set) set.add(record);
		else this.byEmail.set(key, new Set([record]));
	}

	private unindex(record: R): void {
		const key = this.keys.get(record);
		if (key === undefined) return;
		this.byEmail.get(key)?.delete(record);
		this.keys.delete(record);
	}
}
