/**
 * The fault cases, each written once for every vendor through its adapter: what goes wrong
 * (sandbox faults on the create, lookup or token requests), how the node is run, what it should
 * come to, and the case's own checks (how many requests, how long the waits were).
 * The invariants every case shares (one output item per input item, no duplicate, clear errors,
 * no secret anywhere) are checked by invariants.ts.
 * Here: rate limits, server errors, lost connections; error bodies and tokens in cases.answers.ts.
 */
import type { FaultCase } from './kit';
import type { VendorRun } from './vendors';
import { atLeast, count, creates, fault, gaps, live, lookups, respond } from './kit';
import { ANSWER_CASES } from './cases.answers';
import { NEVER } from '../sandbox/toolkit';

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
		// The answer is held until the sandbox stops, so only the Timeout can end the wait, however
		// busy the machine is. 2 s: short enough to keep the case quick, long enough that a busy
		// machine does not time out the other requests of the run (which would make their count
		// wrong, not the node).
		title: 'answer that never comes, Timeout option 2 s (the server created the user)',
		options: { timeout: 2000 },
		arrange: (v) => fault(v, v.create, 1, 'after', { type: 'hold', until: NEVER }),
		expect: { kind: 'allDone' },
		check: ({ v, items }) => [...count('create requests', creates(v).length, items.length), ...atLeast('lookups', lookups(v).length, 1)],
	},
];

export const CASES: FaultCase[] = [...storms, ...serverErrors, ...connections, ...ANSWER_CASES];
