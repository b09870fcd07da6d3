import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type { DirectoryOptions, EmailSearch, UserShape } from './userStore';
export { emailKey, UserStore } from './userStore';

/**
 * A small HTTP server on 127.0.0.1 for vendor sandboxes: routes, a record of every request,
 * scripted latency, faults and fixed-window rate limits; and the users store they share (one
 * email index, one duplicate-create counter, the `emailSearch` and `acceptDuplicateEmails`
 * options: ./userStore). Vendor sandboxes build on it and keep their own state (tokens, groups)
 * and error shapes.
 */

export interface SandboxRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	rawBody: string;
	/** JSON or form body, decoded; undefined when empty or not decodable. */
	body: any;
	params: Record<string, string>;
	at: number;
}

export interface SandboxResponse {
	status: number;
	/** Sent as JSON unless `text` is given. */
	body?: unknown;
	/** A raw body, e.g. plain text or broken JSON. */
	text?: string;
	contentType?: string;
	headers?: Record<string, string>;
}

export type Handler = (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export type FaultAction =
	| { type: 'respond'; response: SandboxResponse }
	/** Destroys the connection without an answer. */
	| { type: 'reset' }
	/** Holds the answer back, e.g. longer than the client's timeout. */
	| { type: 'delay'; ms: number }
	/**
	 * Holds the request until `until` settles, e.g. until another request has been answered, so
	 * an order is made by construction rather than by a delay a busy machine may outlast. A promise
	 * that never settles (`NEVER`) holds it until the sandbox stops: an answer that never comes.
	 */
	| { type: 'hold'; until: Promise<unknown> };

/** For a `hold` that lasts until the sandbox stops. */
export const NEVER: Promise<never> = new Promise<never>(() => {});

/**
 * Settles once `condition()` holds (checked every few milliseconds), or after `capMs` at the
 * latest, so that a `hold` on a condition the client never brings about ends the test with a
 * failed check instead of a hang. The cap is no expectation of speed: a correct client meets the
 * condition whatever the time it takes, up to the cap.
 */
export function until(condition: () => boolean, capMs: number): Promise<void> {
	return new Promise((resolve) => {
		const started = Date.now();
		const timer = setInterval(() => {
			if (condition() || Date.now() - started >= capMs) {
				clearInterval(timer);
				resolve();
			}
		}, 5);
	});
}

export interface Fault {
	method?: string;
	path?: string | RegExp;
	/** Any further condition, e.g. on the body. */
	match?: (request: SandboxRequest) => boolean;
	/** How many matching requests it hits; Infinity for all. */
	times: number;
	/** 'before': the request never reaches the handler. 'after': the handler runs (state changes), then the fault hits the answer. */
	when: 'before' | 'after';
	action: FaultAction;
}

export interface RateLimit {
	limit: number;
	windowMs: number;
	/** Which requests count against this limit. */
	applies(request: SandboxRequest): boolean;
	/** Announce `X-RateLimit-Limit/Remaining/Reset` (epoch seconds) on every counted answer. */
	announce: boolean;
	/** The answer over the limit. */
	refuse(resetEpochSeconds: number): SandboxResponse;
	/**
	 * Also refuse these requests, by their number among the requests this limit counts (1 is the
	 * first, counted over the sandbox's life, refused ones included), whatever the window: the
	 * limit met by construction, so a test does not depend on the client being fast enough to
	 * meet it. Such a refusal announces `X-RateLimit-Remaining: 0`.
	 */
	refuseCounted?: readonly number[];
}

/** A request a rate limit refused, with the answer it got, headers included (e.g. to check the wait it announced). */
export interface Refusal {
	request: SandboxRequest;
	response: SandboxResponse;
}

interface Route {
	method: string;
	pattern: RegExp;
	keys: string[];
	handler: Handler;
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
	const keys: string[] = [];
	const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, key: string) => {
		keys.push(key);
		return '([^/]+)';
	});
	return { pattern: new RegExp(`^${source}$`), keys };
}

