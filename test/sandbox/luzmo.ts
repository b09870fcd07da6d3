import { randomUUID } from 'node:crypto';

import { LuzmoGroups } from './luzmoGroups';
import type { DirectoryOptions, SandboxRequest, SandboxResponse } from './toolkit';
import { Sandbox, UserStore } from './toolkit';

/**
 * Luzmo's action-based API, after seed 000 and shared/vendors/luzmo.md:
 * - every call is a JSON body POSTed to /0.1.0/<resource> carrying `action`, `key`, `token` and
 *   `version: "0.1.0"`; no auth header;
 * - user `create` with `properties`, user `get` with `find: { where, limit, offset, order }` answering
 *   `{ count, rows }` (count: all matches), only users of the caller's organization visible; user
 *   `update` with `id` and `properties` (overwrites only those), user `delete` with `id`;
 * - [INF] `find.where.email` matches case-insensitively (option `emailSearch: 'exactCase'`: only
 *   the exact stored string); a second user with a taken email is refused, in any organization
 *   (option `acceptDuplicateEmails`: accepted);
 * - groups on /0.1.0/group (see ./luzmoGroups): `get` with `include: [{ model: "User" }]`,
 *   `associate` / `dissociate` with `resource: { role: "Users", id }`;
 * - a create without key and token does not fail: it bootstraps a new organization (counted in
 *   `bootstrappedOrganizations`, which a test expects to stay 0);
 * - errors `{ type: { code, description }, message }`, validation errors with `validation:
 *   { field: [messages] }`; an unknown route answers plain text;
 * - rate limit per token as a token bucket (Luzmo: 10/s, bursts of 200), scaled down by the
 *   test, answered by a 429 without Retry-After or X-RateLimit headers.
 * [INF] marks behaviour the documents do not state; the sandbox picks the plausible answer.
 */
export interface LuzmoSandboxOptions extends DirectoryOptions {
	apiKey?: string;
	apiToken?: string;
	/**
	 * `refuse`: the user requests with a token (1-based) refused whatever the bucket holds, so a
	 * test meets the limit by construction (see RateLimit.refuseCounted in the toolkit).
	 */
	rateLimit?: { perSecond: number; burst: number; refuse?: number[] };
}

export interface LuzmoUserRecord {
	organizationId: string;
	user: Record<string, unknown> & { id: string; email: string };
	/** [INF] Luzmo's delete "marks an entity as deleted" (SDK): a deleted user is no longer shown. */
	deleted?: boolean;
}

export const ROUTE_MISSING = 'Oops, this route does not exist (yet)!';

type PropertyType = 'string' | 'boolean' | 'number' | 'strings' | 'multilingual' | 'object';

