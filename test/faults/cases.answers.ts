/** Fault cases about what comes back: error bodies of every kind, and token exchanges that fail. */
import type { SandboxRequest } from '../sandbox/toolkit';
import type { FaultCase } from './kit';
import { atLeast, bearer, count, creates, fault, live, respond, tokenRequests } from './kit';

const PLAIN = 'Email domain is not allowed here';

const errorBodies: FaultCase[] = [
	{
		id: 'plain-text-error',
		title: '400 with a plain-text body',
		arrange: (v) => fault(v, v.create, Infinity, 'before', respond({ status: 400, text: PLAIN, contentType: 'text/plain' })),
		expect: { kind: 'errorItems', message: () => PLAIN },
	},
	{
		id: 'plain-text-error-stop',
		title: '400 with a plain-text body, without Continue On Fail',
		continueOnFail: false,
		arrange: (v) => fault(v, v.create, Infinity, 'before', respond({ status: 400, text: PLAIN, contentType: 'text/plain' })),
		expect: { kind: 'nodeFails', itemIndex: 0, message: () => PLAIN },
		// The first failure stops the batch: later items are never sent.
		check: ({ v }) => count('create requests', creates(v).length, 1),
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
		check: ({ v, items }) => {
			// n8n-core answers a 401 with one token refresh and one repeat of that request. At
			// Concurrency: Auto (the default) the 3rd and later creates may all be in flight with
			// the old token: each one refused is repeated once after a refresh of its own.
			const refreshes = tokenRequests(v).length - 1;
			return [
				...atLeast('token requests', refreshes + 1, 2),
				...count('create requests', creates(v).length, items.length + refreshes),
			];
		},
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
		id: 'token-endpoint-500-then-401',
		title: 'token endpoint answers 500, then refuses the credential (401)',
		tokenOnly: true,
		arrange: (v) => {
			fault(v, v.token!, 1, 'before', respond({ status: 500, text: 'Token service unavailable', contentType: 'text/plain' }));
			fault(v, v.token!, Infinity, 'before', respond({ status: 401, body: v.tokenRefusal!.body }));
		},
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

export const ANSWER_CASES: FaultCase[] = [...errorBodies, ...tokens];
