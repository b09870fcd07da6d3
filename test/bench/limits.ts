/**
 * Rate limits as the sandboxes enforce them, and the least time any client could need under one:
 * the "physical bound" the benchmark measures our node against.
 */

/** Luzmo's shape: a token bucket per API token. */
export interface BucketLimit {
	kind: 'bucket';
	perSecond: number;
	burst: number;
}

/** OpsRamp's, Domo's and (our pick) Garmat's shape: a fixed window aligned to the wall clock. */
export interface WindowLimit {
	kind: 'window';
	limit: number;
	windowMs: number;
}

export type RateLimitShape = BucketLimit | WindowLimit;

/** Sustained requests per second a limit allows. */
export function sustainedRate(limit: RateLimitShape): number {
	return limit.kind === 'bucket' ? limit.perSecond : (limit.limit * 1000) / limit.windowMs;
}

export function describeLimit(limit: RateLimitShape | undefined): string {
	if (!limit) return 'none';
	if (limit.kind === 'bucket') return `${limit.perSecond}/s, burst ${limit.burst}`;
	const seconds = limit.windowMs / 1000;
	return `${limit.limit} per ${seconds === 60 ? 'min' : `${seconds} s`}`;
}

export interface BoundInput {
	/** Requests that count against the limit, one per user (the create). */
	users: number;
	concurrency: number;
	latencyMs: number;
	limit?: RateLimitShape;
	/** Wall-clock start (ms) of the run, for windows aligned to the clock. */
	startedAt: number;
	/** Round trips before the first create can go out (a token exchange). */
	leadingRoundTrips: number;
}

/**
 * The issue's bound, min(concurrency / latency, rate limit), in users per second. It ignores a
 * limit's burst or unspent window, so a short run can beat it.
 */
export function formulaBound(input: Pick<BoundInput, 'concurrency' | 'latencyMs' | 'limit'>): number {
	const byLatency = input.latencyMs > 0 ? (input.concurrency * 1000) / input.latencyMs : Infinity;
	return Math.min(byLatency, input.limit ? sustainedRate(input.limit) : Infinity);
}

/**
 * The least time (ms) an ideal client needs for these users: `concurrency` requests in flight,
 * each taking exactly `latencyMs`, none refused, no CPU cost. The sandboxes count a request
 * against the limit when its latency has passed (they sleep, then count), and so does this.
 * For long runs it tends to N / formulaBound; for short ones it gives the burst its due.
 */
export function idealMs(input: BoundInput): number {
	return idealPhasesMs([{ requests: input.users, concurrency: input.concurrency, limited: true }], input);
}

/** Requests an ideal client sends together: each phase starts when the one before has been answered. */
export interface IdealPhase {
	requests: number;
	concurrency: number;
	/** Whether these requests count against the limit (a vendor may limit writes only). */
	limited: boolean;
	/**
	 * The budget they count against, for a vendor that gives classes of requests the same limit
	 * each, counted apart (OpsRamp: 50 writes and 50 paginated GETs a minute). Default: one for all.
	 */
	budget?: string;
}

/**
 * idealMs for a run in phases (a Sync: the directory's first page, the pages after it, then the
 * writes), one rate limit over all of them: a window or bucket spent by the reads is not fresh for
 * the writes, unless they count against budgets of their own (`budget`).
 */
export function idealPhasesMs(phases: IdealPhase[], input: Pick<BoundInput, 'latencyMs' | 'limit' | 'startedAt' | 'leadingRoundTrips'>): number {
	const { latencyMs, limit, startedAt } = input;
	const lead = input.leadingRoundTrips * latencyMs;
	const budgets = new Map<string, { tokens: number; tokensAt: number; window: number; used: number }>();
	let finished = lead;
	for (const phase of phases) {
		const key = phase.budget ?? '';
		if (!budgets.has(key)) budgets.set(key, { tokens: limit?.kind === 'bucket' ? limit.burst : 0, tokensAt: lead + latencyMs, window: -1, used: 0 });
		const budget = budgets.get(key)!;
		const free = new Array<number>(Math.max(1, phase.concurrency)).fill(finished);
		let lastSend = finished;
		for (let i = 0; i < phase.requests; i++) {
			// Equal latencies: the worker free first is the next in turn; requests leave in order.
			const worker = i % free.length;
			let send = Math.max(free[worker], lastSend);
			if (phase.limited && limit?.kind === 'bucket') {
				const counted = send + latencyMs;
				budget.tokens = Math.min(limit.burst, budget.tokens + ((counted - budget.tokensAt) / 1000) * limit.perSecond);
				budget.tokensAt = counted;
				if (budget.tokens < 1) {
					const wait = ((1 - budget.tokens) / limit.perSecond) * 1000;
					send += wait;
					budget.tokensAt += wait;
					budget.tokens = 1;
				}
				budget.tokens -= 1;
			} else if (phase.limited && limit?.kind === 'window') {
				let counted = startedAt + send + latencyMs;
				let index = Math.floor(counted / limit.windowMs);
				if (index === budget.window && budget.used >= limit.limit) {
					index += 1;
					counted = index * limit.windowMs;
					send = counted - startedAt - latencyMs;
				}
				if (index !== budget.window) {
					budget.window = index;
					budget.used = 0;
				}
				budget.used += 1;
			}
			lastSend = send;
			free[worker] = send + latencyMs;
			finished = Math.max(finished, free[worker]);
		}
	}
	return finished;
}
