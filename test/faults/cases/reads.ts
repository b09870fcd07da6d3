/**
 * Faults on a row's reads: whatever a lookup is (a search, a get by ID, a directory page, a list's
 * second page), transient faults are survived and the effect still happens once; a refused read
 * never leads to a write. Create reads only with If User Exists: Return Existing (its lookup
 * variant, item 1 existing).
 */
import { NEVER } from '../../sandbox/toolkit';
import type { CaseRun, FaultCase } from '../case';
import { allDone, cleanWrites, reads, writes } from '../case';
import { atLeast, count, respond } from '../kit';
import { HELD_TIMEOUT_MS } from './writes';

const writesAsClean = (run: CaseRun) => count('write requests', writes(run).length, cleanWrites(run));

const REFUSAL = 'Lookup refused by the fault table';

export const READ_CASES: FaultCase[] = [
	{
		id: 'lookup-5xx',
		title: '500 on a read, then 502 from a proxy (HTML body) on its repeat',
		lookups: true,
		arrange: (setup) => {
			let sent = 0;
			setup.faults.add('read', reads(setup), 2, 'before', () =>
				sent++ === 0
					? respond({ status: 500, body: setup.v.errorBody(500, 'Lookup failed (500)') })
					: respond({ status: 502, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' }),
			);
		},
		expect: allDone,
		check: writesAsClean,
	},
	{
		id: 'lookup-reset',
		title: 'connection reset on a read',
		lookups: true,
		arrange: (setup) => setup.faults.add('read', reads(setup), 1, 'before', { type: 'reset' }),
		expect: allDone,
		check: writesAsClean,
	},
	{
		id: 'lookup-held',
		title: `answer to a read that never comes, Timeout ${HELD_TIMEOUT_MS / 1000} s`,
		lookups: true,
		options: { timeout: HELD_TIMEOUT_MS },
		arrange: (setup) => setup.faults.add('read', reads(setup), 1, 'before', { type: 'hold', until: NEVER }),
		expect: allDone,
		// Should a busy machine time out another request too, an idempotent write may go twice.
		check: (run) => atLeast('write requests', writes(run).length, cleanWrites(run)),
	},
	{
		id: 'lookup-429',
		title: 'the vendor\'s own 429 (its headers, or none) on a read, twice',
		lookups: true,
		arrange: (setup) => setup.faults.add('read', reads(setup), 2, 'before', () => respond(setup.v.rateLimited())),
		expect: allDone,
		check: writesAsClean,
	},
	{
		id: 'lookup-refused',
		title: '400 on every read: no item acts without knowing',
		lookups: true,
		arrange: (setup) => setup.faults.add('read', reads(setup), Infinity, 'before', respond({ status: 400, body: setup.v.errorBody(400, REFUSAL) })),
		expect: () => ({ kind: 'errorItems', message: () => new RegExp(REFUSAL) }),
		check: (run) => count('write requests', writes(run).length, 0),
	},
];
