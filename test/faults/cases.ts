/**
 * The fault cases, each written once for every vendor through its adapter: what goes wrong
 * (sandbox faults on the create, lookup or token requests), how the node is run, what it should
 * come to, and the case's own checks (how many requests, how long the waits were).
 * The invariants every case shares (one output item per input item, no duplicate, clear errors,
 * no secret anywhere) are checked by invariants.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeRun } from '../harness/workflow';
import type { SandboxRequest, SandboxResponse } from '../sandbox/toolkit';
import type { Target, VendorRun } from './vendors';
import { receivedBy } from './vendors';

export type Expectation =
	/** Every item is created, or returned as existing when its user was seeded. */
	| { kind: 'allDone' }
	/** Under Continue On Fail: these items (all when omitted) are error items with this message; the rest are done. */
	| { kind: 'errorItems'; indices?: number[]; message: (v: VendorRun) => string | RegExp }
	/** Without Continue On Fail: the node fails with this item's error. */
	| { kind: 'nodeFails'; itemIndex: number; message: (v: VendorRun) => string | RegExp };

export interface CaseRun {
	v: VendorRun;
	items: IDataObject[];
	result: NodeRun;
	/** What `arrange` returned. */
	state: IDataObject;
}

export interface FaultCase {
	id: string;
	title: string;
	/** Only for vendors with a token exchange (Domo, OpsRamp, Garmat in session mode). */
	tokenOnly?: boolean;
	items?: number;
	/** Default true. */
	continueOnFail?: boolean;
	options?: IDataObject;
	/** Items whose user exists before the run. */
	existing?: number[];
	arrange(v: VendorRun): IDataObject | void;
	expect: Expectation;
	/** Case-specific checks; each string returned is a violation. */
	check?(run: CaseRun): string[];
}

type When = 'before' | 'after';

function fault(v: VendorRun, target: Target, times: number, when: When, action: Parameters<VendorRun['sandbox']['fault']>[0]['action']) {
	v.sandbox.fault({ ...target, times, when, action });
}

const respond = (response: SandboxResponse) => ({ type: 'respond' as const, response });

/** An answer computed when it is sent: a header with the current time, a body quoting the request. */
function live(status: number, body: () => unknown, headers: () => Record<string, string> = () => ({})): SandboxResponse {
	return {
		status,
		get body() {
			return body();
		},
		get headers() {
			return headers();
		},
	};
}

const creates = (v: VendorRun) => receivedBy(v.sandbox, v.create);
const lookups = (v: VendorRun) => receivedBy(v.sandbox, v.lookup);
const tokenRequests = (v: VendorRun) => (v.token ? receivedBy(v.sandbox, v.token) : []);

function count(label: string, actual: number, expected: number): string[] {
	return actual === expected ? [] : [`${label}: expected ${expected}, got ${actual}`];
}

function atLeast(label: string, actual: number, minimum: number): string[] {
	return actual >= minimum ? [] : [`${label}: expected at least ${minimum}, got ${actual}`];
}

/** Gaps between consecutive requests, from the first one. */
function gaps(requests: SandboxRequest[], howMany: number): number[] {
	return requests.slice(1, howMany + 1).map((request, i) => request.at - requests[i].at);
}

const bearer = (request: SandboxRequest | undefined) => String(request?.headers.authorization ?? '').replace(/^bearer\s+/i, '');

const rateLimited = (v: VendorRun) => v.errorBody(429, 'Rate limit exceeded');