/** The 21 documented properties of a new user and the type the document gives each. */
const PROPERTY_TYPES: Record<string, PropertyType> = {
	email: 'string',
	name: 'string',
	city: 'string',
	phone: 'string',
	theme: 'string',
	warp_notifications: 'boolean',
	show_formula_tutorial: 'boolean',
	show_dashboard_templates: 'boolean',
	onboarding_menu_visible: 'boolean',
	onboarding_editor_active: 'boolean',
	onboarding_editor_progress: 'number',
	collection_order: 'strings',
	company: 'multilingual',
	role: 'string',
	suborganization: 'string',
	campaign: 'string',
	timezone_id: 'string',
	feature_overrides: 'strings',
	onboarding_integration_progress: 'string',
	onboarding_embedded_editor_progress: 'number',
	account_overrides: 'object',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function typeProblem(type: PropertyType, value: unknown): string | undefined {
	switch (type) {
		case 'string':
			return typeof value === 'string' ? undefined : 'must be a string';
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'must be a boolean';
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
		case 'strings':
			return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be an array of strings';
		case 'multilingual':
			return isObject(value) && Object.values(value).every((v) => typeof v === 'string') ? undefined : 'must be a multilingual string';
		case 'object':
			return isObject(value) ? undefined : 'must be an object';
	}
}

export function luzmoError(code: number, description: string, message: string, validation?: Record<string, string[]>): SandboxResponse {
	return { status: code, body: { type: { code, description }, message, ...(validation ? { validation } : {}) } };
}

export class LuzmoSandbox extends Sandbox {
	/** Users of every organization; [INF] emails are unique across organizations, so one store. */
	readonly userStore: UserStore<LuzmoUserRecord>;

	readonly records: LuzmoUserRecord[];

	/** Create requests accepted, by lower-cased email: more than one means a user was created twice. */
	readonly createdByEmail: Map<string, number>;

	/** Creates that arrived without key and token and started a new organization. */
	bootstrappedOrganizations = 0;

	readonly apiKey: string;

	readonly apiToken: string;

	readonly organizationId: string = randomUUID();

	/** Delete requests that removed a user, by user ID: more than one would be a double effect. */
	readonly deletedById = new Map<string, number>();

	/** Update requests that changed a user, in order: what each set. */
	readonly updatesApplied: Array<{ id: string; properties: Record<string, unknown> }> = [];

	/** The caller's groups and their members. */
	readonly groups: LuzmoGroups;

	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	/** User requests with a token seen while a rate limit is set, for `rateLimit.refuse`. */
	private limitedRequests = 0;

	constructor(private readonly options: LuzmoSandboxOptions = {}) {
		super();
		this.userStore = new UserStore<LuzmoUserRecord>({ id: (r) => r.user.id, email: (r) => r.user.email, live: (r) => !r.deleted }, options);
		this.records = this.userStore.records;
		this.createdByEmail = this.userStore.createdByEmail;
		this.apiKey = options.apiKey ?? 'luzmo-key-7f3c2a91';
		this.apiToken = options.apiToken ?? 'luzmo-token-5b8e1d64c0a7';
		this.groups = new LuzmoGroups((id) => this.liveUser(id));
		this.route('POST', '/0.1.0/user', (r) => this.authorized(r, true, (body) => this.user(body)));
		this.route('POST', '/0.1.0/group', (r) => this.authorized(r, false, (body) => this.groups.handle(body)));
		// Luzmo answers any other route in plain text.
		for (const path of ['/:a', '/:a/:b', '/:a/:b/:c', '/:a/:b/:c/:d']) {
			this.route('POST', path, () => ({ status: 404, text: ROUTE_MISSING, contentType: 'text/plain' }));
		}
	}

	/** Create requests received (whatever their answer). */
	creates(): SandboxRequest[] {
		return this.received('POST', '/0.1.0/user').filter((r) => r.body?.action === 'create');
	}

	lookups(): SandboxRequest[] {
		return this.received('POST', '/0.1.0/user').filter((r) => r.body?.action === 'get');
	}

	/** Requests of one action on a resource (`user` or `group`), whatever their answer. */
	actions(resource: 'user' | 'group', action: string): SandboxRequest[] {
		return this.received('POST', `/0.1.0/${resource}`).filter((r) => r.body?.action === action);
	}

	/** The live (not deleted) user with this ID in the caller's organization. */
	liveUser(id: unknown): LuzmoUserRecord['user'] | undefined {
		return this.liveRecord(id)?.user;
	}

	duplicates(): string[] {
		return this.userStore.duplicates();
	}

	/** Live accounts with this email, in any case and any organization. */
	accountsFor(email: string): number {
		return this.userStore.accountsFor(email);
	}

	private liveRecord(id: unknown): LuzmoUserRecord | undefined {
		const record = this.userStore.get(id);
		return record && !record.deleted && record.organizationId === this.organizationId && record.user.id === id ? record : undefined;
	}

	/** A user that already exists, in the caller's organization unless another is given. */
	seedUser(properties: Record<string, unknown> & { email: string }, organizationId = this.organizationId): LuzmoUserRecord['user'] {
		const now = new Date().toISOString();
		const user = { id: randomUUID(), name: null, role: 'member', ...properties, created_at: now, updated_at: now };
		this.userStore.add({ organizationId, user });
		return user;
	}

	/**
	 * Every route checks the version, the rate limit per token and the key-token pair. A create
	 * without key and token is Luzmo's bootstrap of a new organization (user route only).
	 */
	private authorized(r: SandboxRequest, bootstrap: boolean, handle: (body: Record<string, unknown>) => SandboxResponse): SandboxResponse {
		const body = isObject(r.body) ? r.body : {};
		if (body.version !== '0.1.0') return luzmoError(400, 'Bad Request', 'Unsupported or missing API version.');

		const token = typeof body.token === 'string' ? body.token : '';
		if (token && this.options.rateLimit) {
			this.limitedRequests += 1;
			const refused = !this.takeToken(token) || Boolean(this.options.rateLimit.refuse?.includes(this.limitedRequests));
			if (refused) {
				const response = luzmoError(429, 'Too Many Requests', 'Rate limit exceeded, please slow down.');
				this.recordRefusal(r, response);
				return response;
			}
		}

		const anonymous = !body.key && !body.token;
		if (bootstrap && anonymous && body.action === 'create') return this.create(body.properties, randomUUID());
		if (body.key !== this.apiKey || body.token !== this.apiToken) {
			return luzmoError(401, 'Unauthorized', 'Invalid API key or token.');
		}
		return handle(body);
	}

	private user(body: Record<string, unknown>): SandboxResponse {
		if (body.action === 'create') return this.create(body.properties, this.organizationId);
		if (body.action === 'get') return this.get(body.find);
		if (body.action === 'update') return this.update(body.id, body.properties);
		if (body.action === 'delete') return this.delete(body.id);
		return luzmoError(400, 'Bad Request', `Action "${String(body.action)}" is not supported on user.`);
	}

	/** Type problems of given properties, by field; `email` must be valid wherever it is given. */
	private validation(properties: Record<string, unknown>, emailRequired: boolean): Record<string, string[]> {
		const validation: Record<string, string[]> = {};
		for (const [field, value] of Object.entries(properties)) {
			const type = PROPERTY_TYPES[field];
			const problem = type ? typeProblem(type, value) : 'is not a property of user'; // [INF]
			if (problem) validation[field] = [problem];
		}
		const email = properties.email;
		if ((emailRequired || email !== undefined) && (typeof email !== 'string' || !EMAIL.test(email))) validation.email = ['must be a valid email address'];
		return validation;
	}

	/** [INF] An unknown or deleted ID answers 404 in Luzmo's error shape. */
	private notFound(id: unknown): SandboxResponse {
		return luzmoError(404, 'Not Found', `User ${String(id)} could not be found.`);
	}

	/** Overwrites the given properties, keeps the others, answers the user (Update User's example). */
	private update(id: unknown, properties: unknown): SandboxResponse {
		const record = this.liveRecord(id);
		if (!record) return this.notFound(id);
		const { user } = record;
		if (!isObject(properties) || Object.keys(properties).length === 0) return luzmoError(400, 'Bad Request', 'Properties are required.');
		const validation = this.validation(properties, false);
		if (Object.keys(validation).length) return luzmoError(400, 'Bad Request', 'Invalid user properties.', validation);
		if (typeof properties.email === 'string') {
			const taken = this.userStore.liveWithEmail(properties.email).some((other) => other !== record);
			if (taken) return luzmoError(400, 'Bad Request', 'A user with this email address already exists.'); // [INF] wording
		}
		Object.assign(user, properties, { updated_at: new Date().toISOString() });
		this.userStore.reindex(record);
		this.updatesApplied.push({ id: user.id, properties });
		return { status: 200, body: user };
	}

	/** Marks the user deleted and ends their memberships; answers `{ code: 200 }` [INF]. */
	private delete(id: unknown): SandboxResponse {
		const record = this.liveRecord(id);
		if (!record) return this.notFound(id);
		record.deleted = true;
		this.groups.forgetUser(record.user.id);
		this.deletedById.set(record.user.id, (this.deletedById.get(record.user.id) ?? 0) + 1);
		return { status: 200, body: { code: 200 } };
	}

	private create(properties: unknown, organizationId: string): SandboxResponse {
		if (!isObject(properties)) return luzmoError(400, 'Bad Request', 'Properties are required.');
		const validation = this.validation(properties, true);
		if (Object.keys(validation).length) return luzmoError(400, 'Bad Request', 'Invalid user properties.', validation);

		if (this.userStore.refusesCreate(properties.email)) {
			return luzmoError(400, 'Bad Request', 'A user with this email address already exists.'); // [INF] wording
		}
		if (organizationId !== this.organizationId) this.bootstrappedOrganizations += 1;
		const user = this.seedUser(properties as LuzmoUserRecord['user'], organizationId);
		this.userStore.countCreate(properties.email);
		return { status: 200, body: user };
	}

	/**
	 * `find.where.email` matches as the `emailSearch` option says (case-insensitively [INF] unless
	 * `exactCase`), answered from the email index; other where keys match exactly.
	 */
	private get(find: unknown): SandboxResponse {
		const { where } = isObject(find) ? find : {};
		const conditions = isObject(where) ? Object.entries(where) : [];
		const email = isObject(where) && typeof where.email === 'string' ? where.email : undefined;
		const candidates = email === undefined ? this.records : this.userStore.search(email);
		const matches = candidates
			.filter((record) => record.organizationId === this.organizationId && !record.deleted)
			.map((record) => record.user)
			.filter((user) => conditions.every(([key, value]) => (key === 'email' && email !== undefined) || user[key] === value));
		return { status: 200, body: page(matches, find) };
	}

	private takeToken(token: string): boolean {
		const { perSecond, burst } = this.options.rateLimit!;
		const now = Date.now();
		const bucket = this.buckets.get(token) ?? { tokens: burst, at: now };
		bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
		bucket.at = now;
		this.buckets.set(token, bucket);
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}
}

/**
 * `find.order` as Sequelize takes it (`[["created_at", "asc"], ...]`), then `offset` and `limit`;
 * answered `{ count, rows }` with count the number of all matches.
 */
export function page<Row extends Record<string, unknown>>(matches: Row[], find: unknown): { count: number; rows: Row[] } {
	const { limit, offset, order } = isObject(find) ? find : {};
	const sorted = [...matches];
	if (Array.isArray(order)) {
		const keys = order.filter((entry): entry is [string, string] => Array.isArray(entry) && typeof entry[0] === 'string');
		sorted.sort((a, b) => {
			for (const [key, direction] of keys) {
				const [x, y] = [String(a[key] ?? ''), String(b[key] ?? '')];
				if (x !== y) return (x < y ? -1 : 1) * (String(direction).toLowerCase() === 'desc' ? -1 : 1);
			}
			return 0;
		});
	}
	const start = typeof offset === 'number' && offset > 0 ? offset : 0;
	const rows = typeof limit === 'number' ? sorted.slice(start, start + limit) : sorted.slice(start);
	return { count: matches.length, rows };
}
