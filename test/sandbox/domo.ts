import { randomUUID } from 'node:crypto';

import type { DirectoryOptions, SandboxRequest, SandboxResponse } from './toolkit';
import { Sandbox, UserStore } from './toolkit';

/**
 * Domo platform API, after seed 001 and shared/vendors/domo.md:
 * - GET (or POST) /oauth/token?grant_type=client_credentials&scope=user with HTTP Basic
 *   client_id:client_secret answers { access_token, token_type, expires_in, scope };
 *   OAuth failures answer { error, error_description };
 * - API calls send `Authorization: bearer <token>`; an unknown or expired token answers 401
 *   { error: 'invalid_token', error_description };
 * - POST /v1/users?sendInvite=<bool> answers the user object (timezone and locale not echoed);
 *   API errors answer { status, statusReason, message };
 * - GET /v1/users?limit&offset (default 50, max 500) answers a bare array, deleted users included
 *   with `deleted: true`;
 * - over the rate limit, 429 with Retry-After in seconds (what Domo's Python SDK reads).
 * The lifecycle calls (developer.domo.com User API and Group API references, domo-sdk 2.0.1):
 * - GET /v1/users/{id}: the user; a deleted user answers a subset with `deleted: true`;
 * - PUT /v1/users/{id}: "any parameter left out ... remain[s] unchanged", with the known limitation
 *   "all user fields are required": here name, email and role (the document's example) must be in
 *   the body, 400 otherwise; answers 200 with no body, as the document says;
 * - DELETE /v1/users/{id}: 204; the record stays listed with `deleted: true`, as Domo keeps it;
 * - GET /v1/groups?limit&offset: a bare array of { id, name, active, default, creatorId, memberCount };
 * - GET /v1/groups/{id}/users?limit&offset: a bare array of the members' user IDs;
 * - PUT and DELETE /v1/groups/{id}/users/{userId}: 204.
 * Not documented, chosen here [INF]: a duplicate email (any case) answers 400, to a create and to an
 * update (option `acceptDuplicateEmails`: accepted by both);
 * an unknown (or deleted) user or group answers 404 { status, statusReason, message }; adding a member
 * again and removing a non-member answer 204 (the add is documented to check only the group).
 * The option `emailSearch` changes nothing here: Domo has no email search (users are found by
 * listing them all, and the client compares emails itself).
 */
export interface DomoSandboxOptions extends DirectoryOptions {
	clientId?: string;
	clientSecret?: string;
	/**
	 * Counts API calls (/v1/...), not token requests. `refuse`: the API calls (1-based) refused
	 * whatever the window, so a test meets the limit by construction (see RateLimit.refuseCounted).
	 */
	rateLimit?: { limit: number; windowMs: number; announce?: boolean; refuse?: number[] };
}

export interface DomoGroupRecord {
	id: number;
	name: string;
	active: boolean;
	default: boolean;
	creatorId: string;
}

/** Domo's default group, which every new user joins (the seed's response lists it). */
export const DEFAULT_GROUP = { id: 1324037627, name: 'Default' };

export interface DomoUserRecord {
	id: number;
	name: string;
	email: string;
	role: string;
	title?: string;
	alternateEmail?: string;
	phone?: string;
	location?: string;
	timezone?: string;
	locale?: string;
	employeeNumber?: number;
	groups: Array<{ id: number; name: string }>;
	image: string;
	createdAt: string;
	updatedAt: string;
	deleted?: boolean;
}

