/**
 * Faults on tokens, for the vendors with a token exchange (Domo, OpsRamp, Garmat in session mode):
 * a token that expires mid-batch or before the run, a token endpoint that fails or refuses, an
 * API that refuses the token and quotes it.
 */
import type { FaultCase, Row, Setup } from '../case';
import type { SandboxRequest } from '../../sandbox/toolkit';
import { allDone, apiCalls, cleanWrites, tokenRequests, withToken, writes } from '../case';
import { anyOf, atLeast, bearer, count, matches, respond } from '../kit';
import type { Vendor } from '../vendors';

const both = (...checks: Array<(row: Row, vendor: Vendor) => true | string>) => (row: Row, vendor: Vendor) => {
	for (const check of checks) {
		const verdict = check(row, vendor);
		if (verdict !== true) return verdict;
	}
	return true;
};

/** The request mid-batch that finds the token expired: the 2nd write, or a list's second page. */
function expiresOn(row: Row): true | string {
	if (row.write || (row.faultRead ?? 1) > 1) return true;
	return 'a Get may answer every item from one read (Domo and Garmat read their user list once per run, and a per-run directory may cache any vendor\'s), so no later request is sure to come; token-stale has the token expired before the first request';
}

const quotingToken = (setup: Setup) => (r: SandboxRequest) => respond({ status: 401, body: setup.v.unknownTokenBody!(bearer(r)) });

const tokenRefused = (setup: Setup) => respond({ status: 401, body: setup.v.tokenRefusal!.body });

/** Writes sent again after the expiry: between one and one per token refresh. */
function resentWrites(extra: number, most: number): string[] {
	return extra >= 1 && extra <= most ? [] : [`write requests sent again after the expiry: expected 1 to ${most}, got ${extra}`];
}

export const TOKEN_CASES: FaultCase[] = [
	{
		id: 'token-expires-mid-batch',
		title: 'token expires mid-batch (before item 1\'s write, or a list\'s second page)',
		applies: both(withToken, expiresOn),
		tokenMode: true,
		arrange: ({ v, row }) => {
			const target = row.write ? row.write.target : anyOf(v.isRead);
			const nth = row.write ? 2 : (row.faultRead ?? 1);
			const state = { expired: false };
			let seen = 0;
			// Never answers: it only expires the tokens when the chosen request arrives.
			v.sandbox.fault({
				match: (r) => {
					if (matches(target, r) && ++seen === nth) (v.expireTokens!(), (state.expired = true));
					return false;
				},
				times: Infinity,
				when: 'before',
				action: { type: 'reset' },
			});
			return state;
		},
		expect: allDone,
		check: (run) => {
			// n8n-core answers a 401 with one token refresh and one repeat of that request. At
			// Concurrency: Auto (the default) writes that were in flight together with the old token
			// (Sync's after its first) are each refused and repeated after a refresh of their own.
			const refreshes = tokenRequests(run).length - 1;
			return [
				...(run.state.expired ? [] : ['the tokens were never expired: the request it waits for never came']),
				...atLeast('token requests', refreshes + 1, 2),
				// Each refused write is sent once more with the new token (refused, so nothing to check
				// first): at least the one the expiry met, at most one per refresh (a refresh may also
				// have been a read's).
				...(run.row.write ? resentWrites(writes(run).length - cleanWrites(run), Math.max(1, refreshes)) : []),
			];
		},
	},
	{
		id: 'token-stale',
		title: 'the credential holds a token the API no longer accepts (expired between runs)',
		applies: withToken,
		staleToken: true,
		expect: allDone,
		check: (run) => {
			// The request that meets the stale token is refused (401) and sent once more with a new one.
			const first = run.v.sandbox.requests.find((r) => matches(apiCalls(run), r));
			const refusedWrite = first && run.row.write && matches(run.row.write.target, first) ? 1 : 0;
			return [...count('token requests', tokenRequests(run).length, 1), ...count('write requests', writes(run).length, cleanWrites(run) + refusedWrite)];
		},
	},
	{
		id: 'token-endpoint-500',
		title: 'token endpoint answers 500 once',
		applies: withToken,
		tokenMode: true,
		arrange: (setup) => setup.faults.add('token', setup.v.token!, 1, 'before', respond({ status: 500, text: 'Token service unavailable', contentType: 'text/plain' })),
		expect: allDone,
		check: (run) => count('token requests', tokenRequests(run).length, 2),
	},
	{
		id: 'token-endpoint-401',
		title: 'token endpoint refuses the credential (401)',
		applies: withToken,
		tokenMode: true,
		arrange: (setup) => setup.faults.add('token', setup.v.token!, Infinity, 'before', tokenRefused(setup)),
		expect: () => ({ kind: 'errorItems', message: (v) => v.tokenRefusal!.message }),
		check: (run) => count('write requests', writes(run).length, 0),
	},
	{
		id: 'token-endpoint-500-then-401',
		title: 'token endpoint answers 500, then refuses the credential (401)',
		applies: withToken,
		tokenMode: true,
		arrange: (setup) => {
			setup.faults.add('token 500', setup.v.token!, 1, 'before', respond({ status: 500, text: 'Token service unavailable', contentType: 'text/plain' }));
			setup.faults.add('token 401', setup.v.token!, Infinity, 'before', tokenRefused(setup));
		},
		expect: () => ({ kind: 'errorItems', message: (v) => v.tokenRefusal!.message }),
		check: (run) => count('write requests', writes(run).length, 0),
	},
	{
		id: 'token-rejected-after-refresh',
		title: 'API refuses the token, then the fresh one too (401 quoting the token)',
		applies: withToken,
		tokenMode: true,
		arrange: (setup) => setup.faults.add('401', apiCalls(setup), 2, 'before', quotingToken(setup)),
		expect: () => ({ kind: 'errorItems', indices: [0], message: () => /Invalid access token: \[redacted\]|unknown session \[redacted\]/ }),
		check: (run) => count('token requests', tokenRequests(run).length, 2),
	},
	{
		id: 'token-rejected-stop',
		title: 'API refuses every token, quoting it, without Continue On Fail',
		applies: withToken,
		tokenMode: true,
		continueOnFail: false,
		arrange: (setup) => setup.faults.add('401', apiCalls(setup), Infinity, 'before', quotingToken(setup)),
		expect: () => ({ kind: 'nodeFails', itemIndex: 0, message: () => /Invalid access token: \[redacted\]|unknown session \[redacted\]/ }),
		// Every write was refused: none got through.
		check: (run) => count('writes that got through', writes(run).length - run.faults.hits.filter((hit) => run.v.isWrite(hit.request)).length, 0),
	},
];