const storms: FaultCase[] = [
	{
		id: '429-retry-after',
		title: '429 storm with Retry-After: 1 (two refusals), concurrency 3',
		options: { concurrency: 3 },
		arrange: (v) => fault(v, v.create, 2, 'before', respond({ status: 429, body: rateLimited(v), headers: { 'Retry-After': '1' } })),
		expect: { kind: 'allDone' },
		check: ({ v, items }) => [
			...count('create requests', creates(v).length, items.length + 2),
			...gaps(creates(v), 2).flatMap((gap, i) => (gap >= 950 ? [] : [`retry ${i + 1} came ${gap} ms after the refusal, before Retry-After`])),
		],
	},
	{
		id: '429-ratelimit-reset',
		title: '429 storm with X-RateLimit-Reset (epoch seconds), no Retry-After (two refusals)',
		arrange: (v) => {
			const resets: number[] = [];
			const headers = () => {
				const reset = Math.floor(Date.now() / 1000) + 1;
				resets.push(reset);
				return { 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) };
			};
			fault(v, v.create, 2, 'before', respond(live(429, () => rateLimited(v), headers)));
			return { resets };
		},
		expect: { kind: 'allDone' },
		check: ({ v, items, state }) => {
			const requests = creates(v);
			const resets = state.resets as number[];
			return [
				...count('create requests', requests.length, items.length + 2),
				...resets.flatMap((reset, i) =>
					requests[i + 1] && requests[i + 1].at >= reset * 1000 ? [] : [`retry ${i + 1} was sent before X-RateLimit-Reset`],
				),
			];
		},
	},
	{
		id: '429-no-headers',
		title: '429 storm without Retry-After or X-RateLimit-Reset (two refusals, backoff)',
		arrange: (v) => fault(v, v.create, 2, 'before', respond({ status: 429, body: rateLimited(v) })),
		expect: { kind: 'allDone' },
		check: ({ v, items }) => count('create requests', creates(v).length, items.length + 2),
	},
	{
		id: '429-endless',
		title: '429 storm that never ends, Retry-After: 0 (bounded give-up)',
		continueOnFail: false,
		arrange: (v) => fault(v, v.create, Infinity, 'before', respond({ status: 429, body: rateLimited(v), headers: { 'Retry-After': '0' } })),
		expect: { kind: 'nodeFails', itemIndex: 0, message: () => 'Rate limit exceeded' },
		check: ({ v, result }) => [
			// The first attempt and the transport's 8 retries, then it gives up; later items never start.
			...count('create requests', creates(v).length, 9),
			...(String(result.error?.description).includes('Gave up after 9 rate-limited attempts') ? [] : ['description does not say the node gave up']),
		],
	},
];

