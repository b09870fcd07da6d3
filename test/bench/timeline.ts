/**
 * BENCH_TIMELINE=1: what a sandbox saw during one run, printed for a person reading a benchmark's
 * output: per kind of request, how many and when the first and last came; when each refusal came;
 * and per 100 ms, the requests received and refused (the shape of pacing against a limit).
 */
interface SeenRequest {
	method: string;
	path: string;
	at: number;
}

interface Seen {
	requests: SeenRequest[];
	refusals: Array<{ request: SeenRequest }>;
}

/** "POST /api/users/:n": a request's kind, its IDs replaced. */
export const requestKind = (request: { method: string; path: string }) => `${request.method} ${request.path.replace(/[0-9a-f-]{8,}|\d+/g, ':n')}`;

export function printTimeline(sandbox: Seen, since = 0, bucketMs = 100): void {
	const requests = sandbox.requests.filter((request) => request.at >= since);
	if (requests.length === 0) return;
	const t0 = requests[0].at;
	const byKind = (list: SeenRequest[]) => {
		const groups = new Map<string, number[]>();
		for (const request of list) groups.set(requestKind(request), [...(groups.get(requestKind(request)) ?? []), request.at - t0]);
		return groups;
	};
	const refused = sandbox.refusals.map(({ request }) => request).filter((request) => request.at >= t0);
	for (const [kind, ats] of byKind(requests)) console.log(`TIMELINE ${kind}: n=${ats.length} first=${ats[0]} last=${ats[ats.length - 1]}`);
	for (const [kind, ats] of byKind(refused)) console.log(`TIMELINE refused ${kind}: n=${ats.length} at ${ats.join(' ')}`);
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
