import { randomUUID } from 'node:crypto';

import type { SandboxRequest, SandboxResponse } from './toolkit';
import { KeyIndex, Sandbox } from './toolkit';

/**
 * Garmat spray booth customers API, after seed 003 and shared/vendors/garmat.md:
 * `Authorization: <API_KEY>` or `Authorization: Bearer <session_token>` from POST /api/authenticate;
 * POST /api/users; GET /api/users paged as { data, page, limit, pages, total };
 * errors { "error": "<reason>" }; rate limiting as 429 or 422 "API limit reached".
 */
export interface GarmatSandboxOptions {
	apiKey?: string;
	/** An admin key may set account_id; a customer key may not. */
	adminKey?: string;
	rejectDuplicates?: boolean;
	/** `refuse`: the /api/users calls (1-based) refused whatever the window (see RateLimit.refuseCounted). */
	rateLimit?: { limit: number; windowMs: number; style: '429' | '422'; refuse?: number[] };
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
	readonly users: GarmatUserRecord[] = [];

	private readonly usersByEmail = new KeyIndex(this.users, (u) => u.email.toLowerCase());

	/** Create requests accepted, by lower-cased email: more than one means a user was created twice. */
	readonly createdByEmail = new Map<string, number>();

	readonly sessions = new Set<string>();

	readonly apiKey: string;

	readonly adminKey: string;

	readonly accountId = randomUUID();

	constructor(private readonly options: GarmatSandboxOptions = {}) {
		super();
		this.apiKey = options.apiKey ?? 'garmat-customer-key-0001';
		this.adminKey = options.adminKey ?? 'garmat-admin-key-0001';
		this.route('POST', '/api/authenticate', (r) => this.authenticate(r));
		this.route('POST', '/api/users', (r) => this.guard(r, () => this.createUser(r)));
		this.route('GET', '/api/users', (r) => this.guard(r, () => this.listUsers(r)));
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
		return [...this.createdByEmail].filter(([, count]) => count > 1).map(([email]) => email);
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
		this.users.push(record);
		return record;
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

	private createUser(r: SandboxRequest): SandboxResponse {
		const body = r.body ?? {};
		for (const field of ['name', 'email', 'role']) {
			if (typeof body[field] !== 'string' || !body[field].trim()) return { status: 400, body: { error: `${field} is required` } };
		}
		if (!EMAIL.test(body.email)) return { status: 400, body: { error: 'email is invalid' } };
		if (!ROLES.includes(body.role)) return { status: 400, body: { error: `role must be one of ${ROLES.join(', ')}` } };
		if (body.status !== undefined && !STATUSES.includes(body.status)) return { status: 400, body: { error: 'status is invalid' } };
		if (body.account_id !== undefined && this.caller(r) !== 'admin') {
			return { status: 400, body: { error: 'account_id is only valid for Garmat admins' } };
		}
		const email = String(body.email).trim().toLowerCase();
		if (this.options.rejectDuplicates !== false && this.usersByEmail.find(email).length > 0) {
			return { status: 400, body: { error: 'Email has already been taken' } };
		}
		const user = this.seedUser({
			name: body.name,
			email: body.email,
			role: body.role,
			status: body.status ?? 'active',
			account_id: body.account_id ?? this.accountId,
		});
		this.createdByEmail.set(email, (this.createdByEmail.get(email) ?? 0) + 1);
		return { status: 200, body: user };
	}

	private listUsers(r: SandboxRequest): SandboxResponse {
		const limit = Math.max(1, Math.min(100, Number(r.query.limit ?? 25)));
		const page = Math.max(1, Number(r.query.page ?? 1));
		const pages = Math.max(1, Math.ceil(this.users.length / limit));
		const data = this.users.slice((page - 1) * limit, page * limit);
		return { status: 200, body: { data, page, limit, pages, total: this.users.length } };
	}
}
