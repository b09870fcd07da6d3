import { randomUUID } from 'node:crypto';

import type { DirectoryOptions, SandboxRequest, SandboxResponse } from './toolkit';
import { Sandbox, UserStore } from './toolkit';

/**
 * Garmat spray booth customers API, after seed 003, shared/vendors/garmat.md and the api-docs'
 * Users group (api-docs.garmatsprayboothcustomers.com):
 * `Authorization: <API_KEY>` or `Authorization: Bearer <session_token>` from POST /api/authenticate;
 * POST /api/users; GET /api/users paged as { data, page, limit, pages, total };
 * PUT /api/users/:id (Update user: documented by name only, so its shape here is inferred: the
 * writable fields replace the record's, as with create name, email and role are required, and
 * the answer is the user); POST /api/users/:id/resend_invitation (204, 403, 404);
 * errors { "error": "<reason>" }; rate limiting as 429 or 422 "API limit reached".
 * Garmat documents no get-by-ID and no delete: the sandbox has neither.
 * [INF] A create or an update with a taken email (any case) answers 400 "Email has already been
 * taken" (option `acceptDuplicateEmails`: a create is accepted). A deactivated user keeps their
 * account and their email.
 * The option `emailSearch` changes nothing here: Garmat has no email search (users are found by
 * listing them, and the client compares emails itself; the list's `filter` is a stand-in for Get
 * Many, not an email search).
 */
export interface GarmatSandboxOptions extends DirectoryOptions {
	apiKey?: string;
	/** An admin key may set account_id; a customer key may not. */
	adminKey?: string;
	/** `refuse`: the /api/users calls (1-based) refused whatever the window (see RateLimit.refuseCounted). */
	rateLimit?: { limit: number; windowMs: number; style: '429' | '422'; refuse?: number[] };
	/** Re-sending invitations is for admins: answer 403 to a customer key. */
	resendNeedsAdmin?: boolean;
}

export interface GarmatUserRecord {
	id: string;
	name: string;
	email: string;
	role: string;
	status: string;
	account_id: string;
}

