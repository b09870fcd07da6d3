import { randomUUID } from 'node:crypto';

import type { DirectoryOptions, SandboxRequest, SandboxResponse } from './toolkit';
import { KeyIndex, Sandbox, UserStore } from './toolkit';

/**
 * OpsRamp API v2, after seed 002 and shared/vendors/opsramp.md:
 * - POST /auth/oauth/token (and /tenancy/auth/oauth/token), form-encoded client credentials,
 *   answering { access_token, token_type, expires_in, scope }; bad credentials 401
 *   { error, error_description } (the Spring OAuth shape);
 * - POST /api/v2/tenants/{tenantId}/users answering the full user (timeZone expanded, roles with
 *   ids, user groups with uniqueIds, server fields); refusals 400 { code, message } [INF];
 * - GET .../users/search?queryString=mailId:<v>|loginName:<v>&pageNo&pageSize, matching loosely
 *   (substring, case-insensitive) so that exactness is the client's job, "+" separating terms;
 *   option `emailSearch: 'exactCase'`: mailId matches only the exact stored email;
 * - emails and login names are unique in a tenant, in any case: a create or an update that takes
 *   one answers 400 code 0002 (option `acceptDuplicateEmails`: a create with a taken email is
 *   accepted; login names stay unique);
 * - GET .../users/{id}, .../roles/search, .../userGroups, /api/v2/cfg/timezones, /api/v2/cfg/countries;
 * - POST .../users/{id} (Update User: the fields sent change, the others stay, as HPE's client
 *   relies on), POST .../users/{id}/{ACTIVATE|DEACTIVATE|TERMINATE} (Manage User; a terminated
 *   user is gone: 404 and out of searches [INF]), GET .../userGroups/{groupId}, and
 *   GET/POST/DELETE .../userGroups/{groupId}/users with the body [{ id }]; membership shows in
 *   Get User's userGroups. Unknown users, groups: 404 { code, message } [INF];
 * - requests that change something (POST, PUT, DELETE) and paginated GETs each limited per
 *   tenant in a fixed window, announced in X-RateLimit-Limit / -Remaining / -Reset (epoch
 *   seconds), 429 { error: 'throttled', error_description } without Retry-After.
 */
export interface OpsRampSandboxOptions extends DirectoryOptions {
	clientId?: string;
	clientSecret?: string;
	tenants?: string[];
	/**
	 * POST, PUT and DELETE requests per window per tenant (creates included); the real limit is 50
	 * per minute. `refuse`: the counted requests of a tenant (1-based) refused whatever the window
	 * (see RateLimit.refuseCounted).
	 */
	rateLimit?: { limit: number; windowMs: number; refuse?: number[] };
	/** Paginated GETs (user search, user group lists) per window per tenant; the real limit is 50 per minute. */
	pagedRateLimit?: { limit: number; windowMs: number };
	/** Quote the request's password in every 400 about a create or an update, as a careless API might. */
	echoPasswordInErrors?: boolean;
}

export interface OpsRampUserRecord {
	id: string;
	orgId: string;
	loginName: string;
	firstName: string;
	lastName: string;
	email: string;
	[key: string]: unknown;
}

export const ROLES = [
	{ id: 4, name: 'Client Administrator', description: 'Full control of the client' },
	{ id: 5, name: 'Client User', description: 'Read-only access' },
	{ id: 6, name: 'Customer' },
	{ id: 9, name: 'End User View' },
	{ id: 10, name: 'ACS Client Administrator' },
];

export const USER_GROUPS = [
	{ uniqueId: 'USRGRP-13cfc012-bb01-bbe3-6ed9-c46a192d0567', name: 'Implementation Team', description: 'Rollouts' },
	{ uniqueId: 'USRGRP-ab5afe06-0cca-9b8f-6053-357531f7d9ff', name: 'Architecture Department' },
	{ uniqueId: 'USRGRP-5f0d2c2e-2f4b-4c4e-9a53-0c1f6f1d7c11', name: 'Lab Escalation Users' },
];

