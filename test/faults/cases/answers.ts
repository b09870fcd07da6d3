/**
 * Faults on "the request" of a row (its write; for a read, its reads from `faultRead` on): 429
 * storms with each way of saying how long to wait, and error answers of every kind.
 * The waits a 429 announces are checked for every run by the invariants (invariants.resend.ts).
 */
import type { SandboxRequest } from '../../sandbox/toolkit';
import type { CaseRun, FaultCase } from '../case';
import { allDone, cleanWrites, primary, writes } from '../case';
import { count, respond } from '../kit';
import type { VendorRun } from '../vendors';

const PLAIN = 'Email domain is not allowed here';

const rateLimited = (v: VendorRun) => v.errorBody(429, 'Rate limit exceeded');

/** For a row with a write: the clean writes and one more per refusal. */
const writesPlus = (extra: number) => (run: CaseRun) => (run.row.write ? count('write requests', writes(run).length, cleanWrites(run) + extra) : []);

const storms: FaultCase[] = [
	{
		id: '429-retry-after',
		title: '429 storm with Retry-After: 1 (two refusals), concurrency 3',
		options: { concurrency: 3 },
		arrange: (setup) => setup.faults.add('429', primary(setup), 2, 'before', respond({ status: 429, body: rateLimited(setup.v), headers: { 'Retry-After': '1' } })),
		expect: allDone,
		check: writesPlus(2),
	},
	{
		id: '429-ratelimit-reset',
		title: '429 storm with X-RateLimit-Reset (epoch seconds), no Retry-After (two refusals)',
		arrange: (setup) =>
			setup.faults.add('429', primary(setup), 2, 'before', () => {
				const reset = Math.floor(Date.now() / 1000) + 1;
				return respond({ status: 429, body: rateLimited(setup.v), headers: { 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) } });
			}),
		expect: allDone,
		check: writesPlus(2),
	},
	{
		id: '429-no-headers',
		title: '429 storm without Retry-After or X-RateLimit-Reset (two refusals, backoff)',
		arrange: (setup) => setup.faults.add('429', primary(setup), 2, 'before', respond({ status: 429, body: rateLimited(setup.v) })),
		expect: allDone,
		check: writesPlus(2),
	},
	{
		id: '429-endless',
		title: '429 storm that never ends, Retry-After: 0 (bounded give-up)',
		continueOnFail: false,
		arrange: (setup) => setup.faults.add('429', primary(setup), Infinity, 'before', respond({ status: 429, body: rateLimited(setup.v), headers: { 'Retry-After': '0' } })),
		expect: () => ({ kind: 'nodeFails', itemIndex: 0, message: () => 'Rate limit exceeded' }),
		check: ({ faults, result }) => [
			// The first attempt and the transport's 8 retries, then it gives up; later items never start.
			...count('refused requests', faults.hitsOf('429'), 9),
			...(String(result.error?.description).includes('Gave up after 9 rate-limited attempts') ? [] : ['description does not say the node gave up']),
		],
	},
	{
		id: 'vendor-rate-limiter',
		title: 'the sandbox\'s own rate limiter refuses the first two requests it counts, with the vendor\'s answer and headers, concurrency 3',
		applies: (row, vendor) =>
			vendor.limiterCounts === 'writes' && !row.write
				? `${vendor.name}'s sandbox counts only writes against the limit it can refuse by count; its reads meet 429s in lookup-429`
				: true,
		refuseCounted: [1, 2],
		options: { concurrency: 3 },
		expect: allDone,
		check: (run) => {
			const refusals = run.v.sandbox.refusals;
			const refusedWrites = refusals.filter((refusal) => run.v.isWrite(refusal.request)).length;
			return [...count('refusals by the rate limiter', refusals.length, 2), ...writesPlus(refusedWrites)(run)];
		},
	},
];

/** An answer quoting the request it refuses: its Authorization header and its body (key, token, password). */
const quoting = (r: SandboxRequest) => `Rejected request: Authorization=${String(r.headers.authorization ?? '')} body=${r.rawBody}`;

const masked = ({ result }: CaseRun) =>
	[...(result.items ?? []).map((item) => item.json.error), ...(result.error ? [result.error.message] : [])].flatMap((text, i) =>
		String(text).includes('[redacted]') ? [] : [`error ${i} shows no masked secret: the quoted request was not masked, or not quoted`],
	);

const errorBodies: FaultCase[] = [
	{
		id: 'plain-text-error',
		title: '400 with a plain-text body',
		arrange: (setup) => setup.faults.add('400', primary(setup), Infinity, 'before', respond({ status: 400, text: PLAIN, contentType: 'text/plain' })),
		expect: () => ({ kind: 'errorItems', message: () => PLAIN }),
		check: writesPlus(0),
	},
	{
		id: 'plain-text-error-stop',
		title: '400 with a plain-text body, without Continue On Fail',
		continueOnFail: false,
		arrange: (setup) => setup.faults.add('400', primary(setup), Infinity, 'before', respond({ status: 400, text: PLAIN, contentType: 'text/plain' })),
		expect: () => ({ kind: 'nodeFails', itemIndex: 0, message: () => PLAIN }),
		// The first failure stops the batch: later items are never sent.
		check: ({ faults }) => count('refused requests', faults.hitsOf('400'), 1),
	},
	{
		id: 'empty-error',
		title: '400 with an empty body',
		arrange: (setup) => setup.faults.add('400', primary(setup), Infinity, 'before', respond({ status: 400 })),
		expect: () => ({ kind: 'errorItems', message: (v) => `${v.name} refused the request (HTTP 400)` }),
	},
	{
		id: 'malformed-json-error',
		title: '400 with a malformed JSON body (application/json)',
		arrange: (setup) =>
			setup.faults.add('400', primary(setup), Infinity, 'before', respond({ status: 400, text: `{"message": "${PLAIN}", "code":`, contentType: 'application/json' })),
		expect: () => ({ kind: 'errorItems', message: (v) => `${v.name} refused the request (HTTP 400)` }),
		// The vendor's words are not lost: the broken body is shown as a detail.
		check: ({ result }) =>
			(result.items ?? []).flatMap((item, i) =>
				String(item.json.description).includes(`Its answer was not valid JSON: {"message": "${PLAIN}"`) ? [] : [`item ${i} description does not show the broken body`],
			),
	},
	{
		id: 'error-echoes-request',
		title: '400 whose message quotes the request (auth header and body)',
		arrange: (setup) => setup.faults.add('400', primary(setup), Infinity, 'before', (r) => respond({ status: 400, body: setup.v.errorBody(400, quoting(r)) })),
		expect: () => ({ kind: 'errorItems', message: () => /^Rejected request: / }),
		// The quoted request held the run's secrets (key, token, password): they were masked, not absent.
		check: masked,
	},
	{
		id: 'error-echoes-request-stop',
		title: '400 whose message quotes the request, without Continue On Fail',
		continueOnFail: false,
		arrange: (setup) => setup.faults.add('400', primary(setup), Infinity, 'before', (r) => respond({ status: 400, body: setup.v.errorBody(400, quoting(r)) })),
		expect: () => ({ kind: 'nodeFails', itemIndex: 0, message: () => /^Rejected request: / }),
		check: masked,
	},
];

export const ANSWER_CASES: FaultCase[] = [...storms, ...errorBodies];
