/**
 * Faults on a row's write, always item 0's: an answer lost before or after the vendor acted (5xx,
 * reset, no answer before the Timeout), a server that keeps failing, a refusal. What the node must
 * do follows from how the row's write may be sent again (rows.ts `Resend`); the invariants check
 * that a repeat is never blind (invariants.resend.ts).
 */
import type { FaultAction } from '../../sandbox/toolkit';
import { NEVER } from '../../sandbox/toolkit';
import type { CaseRun, Expectation, FaultCase, Row } from '../case';
import { allDone, cleanWrites, firstWrite, withWrite, writes } from '../case';
import { atLeast, count, respond } from '../kit';
import type { VendorRun } from '../vendors';

/** How many times a write that is checked before it is sent again goes out at most (shared/provision: 2 resends). */
export const CHECKED_SENDS = 3;

/**
 * The Timeout of runs whose answer is held. Only the held request is meant to meet it; on a
 * machine busy enough that another request does too, that request's item still must come out
 * right, so those runs count only the faulted item's writes exactly.
 */
export const HELD_TIMEOUT_MS = 5000;

type When = 'before' | 'after';

/** Item 0's write lost `times` answers: a write that cannot be checked fails the item, saying so. */
function lostExpectation(when: When) {
	return (row: Row): Expectation =>
		row.write!.resend === 'never' ? { kind: 'errorItems', indices: [0], message: () => /\S/, uncertain: true, effect: when === 'after' ? 1 : 0 } : allDone();
}

/**
 * Writes sent: a repeatable write once more per lost answer; a checked one only if it did not
 * land. With a short Timeout (`timeout`), exactly so for item 0, at least one each for the others.
 */
function lostWrites(when: When, times: number, timeout?: number) {
	return (run: CaseRun): string[] => {
		const resend = run.row.write!.resend;
		const extra = resend === 'transport' || (resend === 'checked' && when === 'before') ? times : 0;
		if (!timeout) return count('write requests', writes(run).length, cleanWrites(run) + extra);
		if (!run.faults.hits.length) return [];
		const key = run.row.write!.key(run.faults.hits[0].request);
		const ofItem0 = writes(run).filter((r) => run.row.write!.key(r) === key).length;
		return [...count('writes of item 0', ofItem0, 1 + extra), ...atLeast('write requests', writes(run).length, cleanWrites(run) + extra)];
	};
}

function lostAnswer(id: string, title: string, when: When, times: number, action: (v: VendorRun) => FaultAction, timeout?: number): FaultCase {
	return {
		id,
		title,
		applies: withWrite,
		...(timeout ? { options: { timeout } } : {}),
		arrange: (setup) => setup.faults.add(id, firstWrite(setup), times, when, action(setup.v)),
		expect: lostExpectation(when),
		check: lostWrites(when, times, timeout),
	};
}

const failing = (status: number, message: string) => (v: VendorRun) => respond({ status, body: v.errorBody(status, message) });
const REFUSAL = 'Refused by the fault table';

export const WRITE_CASES: FaultCase[] = [
	{
		id: 'clean',
		title: 'no fault: every item done once, one write each',
		clean: true,
		expect: allDone,
		check: (run) => count('write requests', writes(run).length, cleanWrites(run)),
	},
	lostAnswer('write-503-before', '503 on item 0\'s write, twice, before the vendor acted', 'before', 2, failing(503, 'Service temporarily unavailable')),
	lostAnswer('write-502-proxy', '502 from a proxy (HTML body) on item 0\'s write, before the vendor acted', 'before', 1, () =>
		respond({ status: 502, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' }),
	),
	lostAnswer('write-500-after', '500 on item 0\'s write, after the vendor acted', 'after', 1, failing(500, 'Internal server error')),
	lostAnswer('write-reset-before', 'connection reset on item 0\'s write, before the vendor acted', 'before', 1, () => ({ type: 'reset' })),
	lostAnswer('write-reset-after', 'connection reset on item 0\'s write, after the vendor acted', 'after', 1, () => ({ type: 'reset' })),
	// Held until the sandbox stops: only the Timeout ends the wait, however busy the machine is.
	lostAnswer('write-held', `answer to item 0's write that never comes (the vendor acted), Timeout ${HELD_TIMEOUT_MS / 1000} s`, 'after', 1, () => ({ type: 'hold', until: NEVER }), HELD_TIMEOUT_MS),
	{
		id: 'write-500-endless',
		title: '500 on every send of item 0\'s write, before the vendor acted (bounded give-up)',
		applies: (row) =>
			!row.write
				? 'a read: it sends no write to fault'
				: row.write.resend === 'transport'
					? 'an idempotent write is retried by the transport with exponential backoff, 8 times over about a minute and a half, before it gives up: too long for npm test. Its backoff is checked after every lost answer here (invariants.resend.ts), its steps in test/shared/retryPolicy.test.ts'
					: true,
		arrange: (setup) => setup.faults.add('write-500-endless', firstWrite(setup), Infinity, 'before', failing(500, 'Internal server error')(setup.v)),
		expect: (row) => ({ kind: 'errorItems', indices: [0], message: () => 'Internal server error', uncertain: row.write!.resend === 'never' }),
		check: (run) => {
			const sends = run.row.write!.resend === 'checked' ? CHECKED_SENDS : 1;
			const httpCode = run.result.items?.find((item) => item.json.error !== undefined)?.json.httpCode;
			return [
				...(httpCode === '500' ? [] : [`the failed item's httpCode is ${JSON.stringify(httpCode)}, not "500"`]),
				...count('sends of item 0\'s write', run.faults.hitsOf('write-500-endless'), sends), ...count('write requests', writes(run).length, cleanWrites(run) - 1 + sends),
			];
		},
	},
	{
		id: 'write-refused',
		title: '400 with the vendor\'s error body on item 0\'s write: not retried, the others done',
		applies: withWrite,
		arrange: (setup) => setup.faults.add('write-refused', firstWrite(setup), Infinity, 'before', failing(400, REFUSAL)(setup.v)),
		expect: () => ({ kind: 'errorItems', indices: [0], message: () => REFUSAL }),
		check: (run) => count('write requests', writes(run).length, cleanWrites(run)),
	},
	{
		id: 'write-refused-stop',
		title: '400 on item 0\'s write, without Continue On Fail: the node stops there',
		applies: withWrite,
		continueOnFail: false,
		arrange: (setup) => setup.faults.add('write-refused-stop', firstWrite(setup), Infinity, 'before', failing(400, REFUSAL)(setup.v)),
		expect: () => ({ kind: 'nodeFails', itemIndex: 0, message: () => REFUSAL }),
		check: (run) => count('write requests', writes(run).length, 1),
	},
];