export const TIMEZONES = [
	{ id: '7', name: 'America/New_York', label: 'GMT -05:00 Eastern', code: 'EST' },
	{ id: '12', name: 'Europe/Istanbul', label: 'GMT +03:00 Istanbul', code: 'TRT' },
	{ id: '31', name: 'Asia/Kolkata', label: 'GMT +05:30 India', code: 'IST' },
];

export const COUNTRIES = [{ name: 'United States', code: 'US' }, { name: 'India', code: 'IN' }, { name: 'Turkey', code: 'TR' }];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function bad(message: string, code = '0001'): SandboxResponse {
	return { status: 400, body: { code, message } };
}

function notFound(message: string): SandboxResponse {
	return { status: 404, body: { code: '0404', message } };
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, '+0000');

export class OpsRampSandbox extends Sandbox {
	/** Users of every tenant; emails are unique per tenant. */
	readonly userStore: UserStore<OpsRampUserRecord>;

	/** Live users (active or inactive); a terminated user leaves for `terminated`. */
	readonly users: OpsRampUserRecord[];

	/** Users terminated (TERMINATE), out of `users`: OpsRamp no longer finds them. */
	readonly terminated: OpsRampUserRecord[] = [];

	/** Users by tenant and lower-cased login name (emails: the user store). */
	private usersByLogin: KeyIndex<OpsRampUserRecord>;

	/** Create requests accepted, by lower-cased email: more than one means a user was created twice. */
	readonly createdByEmail: Map<string, number>;

	readonly tokens = new Set<string>();

	readonly clientId: string;

	readonly clientSecret: string;

	readonly tenants: string[];

	private nextUserNumber = 2145;

	constructor(private readonly options: OpsRampSandboxOptions = {}) {
		super();
		this.userStore = new UserStore<OpsRampUserRecord>({ id: (u) => u.id, email: (u) => u.email, scope: (u) => u.orgId }, options);
		this.users = this.userStore.records;
		this.createdByEmail = this.userStore.createdByEmail;
		this.usersByLogin = this.loginIndex();
		this.clientId = options.clientId ?? 'opsramp-key-0001';
		this.clientSecret = options.clientSecret ?? 'opsramp-secret-0001-abcdef';
		this.tenants = options.tenants ?? ['client_16', 'msp_15'];
		this.route('POST', '/auth/oauth/token', (r) => this.token(r));
		this.route('POST', '/tenancy/auth/oauth/token', (r) => this.token(r));
		this.route('POST', '/api/v2/tenants/:tenantId/users', (r) => this.guard(r, () => this.createUser(r)));
		this.route('GET', '/api/v2/tenants/:tenantId/users/search', (r) => this.guard(r, () => this.searchUsers(r)));
		this.route('GET', '/api/v2/tenants/:tenantId/users/:userId', (r) => this.guard(r, () => this.getUser(r)));
		this.route('POST', '/api/v2/tenants/:tenantId/users/:userId', (r) => this.guard(r, () => this.updateUser(r)));
		this.route('POST', '/api/v2/tenants/:tenantId/users/:userId/:action', (r) => this.guard(r, () => this.userAction(r)));
		this.route('GET', '/api/v2/tenants/:tenantId/roles/search', (r) => this.guard(r, () => this.paged(r, ROLES)));
		this.route('GET', '/api/v2/tenants/:tenantId/userGroups', (r) => this.guard(r, () => this.paged(r, this.groups)));
		this.route('GET', '/api/v2/tenants/:tenantId/userGroups/:groupId', (r) => this.guard(r, () => this.withGroup(r, (group) => ({ status: 200, body: group }))));
		this.route('GET', '/api/v2/tenants/:tenantId/userGroups/:groupId/users', (r) => this.guard(r, () => this.withGroup(r, (group) => this.paged(r, this.membersOf(r.params.tenantId, group.uniqueId)))));
		this.route('POST', '/api/v2/tenants/:tenantId/userGroups/:groupId/users', (r) => this.guard(r, () => this.withGroup(r, (group) => this.changeMembers(r, group, true))));
		this.route('DELETE', '/api/v2/tenants/:tenantId/userGroups/:groupId/users', (r) => this.guard(r, () => this.withGroup(r, (group) => this.changeMembers(r, group, false))));
		this.route('GET', '/api/v2/cfg/timezones', (r) => this.guard(r, () => ({ status: 200, body: TIMEZONES })));
		this.route('GET', '/api/v2/cfg/countries', (r) => this.guard(r, () => ({ status: 200, body: COUNTRIES })));
		const refuse = () => ({ status: 429, body: { error: 'throttled', error_description: 'Too Many Requests' } });
		for (const tenant of this.tenants) {
			const base = `/api/v2/tenants/${tenant}/`;
			if (options.rateLimit) {
				const { limit, windowMs, refuse: refuseCounted } = options.rateLimit;
				this.rateLimit({ limit, windowMs, refuseCounted, announce: true, refuse, applies: (r) => ['POST', 'PUT', 'DELETE'].includes(r.method) && r.path.startsWith(base) });
			}
			if (options.pagedRateLimit) {
				const paged = new RegExp(`^${base}(users/search|userGroups|userGroups/[^/]+/users|roles/search)$`);
				this.rateLimit({ ...options.pagedRateLimit, announce: true, refuse, applies: (r) => r.method === 'GET' && paged.test(r.path) });
			}
		}
	}

