/**
 * What must follow a request that met a fault, read from the requests the sandbox received:
 * - a 429 (a fault's, or the sandbox's own rate limiter's) is waited out: the same request comes
 *   again no sooner than its Retry-After, its X-RateLimit-Reset, or the backoff's floor;
 * - a read whose answer was lost is read again, after a backoff;
 * - a write whose answer was lost is, by how the row's write may be sent again: `transport`, the
 *   same request again after a backoff; `checked`, sent again only after a read of the vendor's
 *   state; `never`, not sent again. So no write that is not idempotent is ever repeated blindly.
 * Only lower bounds on time: how long a repeat takes is the benchmarks' business.
 */
import type { SandboxRequest, SandboxResponse } from '../sandbox/toolkit';
import type { CaseRun } from './case';
import { isAmbiguous, matches, repeatOf, signature } from './kit';

const headerValue = (headers: Record<string, string> | undefined, name: string) =>
	Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** The transport's first backoff step is 250-500 ms and doubles per attempt (nodes/shared/retryPolicy). */
const backoffFloor = (attempt: number) => 250 * 2 ** attempt - 10;

/** When a refused request may come again at the earliest, by what its 429 announced. */
function earliestAfter429(response: SandboxResponse, request: SandboxRequest, attempt: number): { at: number; why: string } {
	const retryAfter = headerValue(response.headers, 'retry-after');
	if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) return { at: request.at + Number(retryAfter) * 1000 - 50, why: `Retry-After: ${retryAfter}` };
	const reset = headerValue(response.headers, 'x-ratelimit-reset');
	if (reset !== undefined && Number(reset) > 1e9) return { at: Number(reset) * 1000, why: `X-RateLimit-Reset: ${reset}` };
	return { at: request.at + backoffFloor(attempt), why: `backoff (attempt ${attempt + 1})` };
}

interface Met {
	index: number;
	request: SandboxRequest;
	rateLimited?: SandboxResponse;
	ambiguous: boolean;
}

export function resendViolations(run: CaseRun): string[] {
	const { v, row, faults } = run;
	const requests = v.sandbox.requests;
	const met: Met[] = [
		...faults.hits.map((hit) => ({
			index: hit.index,
			request: hit.request,
			rateLimited: hit.action.type === 'respond' && hit.action.response.status === 429 ? hit.action.response : undefined,
			ambiguous: isAmbiguous(hit.action),
		})),
		...v.sandbox.refusals.map((refusal) => ({ index: requests.indexOf(refusal.request), request: refusal.request, rateLimited: refusal.response, ambiguous: false })),
	].sort((a, b) => a.index - b.index);

	const problems: string[] = [];
	const attempts = new Map<string, number>();
	const write = row.write;
	for (const { index, request, rateLimited, ambiguous } of met) {
		const what = `${request.method} ${request.path} (request ${index + 1})`;
		const attempt = attempts.get(signature(request)) ?? 0;
		attempts.set(signature(request), attempt + 1);
		const repeat = repeatOf(v.sandbox, index);
		if (rateLimited) {
			const earliest = earliestAfter429(rateLimited, request, attempt);
			if (repeat && repeat.request.at < earliest.at) problems.push(`${what} was sent again ${repeat.request.at - request.at} ms after its 429, before ${earliest.why}`);
			continue;
		}
		if (!ambiguous) continue;
		const resend = write && matches(write.target, request) ? (write.resendOf?.(request) ?? write.resend) : undefined;
		const repeatable = v.isRead(request) || resend === 'transport';
		if (repeatable) {
			if (!repeat) problems.push(`${what} lost its answer and was never sent again`);
			else if (repeat.request.at < request.at + backoffFloor(attempt)) problems.push(`${what} was sent again ${repeat.request.at - request.at} ms after, without backing off`);
			continue;
		}
		if (!write || !matches(write.target, request)) continue;
		const key = write.key(request);
		const next = requests.findIndex((r, i) => i > index && matches(write.target, r) && write.key(r) === key);
		if (next < 0) continue;
		if (resend === 'never') problems.push(`${what} lost its answer and was sent again: it cannot be checked, so it must not be`);
		else if (!requests.slice(index + 1, next).some((r) => v.isRead(r))) problems.push(`${what} lost its answer and was sent again without a look first (blindly)`);
	}
	return problems;
}