const ROLES = ['customer_read_only', 'customer_admin'];
const STATUSES = ['active', 'deactivated'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class GarmatSandbox extends Sandbox {
	readonly userStore: UserStore<GarmatUserRecord>;

	readonly users: GarmatUserRecord[];

	/** Update requests accepted, by user ID. */
	readonly updatesById = new Map<string, number>();

	/** Invitations re-sent, by user ID: more than one for an item means it was sent twice. */
	readonly invitationsSent = new Map<string, number>();

	/** Create requests accepted, by lower-cased email: more than one means a user was created twice. */
	readonly createdByEmail: Map<string, number>;

	readonly sessions = new Set<string>();

	readonly apiKey: string;

	readonly adminKey: string;

	readonly accountId = randomUUID();

	constructor(private readonly options: GarmatSandboxOptions = {}) {
		super();
		this.userStore = new UserStore<GarmatUserRecord>({ id: (u) => u.id, email: (u) => u.email }, options);
		this.users = this.userStore.records;
		this.createdByEmail = this.userStore.createdByEmail;
		this.apiKey = options.apiKey ?? 'garmat-customer-key-0001';
		this.adminKey = options.adminKey ?? 'garmat-admin-key-0001';
		this.route('POST', '/api/authenticate', (r) => this.authenticate(r));
		this.route('POST', '/api/users', (r) => this.guard(r, () => this.createUser(r)));
		this.route('GET', '/api/users', (r) => this.guard(r, () => this.listUsers(r)));
		this.route('PUT', '/api/users/:id', (r) => this.guard(r, () => this.updateUser(r)));
		this.route('POST', '/api/users/:id/resend_invitation', (r) => this.guard(r, () => this.resendInvitation(r)));
		if (options.rateLimit) {
			const { limit, windowMs, style, refuse } = options.rateLimit;
			this.rateLimit({
				limit,
				windowMs,
				refuseCounted: refuse,
				applies: (r) => r.path.startsWith('/api/users'),
				announce: false,
				refuse: () =>
					style === '422' ? { status: 422, body: { error: 'API limit reached' } } : { status: 429, body: { error: 'Too Many Requests' } },
			});
		}
	}

	duplicates(): string[] {
		return this.userStore.duplicates();
	}

	/** Accounts with this email, in any case (deactivated ones included: Garmat deletes no one). */
	accountsFor(email: string): number {
		return this.userStore.accountsFor(email);
	}

	seedUser(user: Partial<GarmatUserRecord> & { email: string }): GarmatUserRecord {
		const record: GarmatUserRecord = {
			id: randomUUID(),
			name: user.name ?? 'Existing User',
			role: user.role ?? 'customer_read_only',
			status: user.status ?? 'active',
			account_id: user.account_id ?? this.accountId,
			...user,
		};
		return this.userStore.add(record);
	}

	user(id: string): GarmatUserRecord | undefined {
		return this.userStore.get(id);
	}

	/** Ends every session, as when Garmat expires them: the next call answers 401. */
	expireSessions(): void {
		this.sessions.clear();
	}

	private authenticate(r: SandboxRequest): SandboxResponse {
		const key = r.body?.api_key;
		if (key !== this.apiKey && key !== this.adminKey) return { status: 401, body: { error: 'Invalid API key' } };
		const token = `sess_${randomUUID()}`;
		this.sessions.add(token);
		return { status: 200, body: { session_token: token } };
	}

	private caller(r: SandboxRequest): 'customer' | 'admin' | undefined {
		const header = String(r.headers.authorization ?? '');
		if (header.startsWith('Bearer ')) return this.sessions.has(header.slice(7)) ? 'customer' : undefined;
		if (header === this.apiKey) return 'customer';
		if (header === this.adminKey) return 'admin';
		return undefined;
	}

	private guard(r: SandboxRequest, next: () => SandboxResponse): SandboxResponse {
		return this.caller(r) ? next() : { status: 401, body: { error: 'Unauthorized' } };
	}

	/** The create and update checks of the writable fields; a refusal, or undefined. */
	private invalidFields(body: Record<string, any>): SandboxResponse | undefined {
		for (const field of ['name', 'email', 'role']) {
			if (typeof body[field] !== 'string' || !body[field].trim()) return { status: 400, body: { error: `${field} is required` } };
		}
		if (!EMAIL.test(body.email)) return { status: 400, body: { error: 'email is invalid' } };
		if (!ROLES.includes(body.role)) return { status: 400, body: { error: `role must be one of ${ROLES.join(', ')}` } };
		if (body.status !== undefined && !STATUSES.includes(body.status)) return { status: 400, body: { error: 'status is invalid' } };
		return undefined;
	}

	private createUser(r: SandboxRequest): SandboxResponse {
		const body = r.body ?? {};
		const invalid = this.invalidFields(body);
		if (invalid) return invalid;
		if (body.account_id !== undefined && this.caller(r) !== 'admin') {
			return { status: 400, body: { error: 'account_id is only valid for Garmat admins' } };
		}
		if (this.userStore.refusesCreate(body.email)) return { status: 400, body: { error: 'Email has already been taken' } };
		const user = this.seedUser({
			name: body.name,
			email: body.email,
			role: body.role,
			status: body.status ?? 'active',
			account_id: body.account_id ?? this.accountId,
		});
		this.userStore.countCreate(body.email);
		return { status: 200, body: user };
	}

	private updateUser(r: SandboxRequest): SandboxResponse {
		const user = this.userStore.get(r.params.id);
		if (!user) return { status: 404, body: { error: 'Not found' } };
		const body = r.body ?? {};
		const invalid = this.invalidFields(body);
		if (invalid) return invalid;
		if (body.account_id !== undefined && body.account_id !== user.account_id) return { status: 400, body: { error: 'account_id cannot be changed' } };
		if (this.userStore.liveWithEmail(body.email).some((other) => other !== user)) return { status: 400, body: { error: 'Email has already been taken' } };
		Object.assign(user, { name: body.name, email: body.email, role: body.role, status: body.status ?? user.status });
		this.userStore.reindex(user);
		this.updatesById.set(user.id, (this.updatesById.get(user.id) ?? 0) + 1);
		return { status: 200, body: user };
	}

	private resendInvitation(r: SandboxRequest): SandboxResponse {
		if (this.options.resendNeedsAdmin && this.caller(r) !== 'admin') return { status: 403, body: { error: 'Forbidden' } };
		const user = this.userStore.get(r.params.id);
		if (!user) return { status: 404, body: { error: 'Not found' } };
		this.invitationsSent.set(user.id, (this.invitationsSent.get(user.id) ?? 0) + 1);
		return { status: 204 };
	}

	/**
	 * Garmat documents `filter` and `sort` without their syntax; here, as a stand-in: `filter` keeps
	 * users whose name, email, role or status contains it (any case), `sort` orders by a field,
	 * descending with a leading "-".
	 */
	private listUsers(r: SandboxRequest): SandboxResponse {
		const limit = Math.max(1, Math.min(100, Number(r.query.limit ?? 25)));
		const page = Math.max(1, Number(r.query.page ?? 1));
		let users: GarmatUserRecord[] = this.users;
		const filter = r.query.filter?.toLowerCase();
		if (filter) users = users.filter((u) => [u.name, u.email, u.role, u.status].some((value) => value.toLowerCase().includes(filter)));
		const sort = r.query.sort;
		if (sort) {
			const field = sort.replace(/^-/, '') as keyof GarmatUserRecord;
			const direction = sort.startsWith('-') ? -1 : 1;
			users = [...users].sort((a, b) => direction * String(a[field] ?? '').localeCompare(String(b[field] ?? '')));
		}
		const pages = Math.max(1, Math.ceil(users.length / limit));
		const data = users.slice((page - 1) * limit, page * limit);
		return { status: 200, body: { data, page, limit, pages, total: users.length } };
	}
}