const serverErrors: FaultCase[] = [
	{
		id: '500-create-after',
		title: '500 on create, after the server created the user',
		arrange: (v) => fault(v, v.create, 1, 'after', respond({ status: 500, body: v.errorBody(500, 'Internal server error') })),
		expect: { kind: 'allDone' },
		// The lookup finds the user the lost answer created: no second create.
		check: ({ v, items }) => [...count('create requests', creates(v).length, items.length), ...atLeast('lookups', lookups(v).length, 1)],
	},
	{
		id: '502-create',
		title: '502 on create from a proxy (HTML body), nothing created',
		arrange: (v) =>
			fault(v, v.create, 1, 'before', respond({ status: 502, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' })),
		expect: { kind: 'allDone' },
		check: ({ v, items }) => [...count('create requests', creates(v).length, items.length + 1), ...atLeast('lookups', lookups(v).length, 1)],
	},
	{
		id: '503-create',
		title: '503 on create, nothing created',
		arrange: (v) => fault(v, v.create, 1, 'before', respond({ status: 503, body: v.errorBody(503, 'Service temporarily unavailable') })),
		expect: { kind: 'allDone' },
		check: ({ v, items }) => [...count('create requests', creates(v).length, items.length + 1), ...atLeast('lookups', lookups(v).length, 1)],
	},
	...([500, 502, 503] as const).map(
		(status): FaultCase => ({
			id: `${status}-lookup`,
			title: `${status} on lookup (twice), If User Exists: Return Existing, item 1 exists`,
			options: { ifUserExists: 'returnExisting' },
			existing: [1],
			arrange: (v) => fault(v, v.lookup, 2, 'before', respond({ status, body: v.errorBody(status, `Lookup failed (${status})`) })),
			expect: { kind: 'allDone' },
			check: ({ v, items }) => count('create requests', creates(v).length, items.length - 1),
		}),
	),
];

const connections: FaultCase[] = [
	{
		id: 'reset-before',
		title: 'connection reset before the server acted',
		arrange: (v) => fault(v, v.create, 1, 'before', { type: 'reset' }),
		expect: { kind: 'allDone' },
		check: ({ v, items }) => [...count('create requests', creates(v).length, items.length + 1), ...atLeast('lookups', lookups(v).length, 1)],
	},
	{
		id: 'reset-after',
		title: 'connection reset after the server created the user',
		arrange: (v) => fault(v, v.create, 1, 'after', { type: 'reset' }),
		expect: { kind: 'allDone' },
		check: ({ v, items }) => [...count('create requests', creates(v).length, items.length), ...atLeast('lookups', lookups(v).length, 1)],
	},
	{
		id: 'slow-answer',
		title: 'answer 1.5 s late, Timeout option 400 ms (the server created the user)',
		options: { timeout: 400 },
		arrange: (v) => fault(v, v.create, 1, 'after', { type: 'delay', ms: 1500 }),
		expect: { kind: 'allDone' },
		check: ({ v, items }) => [...count('create requests', creates(v).length, items.length), ...atLeast('lookups', lookups(v).length, 1)],
	},
];

const PLAIN = 'Email domain is not allowed here';

const errorBodies: FaultCase[] = [
	{
		id: 'plain-text-error',
		title: '400 with a plain-text body',
		arrange: (v) => fault(v, v.create, Infinity, 'before', respond({ status: 400, text: PLAIN, contentType: 'text/plain' })),
		expect: { kind: 'errorItems', message: () => PLAIN },
	},
	{
		id: 'empty-error',
		title: '400 with an empty body',
		arrange: (v) => fault(v, v.create, Infinity, 'before', respond({ status: 400 })),
		expect: { kind: 'errorItems', message: (v) => `${v.name} refused the request (HTTP 400)` },
	},
	{
		id: 'malformed-json-error',
		title: '400 with a malformed JSON body (application/json)',
		arrange: (v) =>
			fault(v, v.create, Infinity, 'before', respond({ status: 400, text: `{"message": "${PLAIN}", "code":`, contentType: 'application/json' })),
		expect: { kind: 'errorItems', message: (v) => `${v.name} refused the request (HTTP 400)` },
		// The vendor's words are not lost: the broken body is shown as a detail.
		check: ({ result }) =>
			(result.items ?? []).flatMap((item, i) =>
				String(item.json.description).includes(`Its answer was not valid JSON: {"message": "${PLAIN}"`) ? [] : [`item ${i} description does not show the broken body`],
			),
	},
	{
		id: 'error-echoes-request',
		title: '400 whose message quotes the request (auth header and body)',
		arrange: (v) => {
			let last: SandboxRequest | undefined;
			const quote = () => `Rejected request: Authorization=${String(last?.headers.authorization ?? '')} body=${last?.rawBody ?? ''}`;
			fault(v, { ...v.create, match: (r) => (!v.create.match || v.create.match(r)) && Boolean((last = r)) }, Infinity, 'before', respond(live(400, () => v.errorBody(400, quote()))));
		},
		expect: { kind: 'errorItems', message: () => /^Rejected request: / },
		// The quoted request held the run's secrets (key, token, password): they were masked, not absent.
		check: ({ result }) =>
			(result.items ?? []).flatMap((item, i) => (String(item.json.error).includes('[redacted]') ? [] : [`item ${i} error shows no masked secret`])),
	},
];

const tokens: FaultCase[] = [
	{
		id: 'token-expires-mid-batch',
		title: 'token expires mid-batch (before the 3rd create)',
		tokenOnly: true,
		items: 4,
		arrange: (v) => {
			let seen = 0;
			// Never answers: it only expires the tokens when the third create arrives.
			fault(v, { ...v.create, match: () => (++seen === 3 && v.expireTokens!(), false) }, Infinity, 'before', { type: 'reset' });
		},
		expect: { kind: 'allDone' },
		check: ({ v, items }) => [
			...count('token requests', tokenRequests(v).length, 2),
			// The refused create is repeated once with the new token.
			...count('create requests', creates(v).length, items.length + 1),
		],
	},
	{
		id: 'token-endpoint-500',
		title: 'token endpoint answers 500 once',
		tokenOnly: true,
		arrange: (v) => fault(v, v.token!, 1, 'before', respond({ status: 500, text: 'Token service unavailable', contentType: 'text/plain' })),
		expect: { kind: 'allDone' },
		check: ({ v }) => count('token requests', tokenRequests(v).length, 2),
	},
	{
		id: 'token-endpoint-401',
		title: 'token endpoint refuses the credential (401)',
		tokenOnly: true,
		arrange: (v) => fault(v, v.token!, Infinity, 'before', respond({ status: 401, body: v.tokenRefusal!.body })),
		expect: { kind: 'errorItems', message: (v) => v.tokenRefusal!.message },
		check: ({ v }) => count('create requests', creates(v).length, 0),
	},
	{
		id: 'token-rejected-after-refresh',
		title: 'API refuses the token, then the fresh one too (401 quoting the token)',
		tokenOnly: true,
		arrange: (v) => {
			let last: SandboxRequest | undefined;
			fault(v, { ...v.create, match: (r) => Boolean((last = r)) }, 2, 'before', respond(live(401, () => v.unknownTokenBody!(bearer(last)))));
		},
		expect: { kind: 'errorItems', indices: [0], message: () => /Invalid access token|unknown session/ },
		check: ({ v }) => count('token requests', tokenRequests(v).length, 2),
	},
];

export const CASES: FaultCase[] = [...storms, ...serverErrors, ...connections, ...errorBodies, ...tokens];
