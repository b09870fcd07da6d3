/**
 * BENCH_TIMELINE=1: what a sandbox saw during one run, printed for a person reading a benchmark's
 * output: per kind of request, how many and when the first and last came; when each refusal came;
 * and per 100 ms, the requests received and refused (the shape of pacing against a limit).
 */
import type { Sandbox, SandboxRequest } from '../sandbox/toolkit';

/** "POST /api/users/:n": a request's kind, its IDs replaced. */
const requestKind = (request: SandboxRequest) => `${request.method} ${request.path.replace(/[0-9a-f-]{8,}|\d+/g, ':n')}`;

/** When each request of a list came, after `t0`, by kind. */
function byKind(list: SandboxRequest[], t0: number): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	for (const request of list) {
		const kind = requestKind(request);
		if (!groups.has(kind)) groups.set(kind, []);
		groups.get(kind)!.push(request.at - t0);
	}
	return groups;
}

export function printTimeline(sandbox: Pick<Sandbox, 'requests' | 'refusals'>, since = 0, bucketMs = 100): void {
	const requests = sandbox.requests.filter((request) => request.at >= since);
	if (requests.length === 0) return;
	const t0 = requests[0].at;
	// Where a second-long window aligned to the clock started, in the timeline's own time.
	console.log(`TIMELINE t0 is ${t0 % 1000} ms into a clock second: a window of 1 s starts at ${(1000 - (t0 % 1000)) % 1000} ms`);
	const refused = sandbox.refusals.map(({ request }) => request).filter((request) => request.at >= t0);
	for (const [kind, ats] of byKind(requests, t0)) console.log(`TIMELINE ${kind}: n=${ats.length} first=${ats[0]} last=${ats[ats.length - 1]}`);
	for (const [kind, ats] of byKind(refused, t0)) console.log(`TIMELINE refused ${kind}: n=${ats.length} at ${ats.join(' ')}`);
	const buckets = new Map<number, { received: number; refused: number }>();
	const bucket = (at: number) => {
		const key = Math.floor((at - t0) / bucketMs);
		if (!buckets.has(key)) buckets.set(key, { received: 0, refused: 0 });
		return buckets.get(key)!;
	};
	for (const request of requests) bucket(request.at).received += 1;
	for (const request of refused) bucket(request.at).refused += 1;
	const last = Math.max(...buckets.keys());
	const line: string[] = [];
	for (let key = 0; key <= last; key++) {
		const { received, refused: no } = buckets.get(key) ?? { received: 0, refused: 0 };
		line.push(no ? `${received}/${no}` : `${received}`);
	}
	console.log(`TIMELINE per ${bucketMs} ms, received[/refused]: ${line.join(' ')}`);
}
