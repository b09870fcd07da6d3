/**
 * The mechanics fault cases are written with: which requests a fault hits (targets and matchers
 * that do not depend on how an operation looks a user up), a log of the faults installed and of
 * every request each one hit, and small counting helpers.
 */
import type { FaultAction, Sandbox, SandboxRequest, SandboxResponse } from '../sandbox/toolkit';

/** Which requests a fault hits. */
export interface Target {
	method?: string;
	path?: string | RegExp;
	match?: (request: SandboxRequest) => boolean;
}

/** Requests a target matches, in the order received. */
export function receivedBy(sandbox: Sandbox, target: Target): SandboxRequest[] {
	return sandbox.requests.filter((r) => matches(target, r));
}

export function matches(target: Target, r: SandboxRequest): boolean {
	return (
		(!target.method || target.method.toUpperCase() === r.method) &&
		(!target.path || (typeof target.path === 'string' ? target.path === r.path : target.path.test(r.path))) &&
		(!target.match || target.match(r))
	);
}

/** A target for any request `is` accepts. */
export const anyOf = (is: (r: SandboxRequest) => boolean): Target => ({ match: is });

/**
 * The requests of a target from its `from`-th on (1-based), counted as they arrive: "the second
 * page read" whatever the read is (a search, a get by ID, a directory page). Stateful: one per run.
 */
export function fromNth(target: Target, from: number): Target {
	let seen = 0;
	return { match: (r) => matches(target, r) && ++seen >= from };
}

/**
 * The requests of one item only: the first request the target matches fixes the key (a user's
 * ID or email, as `key` reads it from the request), later ones match only with the same key.
 */
export function oneItem(target: Target, key: (r: SandboxRequest) => string): Target {
	let fixed: string | undefined;
	return {
		match: (r) => {
			if (!matches(target, r)) return false;
			fixed ??= key(r);
			return key(r) === fixed;
		},
	};
}

/** A fault's action, or one built from the request it hits (e.g. an answer quoting the request). */
export type ActionFor = FaultAction | ((request: SandboxRequest) => FaultAction);

export interface Hit {
	/** Index of the request in `sandbox.requests`. */
	index: number;
	request: SandboxRequest;
	when: 'before' | 'after';
	/** The action as it was applied to this request. */
	action: FaultAction;
}

/** Whether an action leaves the client not knowing if the server acted: no answer, or a 5xx. */
export function isAmbiguous(action: FaultAction): boolean {
	return action.type === 'reset' || action.type === 'hold' || action.type === 'delay' || (action.type === 'respond' && action.response.status >= 500);
}

/**
 * The faults of one run, installed on its sandbox through `Sandbox.fault`, and every request
 * each one hit, with the answer it got. A case can check that its faults were met at all, so
 * it never passes because the operation happened not to send the request it meant to hit.
 */
export class FaultLog {
	readonly hits: Hit[] = [];

	readonly installed: Array<{ label: string; hits: number }> = [];

	constructor(private readonly sandbox: Sandbox) {}

	add(label: string, target: Target, times: number, when: 'before' | 'after', action: ActionFor): void {
		const entry = { label, hits: 0 };
		this.installed.push(entry);
		// The sandbox takes the first fault whose conditions all hold; `match` is its last condition,
		// so a match that returns true is the fault being taken, and the sandbox reads the action
		// right after it: an action built from the request is written into the one it will read.
		const forward = (typeof action === 'function' ? {} : action) as Record<string, unknown>;
		const taken = (r: SandboxRequest) => {
			if (!matches(target, r)) return false;
			const applied = typeof action === 'function' ? action(r) : action;
			if (typeof action === 'function') {
				for (const key of Object.keys(forward)) delete forward[key];
				Object.assign(forward, applied);
			}
			entry.hits += 1;
			this.hits.push({ index: this.sandbox.requests.indexOf(r), request: r, when, action: applied });
			return true;
		};
		this.sandbox.fault({ match: taken, times, when, action: forward as unknown as FaultAction });
	}

	/** Labels of installed faults that hit nothing: the case did not test what it meant to. */
	unmet(): string[] {
		return this.installed.filter((fault) => fault.hits === 0).map((fault) => fault.label);
	}

	hitsOf(label: string): number {
		return this.installed.filter((fault) => fault.label === label).reduce((sum, fault) => sum + fault.hits, 0);
	}
}

export const respond = (response: SandboxResponse): FaultAction => ({ type: 'respond', response });

export function count(label: string, actual: number, expected: number): string[] {
	return actual === expected ? [] : [`${label}: expected ${expected}, got ${actual}`];
}

export function atLeast(label: string, actual: number, minimum: number): string[] {
	return actual >= minimum ? [] : [`${label}: expected at least ${minimum}, got ${actual}`];
}

/** What makes two requests the same request: sent again, it is this. */
export const signature = (r: SandboxRequest) => `${r.method} ${r.path}?${new URLSearchParams(r.query).toString()} ${r.rawBody}`;

/** The first request after `index` that is the same request sent again, if any. */
export function repeatOf(sandbox: Sandbox, index: number): { index: number; request: SandboxRequest } | undefined {
	const wanted = signature(sandbox.requests[index]);
	for (let next = index + 1; next < sandbox.requests.length; next++) {
		if (signature(sandbox.requests[next]) === wanted) return { index: next, request: sandbox.requests[next] };
	}
	return undefined;
}

export const bearer = (request: SandboxRequest | undefined) => String(request?.headers.authorization ?? '').replace(/^bearer\s+/i, '');