const ROLES = ['Admin', 'Privileged', 'Participant'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT_FIELDS = ['title', 'alternateEmail', 'phone', 'location', 'timezone', 'locale'] as const;

const apiError = (status: number, statusReason: string, message: string): SandboxResponse => ({
	status,
	body: { status, statusReason, message, toe: randomUUID().toUpperCase() },
});

/** What Domo returns for a user: never timezone and locale; a subset for a deleted user. */
function publicView(user: DomoUserRecord): Record<string, unknown> {
	if (user.deleted) return { id: user.id, name: user.name, email: user.email, deleted: true };
	const { timezone: _timezone, locale: _locale, ...shown } = user;
	return shown;
}

export class DomoSandbox extends Sandbox {
	readonly userStore: UserStore<DomoUserRecord>;

	/** Every user, deleted ones included (Domo keeps them, flagged `deleted`). */
	readonly users: DomoUserRecord[];

	readonly groups: DomoGroupRecord[] = [{ ...DEFAULT_GROUP, active: true, default: true, creatorId: '1' }];

	private nextGroupId = 876655018;

	/** Create requests accepted, by lower-cased email: more than one means a user was created twice. */
	readonly createdByEmail: Map<string, number>;

	/** Emails of created users who were sent an invite. */
	readonly invited: string[] = [];

	readonly tokens = new Set<string>();

	readonly clientId: string;

	readonly clientSecret: string;

	private nextId = 959463190;

	constructor(options: DomoSandboxOptions = {}) {
		super();
		this.userStore = new UserStore<DomoUserRecord>({ id: (u) => String(u.id), email: (u) => u.email, live: (u) => !u.deleted }, options);
		this.users = this.userStore.records;
		this.createdByEmail = this.userStore.createdByEmail;
		this.clientId = options.clientId ?? 'domo-client-0001';
		this.clientSecret = options.clientSecret ?? 'domo-secret-0001-abcdef';
		this.route('GET', '/oauth/token', (r) => this.token(r));
		this.route('POST', '/oauth/token', (r) => this.token(r));
		this.route('POST', '/v1/users', (r) => this.guard(r, () => this.createUser(r)));
		this.route('GET', '/v1/users', (r) => this.guard(r, () => this.listUsers(r)));
		this.route('GET', '/v1/users/:id', (r) => this.guard(r, () => this.getUser(r)));
		this.route('PUT', '/v1/users/:id', (r) => this.guard(r, () => this.updateUser(r)));
		this.route('DELETE', '/v1/users/:id', (r) => this.guard(r, () => this.deleteUser(r)));
		this.route('GET', '/v1/groups', (r) => this.guard(r, () => this.listGroups(r)));
		this.route('GET', '/v1/groups/:groupId/users', (r) => this.guard(r, () => this.listMembers(r)));
		this.route('PUT', '/v1/groups/:groupId/users/:userId', (r) => this.guard(r, () => this.addMember(r)));
		this.route('DELETE', '/v1/groups/:groupId/users/:userId', (r) => this.guard(r, () => this.removeMember(r)));
		if (options.rateLimit) {
			const { limit, windowMs, announce, refuse } = options.rateLimit;
			this.rateLimit({
				limit,
				windowMs,
				refuseCounted: refuse,
				applies: (r) => r.path.startsWith('/v1/'),
				announce: announce ?? false,
				refuse: (resetEpochSeconds) => ({
					...apiError(429, 'Too Many Requests', 'Rate limit exceeded'),
					headers: { 'Retry-After': String(Math.max(1, Math.ceil(resetEpochSeconds - Date.now() / 1000))) },
				}),
			});
		}
	}

	/** The token endpoint's requests, e.g. to check that a batch cost one exchange. */
	tokenRequests(): SandboxRequest[] {
		return this.received('GET', '/oauth/token').concat(this.received('POST', '/oauth/token'));
	}

	creates(): SandboxRequest[] {
		return this.received('POST', '/v1/users');
	}

	listRequests(): SandboxRequest[] {
		return this.received('GET', '/v1/users');
	}

	duplicates(): string[] {
		return this.userStore.duplicates();
	}

	/** Live (not deleted) accounts with this email, in any case. */
	accountsFor(email: string): number {
		return this.userStore.accountsFor(email);
	}

	seedUser(user: Partial<DomoUserRecord> & { email: string }): DomoUserRecord {
		const id = this.nextId++;
		const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		const record: DomoUserRecord = {
			id,
			name: 'Existing User',
			role: 'Participant',
			groups: [{ ...DEFAULT_GROUP }],
			image: `https://instance.domo.com/avatar/thumb/domo/${id}`,
			createdAt: now,
			updatedAt: now,
			...user,
		};
		return this.userStore.add(record);
	}

	seedGroup(name: string): DomoGroupRecord {
		const group: DomoGroupRecord = { id: this.nextGroupId++, name, active: true, default: false, creatorId: '1' };
		this.groups.push(group);
		return group;
	}

	/** A live user by ID, for tests. */
	user(id: number | string): DomoUserRecord | undefined {
		const user = this.userStore.get(id);
		return user && !user.deleted ? user : undefined;
	}

	/** IDs of a group's live members. */
	members(groupId: number | string): number[] {
		return this.users.filter((u) => !u.deleted && u.groups.some((g) => String(g.id) === String(groupId))).map((u) => u.id);
	}

	addToGroup(user: DomoUserRecord, group: DomoGroupRecord): void {
		if (!user.groups.some((g) => g.id === group.id)) user.groups.push({ id: group.id, name: group.name });
	}

	/** Ends every token, as when Domo's hour is up: the next API call answers 401. */
	expireTokens(): void {
		this.tokens.clear();
	}

	private token(r: SandboxRequest): SandboxResponse {
		const header = String(r.headers.authorization ?? '');
		const [id, secret] = header.startsWith('Basic ')
			? Buffer.from(header.slice(6), 'base64').toString('utf8').split(/:(.*)/s)
			: [undefined, undefined];
		if (id !== this.clientId || secret !== this.clientSecret) {
			return { status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } };
		}
		if (r.query.grant_type !== 'client_credentials') {
			return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${r.query.grant_type}` } };
		}
		const scopes = String(r.query.scope ?? '').split(' ');
		if (!scopes.includes('user')) return { status: 400, body: { error: 'invalid_scope', error_description: 'Invalid scope: user is required' } };
		const token = randomUUID().replace(/-/g, '');
		this.tokens.add(token);
		return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 3599, scope: 'user', customer: 'sandbox', env: 'prod' } };
	}

	private guard(r: SandboxRequest, next: () => SandboxResponse): SandboxResponse {
		const match = /^bearer (\S+)$/i.exec(String(r.headers.authorization ?? ''));
		if (match && this.tokens.has(match[1])) return next();
		return { status: 401, body: { error: 'invalid_token', error_description: 'Access token expired or invalid' } };
	}

	private createUser(r: SandboxRequest): SandboxResponse {
		const body = r.body;
		const invalid = this.invalidUserBody(body);
		if (invalid) return invalid;
		const invite = r.query.sendInvite;
		if (invite !== undefined && invite !== 'true' && invite !== 'false') return apiError(400, 'Bad Request', 'sendInvite must be true or false');
		if (this.userStore.refusesCreate(body.email)) return apiError(400, 'Bad Request', `A user with email ${body.email} already exists`);
		const user = this.seedUser({ ...body, email: body.email });
		this.userStore.countCreate(body.email);
		if (invite === 'true') this.invited.push(String(body.email).trim().toLowerCase());
		return { status: 200, body: publicView(user) };
	}

	/** Create's and Update's checks of a user body: name, email and role required, documented types. */
	private invalidUserBody(body: any): SandboxResponse | undefined {
		if (!body || typeof body !== 'object' || Array.isArray(body)) return apiError(400, 'Bad Request', 'Request body must be a JSON object');
		for (const field of ['name', 'email', 'role']) {
			if (typeof body[field] !== 'string' || !body[field].trim()) return apiError(400, 'Bad Request', `${field} is required`);
		}
		if (!EMAIL.test(body.email)) return apiError(400, 'Bad Request', 'Invalid email address');
		if (!ROLES.includes(body.role)) return apiError(400, 'Bad Request', `Invalid role: ${body.role}`);
		for (const field of TEXT_FIELDS) {
			if (body[field] !== undefined && typeof body[field] !== 'string') return apiError(400, 'Bad Request', `${field} must be a string`);
		}
		if (body.alternateEmail && !EMAIL.test(body.alternateEmail)) return apiError(400, 'Bad Request', 'Invalid alternate email address');
		if (body.employeeNumber !== undefined && !Number.isInteger(body.employeeNumber)) {
			return apiError(400, 'Bad Request', 'employeeNumber must be an integer');
		}
		return undefined;
	}

	private getUser(r: SandboxRequest): SandboxResponse {
		const user = this.users.find((u) => String(u.id) === r.params.id);
		if (!user) return apiError(404, 'Not Found', `User not found: ${r.params.id}`);
		return { status: 200, body: publicView(user) };
	}

	private updateUser(r: SandboxRequest): SandboxResponse {
		const user = this.user(r.params.id);
		if (!user) return apiError(404, 'Not Found', `User not found: ${r.params.id}`);
		const body = r.body;
		const invalid = this.invalidUserBody(body);
		if (invalid) return invalid;
		if (!this.userStore.acceptDuplicateEmails && this.userStore.liveWithEmail(body.email).some((u) => u !== user)) {
			return apiError(400, 'Bad Request', `A user with email ${body.email} already exists`);
		}
		for (const field of ['name', 'email', 'role', 'employeeNumber', ...TEXT_FIELDS]) {
			if (body[field] !== undefined) (user as unknown as Record<string, unknown>)[field] = body[field];
		}
		this.userStore.reindex(user);
		user.updatedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		return { status: 200 };
	}

	private deleteUser(r: SandboxRequest): SandboxResponse {
		const user = this.user(r.params.id);
		if (!user) return apiError(404, 'Not Found', `User not found: ${r.params.id}`);
		user.deleted = true;
		return { status: 204 };
	}

	private page(r: SandboxRequest): { limit: number; offset: number } | SandboxResponse {
		const limit = r.query.limit === undefined ? 50 : Number(r.query.limit);
		const offset = r.query.offset === undefined ? 0 : Number(r.query.offset);
		if (!Number.isInteger(limit) || limit < 1 || limit > 500) return apiError(400, 'Bad Request', 'limit must be between 1 and 500');
		if (!Number.isInteger(offset) || offset < 0) return apiError(400, 'Bad Request', 'offset must be 0 or more');
		return { limit, offset };
	}

	private group(id: string): DomoGroupRecord | undefined {
		return this.groups.find((g) => String(g.id) === id);
	}

	private listGroups(r: SandboxRequest): SandboxResponse {
		const page = this.page(r);
		if ('status' in page) return page;
		const shown = this.groups.slice(page.offset, page.offset + page.limit).map((g) => ({ ...g, memberCount: this.members(g.id).length }));
		return { status: 200, body: shown };
	}

	private listMembers(r: SandboxRequest): SandboxResponse {
		const group = this.group(r.params.groupId);
		if (!group) return apiError(404, 'Not Found', `Group not found: ${r.params.groupId}`);
		const page = this.page(r);
		if ('status' in page) return page;
		return { status: 200, body: this.members(group.id).slice(page.offset, page.offset + page.limit) };
	}

	private addMember(r: SandboxRequest): SandboxResponse {
		const group = this.group(r.params.groupId);
		if (!group) return apiError(404, 'Not Found', `Group not found: ${r.params.groupId}`);
		const user = this.user(r.params.userId);
		if (!user) return apiError(404, 'Not Found', `User not found: ${r.params.userId}`);
		this.addToGroup(user, group);
		return { status: 204 };
	}

	private removeMember(r: SandboxRequest): SandboxResponse {
		const group = this.group(r.params.groupId);
		if (!group) return apiError(404, 'Not Found', `Group not found: ${r.params.groupId}`);
		const user = this.user(r.params.userId);
		if (user) user.groups = user.groups.filter((g) => g.id !== group.id);
		return { status: 204 };
	}

	private listUsers(r: SandboxRequest): SandboxResponse {
		const limit = r.query.limit === undefined ? 50 : Number(r.query.limit);
		const offset = r.query.offset === undefined ? 0 : Number(r.query.offset);
		if (!Number.isInteger(limit) || limit < 1 || limit > 500) return apiError(400, 'Bad Request', 'limit must be between 1 and 500');
		if (!Number.isInteger(offset) || offset < 0) return apiError(400, 'Bad Request', 'offset must be 0 or more');
		const page = this.users.slice(offset, offset + limit).map(publicView);
		return { status: 200, body: page };
	}
}