	/** The tenant's user groups (the same three in every tenant), as Search User Groups lists them. */
	readonly groups = USER_GROUPS.map((group) => ({ ...group, createdTime: '2016-07-23T16:46:41+0000', updatedTime: '2017-10-06T06:40:51+0000' }));

	user(id: string): OpsRampUserRecord | undefined {
		return this.userStore.get(id);
	}

	/** Requests that changed (or tried to change) a user or a membership, in order. */
	changes(): SandboxRequest[] {
		return this.requests.filter((r) => r.method !== 'GET' && /^\/api\/v2\/tenants\/[^/]+\/(users|userGroups)\//.test(r.path));
	}

	duplicates(): string[] {
		return this.userStore.duplicates();
	}

	/** Live (not terminated) accounts with this email, in any case and any tenant. */
	accountsFor(email: string): number {
		return this.userStore.accountsFor(email);
	}

	/** Ends every token, as when two hours have passed: the next call answers 401. */
	expireTokens(): void {
		this.tokens.clear();
	}

	tokenRequests(): SandboxRequest[] {
		return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/auth/oauth/token'));
	}

	creates(): SandboxRequest[] {
		return this.requests.filter((r) => r.method === 'POST' && /^\/api\/v2\/tenants\/[^/]+\/users$/.test(r.path));
	}

	seedUser(tenantId: string, user: Partial<OpsRampUserRecord> & { email: string; loginName: string }): OpsRampUserRecord {
		const record: OpsRampUserRecord = {
			id: `USR${String(this.nextUserNumber++).padStart(10, '0')}`,
			orgId: tenantId,
			firstName: 'Existing',
			lastName: 'User',
			userAccountType: 'REGULAR',
			authType: 'LOCAL',
			status: 'active',
			roles: [],
			userGroups: [],
			organizationName: 'Luminalto',
			profileImage: {
				logoPath: 'https://yourdomain.com/img/nophoto.gif',
				thumbPath: 'https://yourdomain.com/img/nophoto.gif',
				tinyThumbPath: 'https://yourdomain.com/img/wall_img1.gif',
			},
			createdTime: '2016-11-01T11:54:24+0000',
			updatedTime: '2016-11-01T11:54:24+0000',
			...user,
		};
		return this.userStore.add(record);
	}

	private token(r: SandboxRequest): SandboxResponse {
		if (!String(r.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
			return { status: 415, body: { error: 'unsupported_media_type', error_description: 'Content type must be application/x-www-form-urlencoded' } };
		}
		const body = (r.body ?? {}) as Record<string, string>;
		if (body.grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${body.grant_type}` } };
		if (body.client_id !== this.clientId || body.client_secret !== this.clientSecret) {
			return { status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } };
		}
		const token = randomUUID();
		this.tokens.add(token);
		return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 7199, scope: 'global:manage' } };
	}

	private guard(r: SandboxRequest, next: () => SandboxResponse): SandboxResponse {
		const header = String(r.headers.authorization ?? '');
		const token = header.startsWith('Bearer ') ? header.slice(7) : '';
		if (!this.tokens.has(token)) {
			return { status: 401, body: { error: 'invalid_token', error_description: `Invalid access token: ${token || '(none)'}` } };
		}
		if (r.params.tenantId !== undefined && !this.tenants.includes(r.params.tenantId)) {
			return { status: 404, body: { code: '0404', message: `Tenant not found: ${r.params.tenantId}` } };
		}
		return next();
	}

	private paged(r: SandboxRequest, all: object[]): SandboxResponse {
		const pageSize = Math.max(1, Math.min(500, Number(r.query.pageSize ?? 100)));
		const pageNo = Math.max(1, Number(r.query.pageNo ?? 1));
		const results = all.slice((pageNo - 1) * pageSize, pageNo * pageSize);
		const totalPages = Math.max(1, Math.ceil(all.length / pageSize));
		return {
			status: 200,
			body: { totalResults: all.length, orderBy: 'name', pageNo, pageSize, totalPages, nextPage: pageNo < totalPages, previousPageNo: pageNo - 1, descendingOrder: false, results },
		};
	}

	/** A create needs the four fields; an update checks only the fields it sends. */
	private validate(body: Record<string, any>, update = false): SandboxResponse | undefined {
		for (const field of ['loginName', 'firstName', 'lastName', 'email']) {
			if (update && body[field] === undefined) continue;
			if (typeof body[field] !== 'string' || !body[field].trim()) return bad(`${field} is required`);
		}
		if (body.email !== undefined && !EMAIL.test(body.email)) return bad('Invalid email address');
		if (body.altEmail !== undefined && !EMAIL.test(body.altEmail)) return bad('Invalid alternate email address');
		if (body.password !== undefined) {
			const p = String(body.password);
			if (p.length < 7 || !/[0-9]/.test(p) || !/[^A-Za-z0-9\s]/.test(p) || !/[a-z]/.test(p) || !/[A-Z]/.test(p)) {
				return bad('Password does not meet the password policy');
			}
		}
		if (body.userAccountType !== undefined && !['REGULAR', 'BUSINESS'].includes(body.userAccountType)) return bad('Invalid userAccountType');
		if (body.userGroupType !== undefined && !['ALL', 'NONE'].includes(body.userGroupType)) return bad('Invalid userGroupType');
		if (body.userGroupType !== undefined && Array.isArray(body.userGroups) && body.userGroups.length) {
			return bad('userGroups cannot be given with userGroupType ALL or NONE');
		}
		const access: unknown[] = Array.isArray(body.userAccessTypes) ? body.userAccessTypes : [];
		if (access.some((a) => !['NOTIFICATION_USER', 'API_USER', 'PORTAL_USER'].includes(String(a)))) return bad('Invalid userAccessTypes');
		if (access.includes('NOTIFICATION_USER') && (access.includes('API_USER') || access.includes('PORTAL_USER'))) {
			return bad('Notification users can not be API or PORTAL users');
		}
		for (const role of body.roles ?? []) {
			if (!ROLES.some((known) => known.name === role?.name)) return bad(`Role not found: ${role?.name}`);
		}
		for (const group of body.userGroups ?? []) {
			if (!USER_GROUPS.some((known) => known.name === group?.name)) return bad(`User group not found: ${group?.name}`);
		}
		return undefined;
	}

	private createUser(r: SandboxRequest): SandboxResponse {
		const body = (r.body ?? {}) as Record<string, any>;
		const refusal = this.validate(body);
		if (refusal && this.options.echoPasswordInErrors && body.password !== undefined) {
			const { code, message } = refusal.body as { code: string; message: string };
			return bad(`${message} (rejected request: loginName=${body.loginName}, password=${body.password})`, code);
		}
		if (refusal) return refusal;
		const tenantId = r.params.tenantId;
		const login = String(body.loginName).trim().toLowerCase();
		if (this.userStore.refusesCreate(body.email, tenantId)) return bad(`Email address ${body.email} is already in use`, '0002');
		if (this.usersByLogin.find(`${tenantId}\n${login}`).length) return bad(`Login name ${body.loginName} already exists`, '0002');
		const user = this.seedUser(tenantId, {
			...this.expand(body),
			loginName: body.loginName,
			email: body.email,
			userAccountType: body.userAccountType ?? 'REGULAR',
			roles: this.expand({ roles: body.roles ?? [] }).roles as never,
			userGroups: this.expand({ userGroups: body.userGroups ?? [] }).userGroups as never,
			createdTime: now(),
			updatedTime: now(),
		});
		this.userStore.countCreate(body.email);
		return { status: 200, body: user };
	}

	/**
	 * queryString terms "key:value" joined by "+"; values match as case-insensitive substrings,
	 * mailId as the `emailSearch` option says.
	 */
	private searchUsers(r: SandboxRequest): SandboxResponse {
		const terms = String(r.query.queryString ?? '')
			.split('+')
			.filter(Boolean)
			.map((term) => {
				const at = term.indexOf(':');
				return { key: term.slice(0, at), value: term.slice(at + 1) };
			});
		for (const term of terms) {
			if (!['mailId', 'loginName', 'firstName', 'lastName', 'uniqueId', 'status'].includes(term.key)) {
				return bad(`Invalid query variable: ${term.key}`);
			}
		}
		const field: Record<string, string> = { mailId: 'email', loginName: 'loginName', firstName: 'firstName', lastName: 'lastName', uniqueId: 'id', status: 'status' };
		const matches = this.users
			.filter((u) => u.orgId === r.params.tenantId)
			.filter((u) =>
				terms.every((term) =>
					term.key === 'mailId'
						? this.userStore.searchFinds(u.email, term.value, true)
						: String(u[field[term.key]] ?? '').toLowerCase().includes(term.value.toLowerCase()),
				),
			)
			.map(({ id, loginName, firstName, lastName, email, status }) => ({ id, loginName, firstName, lastName, email, status }));
		return this.paged(r, matches);
	}

	private getUser(r: SandboxRequest): SandboxResponse {
		const user = this.findUser(r);
		return user ? { status: 200, body: user } : notFound(`User not found: ${r.params.userId}`);
	}

	/** The stored form of body fields: no password, roles with ids, groups with uniqueIds, the time zone in full. */
	private expand(body: Record<string, any>): Record<string, unknown> {
		const { password: _password, ...fields } = body;
		const out: Record<string, unknown> = { ...fields };
		if (body.roles) out.roles = body.roles.map((role: { name: string }) => ROLES.find((known) => known.name === role.name)!).map(({ id, name }: { id: number; name: string }) => ({ id, name }));
		if (body.userGroups) {
			out.userGroups = body.userGroups.map((group: { name: string }) => USER_GROUPS.find((known) => known.name === group.name)!).map(({ uniqueId, name }: { uniqueId: string; name: string }) => ({ uniqueId, name }));
		}
		if (body.timeZone) {
			const zone =
				TIMEZONES.find((z) => z.code === body.timeZone.code && (!body.timeZone.name || z.name === body.timeZone.name)) ??
				TIMEZONES.find((z) => z.name === body.timeZone.name) ??
				TIMEZONES.find((z) => z.code === body.timeZone.code);
			if (zone) out.timeZone = zone;
			else delete out.timeZone;
		}
		return out;
	}

	private findUser(r: SandboxRequest): OpsRampUserRecord | undefined {
		const user = this.userStore.get(r.params.userId);
		return user?.orgId === r.params.tenantId ? user : undefined;
	}

	/** A KeyIndex item keeps its key: rebuilt when a login name changes. */
	private loginIndex(): KeyIndex<OpsRampUserRecord> {
		return new KeyIndex(this.users, (u) => `${u.orgId}\n${u.loginName.toLowerCase()}`);
	}

	/** Update User: the fields sent replace the user's, the others stay. */
	private updateUser(r: SandboxRequest): SandboxResponse {
		const user = this.findUser(r);
		if (!user) return notFound(`User not found: ${r.params.userId}`);
		const body = (r.body ?? {}) as Record<string, any>;
		if (Array.isArray(r.body) || typeof r.body !== 'object') return bad('Request body must be a user object');
		const refusal = this.validate(body, true);
		if (refusal) return refusal;
		const emailTaken = body.email !== undefined && this.userStore.liveWithEmail(body.email, user.orgId).some((u) => u !== user);
		const loginTaken =
			body.loginName !== undefined && this.usersByLogin.find(`${user.orgId}\n${String(body.loginName).trim().toLowerCase()}`).some((u) => u !== user);
		const echo = this.options.echoPasswordInErrors && body.password !== undefined ? ` (rejected request: password=${body.password})` : '';
		if (emailTaken) return bad(`Email address ${body.email} is already in use${echo}`, '0002');
		if (loginTaken) return bad(`Login name ${body.loginName} already exists${echo}`, '0002');
		Object.assign(user, this.expand(body), { updatedTime: now() });
		this.userStore.reindex(user);
		if (body.loginName !== undefined) this.usersByLogin = this.loginIndex();
		return { status: 200, body: user };
	}

	/** Manage User: ACTIVATE, DEACTIVATE or TERMINATE; 200 without a body. */
	private userAction(r: SandboxRequest): SandboxResponse {
		const user = this.findUser(r);
		if (!user) return notFound(`User not found: ${r.params.userId}`);
		const body = (r.body ?? {}) as Record<string, unknown>;
		switch (r.params.action) {
			case 'ACTIVATE':
				if (user.status === 'active') return bad('User is already active');
				user.status = 'active';
				break;
			case 'DEACTIVATE':
				if (user.status === 'inactive') return bad('User is already inactive');
				user.status = 'inactive';
				break;
			case 'TERMINATE':
				if (body.maskType !== undefined && !['PARTIAL', 'FULL'].includes(String(body.maskType))) return bad('maskType can be either PARTIAL or FULL');
				this.userStore.remove(user);
				this.usersByLogin = this.loginIndex();
				this.terminated.push(Object.assign(user, { status: 'terminated', terminateReason: body.terminateReason, maskType: body.maskType }));
				break;
			default:
				return bad(`Invalid action: ${r.params.action}`);
		}
		user.updatedTime = now();
		return { status: 200 };
	}

	private withGroup(r: SandboxRequest, next: (group: (typeof USER_GROUPS)[number]) => SandboxResponse): SandboxResponse {
		const group = this.groups.find((g) => g.uniqueId === r.params.groupId);
		return group ? next(group) : notFound(`User group not found: ${r.params.groupId}`);
	}

	private membersOf(tenantId: string, groupId: string): object[] {
		return this.users
			.filter((u) => u.orgId === tenantId && (u.userGroups as Array<{ uniqueId: string }>).some((g) => g.uniqueId === groupId))
			.map(({ id, loginName, firstName, lastName, email }) => ({ id, loginName, firstName, lastName, email }));
	}

	/** Add (POST) or delete (DELETE) users of a group, body [{ id }]; removing a non-member is a no-op [INF]. */
	private changeMembers(r: SandboxRequest, group: (typeof USER_GROUPS)[number], add: boolean): SandboxResponse {
		const entries: unknown = r.body;
		if (!Array.isArray(entries) || !entries.every((entry) => entry && typeof entry.id === 'string')) return bad('Request body must be a list of { id }');
		const users = entries.map((entry: { id: string }) => this.users.find((u) => u.orgId === r.params.tenantId && u.id === entry.id));
		const missing = entries.find((_entry, index) => !users[index]);
		if (missing) return bad(`User not found: ${(missing as { id: string }).id}`);
		for (const user of users as OpsRampUserRecord[]) {
			const groups = user.userGroups as Array<{ uniqueId: string; name: string }>;
			const at = groups.findIndex((g) => g.uniqueId === group.uniqueId);
			if (add && at < 0) groups.push({ uniqueId: group.uniqueId, name: group.name });
			if (!add && at >= 0) groups.splice(at, 1);
		}
		return { status: 200 };
	}
}