function decodeBody(raw: string, contentType: string | undefined): unknown {
	if (!raw) return undefined;
	if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
	try {
		return JSON.parse(raw);
	} catch {
		return undefined;
	}
}

export class Sandbox {
	readonly requests: SandboxRequest[] = [];

	latencyMs = 0;

	private readonly routes: Route[] = [];

	private readonly faults: Fault[] = [];

	private readonly limits: Array<RateLimit & { windowStart: number; count: number; total: number }> = [];

	private server?: http.Server;

	private readonly sockets = new Set<import('node:net').Socket>();

	url = '';

	/** Answers sent with status 429 or another refusal by a rate limit. */
	rateLimited = 0;

	/** Every refusal by a rate limit, in order. */
	readonly refusals: Refusal[] = [];

	private inFlight?: { now: number; max: number; area: number; first: number; last: number };

	route(method: string, path: string, handler: Handler): this {
		this.routes.push({ method: method.toUpperCase(), ...compile(path), handler });
		return this;
	}

	fault(fault: Fault): this {
		this.faults.push({ ...fault });
		return this;
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	rateLimit(limit: RateLimit): this {
		this.limits.push({ ...limit, windowStart: 0, count: 0, total: 0 });
		return this;
	}

	/** Requests matching a method and path (a string is matched exactly). */
	received(method: string, path: string | RegExp): SandboxRequest[] {
		return this.requests.filter(
			(r) => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path)),
		);
	}

	/** Listens on 127.0.0.1, on the given port or a free one. */
	async start(port = 0): Promise<string> {
		this.server = http.createServer((req, res) => void this.handle(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port, '127.0.0.1', resolve);
		});
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this.url;
	}

	/**
	 * Counts requests received and not yet answered, from now on (for benchmarks: how many
	 * requests a client really keeps in flight), or only those `counts` accepts (e.g. the pages of
	 * one list). Changes nothing in how requests are answered.
	 */
	trackInFlight(counts?: (request: { method: string; path: string; query: URLSearchParams }) => boolean): void {
		this.inFlight = { now: 0, max: 0, area: 0, first: 0, last: 0 };
		this.server?.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
			const url = new URL(req.url ?? '/', 'http://sandbox');
			if (counts && !counts({ method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams })) return;
			this.countInFlight(+1);
			res.once('close', () => this.countInFlight(-1));
		});
	}

	/** Time-weighted average and maximum of the requests in flight, between the first request and the last answer. */
	inFlightStats(): { average: number; max: number } | undefined {
		const stats = this.inFlight;
		if (!stats || stats.last <= stats.first) return undefined;
		return { average: stats.area / (stats.last - stats.first), max: stats.max };
	}

	private countInFlight(change: number): void {
		const stats = this.inFlight!;
		const now = performance.now();
		if (stats.first === 0) stats.first = now;
		else stats.area += stats.now * (now - stats.last);
		stats.last = now;
		stats.now += change;
		stats.max = Math.max(stats.max, stats.now);
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private takeFault(request: SandboxRequest, when: Fault['when']): FaultAction | undefined {
		const fault = this.faults.find(
			(f) =>
				f.when === when &&
				f.times > 0 &&
				(!f.method || f.method.toUpperCase() === request.method) &&
				(!f.path || (typeof f.path === 'string' ? f.path === request.path : f.path.test(request.path))) &&
				(!f.match || f.match(request)),
		);
		if (!fault) return undefined;
		fault.times -= 1;
		return fault.action;
	}

	/** Counts a refusal by a rate limit (vendor sandboxes with limits of their own call it too). */
	protected recordRefusal(request: SandboxRequest, response: SandboxResponse): void {
		this.rateLimited += 1;
		this.refusals.push({ request, response });
	}

	/** Counts the request against every applicable limit; returns the refusal if one is exceeded. */
	private checkLimits(request: SandboxRequest, headers: Record<string, string>): SandboxResponse | undefined {
		const now = Date.now();
		for (const limit of this.limits) {
			if (!limit.applies(request)) continue;
			if (now - limit.windowStart >= limit.windowMs) {
				limit.windowStart = now - (now % limit.windowMs);
				limit.count = 0;
			}
			const resetEpochSeconds = Math.ceil((limit.windowStart + limit.windowMs) / 1000);
			limit.count += 1;
			limit.total += 1;
			const refused = limit.count > limit.limit || Boolean(limit.refuseCounted?.includes(limit.total));
			const remaining = refused ? 0 : Math.max(0, limit.limit - limit.count);
			if (limit.announce) {
				headers['X-RateLimit-Limit'] = String(limit.limit);
				headers['X-RateLimit-Remaining'] = String(remaining);
				headers['X-RateLimit-Reset'] = String(resetEpochSeconds);
			}
			if (refused) {
				const response = limit.refuse(resetEpochSeconds);
				// Recorded as sent: with the announced headers.
				this.recordRefusal(request, { ...response, headers: { ...headers, ...response.headers } });
				return response;
			}
		}
		return undefined;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const request: SandboxRequest = {
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			rawBody,
			body: decodeBody(rawBody, req.headers['content-type']),
			params: {},
			at: Date.now(),
		};
		this.requests.push(request);
		if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

		const before = this.takeFault(request, 'before');
		if (await this.applyFault(before, res)) return;

		const headers: Record<string, string> = {};
		let response = this.checkLimits(request, headers);
		if (!response) {
			const route = this.routes.find((r) => r.method === request.method && r.pattern.test(request.path));
			if (route) {
				const match = route.pattern.exec(request.path)!;
				route.keys.forEach((key, index) => (request.params[key] = decodeURIComponent(match[index + 1])));
				response = await route.handler(request);
			} else {
				response = { status: 404, text: `Cannot ${request.method} ${request.path}`, contentType: 'text/plain' };
			}
		}

		const after = this.takeFault(request, 'after');
		if (await this.applyFault(after, res)) return;
		this.send(res, response, headers);
	}

	/** Returns true when the fault has answered (or dropped) the request. */
	private async applyFault(action: FaultAction | undefined, res: http.ServerResponse): Promise<boolean> {
		if (!action) return false;
		if (action.type === 'reset') {
			res.socket?.destroy();
			return true;
		}
		if (action.type === 'delay') {
			await new Promise((resolve) => setTimeout(resolve, action.ms));
			return false;
		}
		if (action.type === 'hold') {
			await action.until.catch(() => undefined);
			return false;
		}
		this.send(res, action.response, {});
		return true;
	}

	private send(res: http.ServerResponse, response: SandboxResponse, headers: Record<string, string>): void {
		if (res.destroyed) return;
		const text = response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body));
		const contentType = response.contentType ?? (response.text === undefined ? 'application/json' : 'text/plain');
		res.writeHead(response.status, { ...headers, ...(text ? { 'Content-Type': contentType } : {}), ...response.headers });
		res.end(text);
	}
}

/**
 * Finds the items of a growing array by a key without scanning the whole array on every
 * request, so that a sandbox holding 10,000 users answers a create as fast as one holding ten
 * (a benchmark must not measure the sandbox). Items are indexed as they are appended; an item
 * must keep its key once it is in the array. Callers re-check anything else (e.g. `deleted`).
 */
export class KeyIndex<T> {
	private readonly byKey = new Map<string, T[]>();

	private indexed = 0;

	constructor(
		private readonly items: readonly T[],
		private readonly key: (item: T) => string,
	) {}

	find(key: string): readonly T[] {
		if (this.items.length < this.indexed) {
			this.byKey.clear();
			this.indexed = 0;
		}
		for (; this.indexed < this.items.length; this.indexed++) {
			const item = this.items[this.indexed];
			const itemKey = this.key(item);
			const list = this.byKey.get(itemKey);
			if (list) list.push(item);
			else this.byKey.set(itemKey, [item]);
		}
		return this.byKey.get(key) ?? [];
	}
}
