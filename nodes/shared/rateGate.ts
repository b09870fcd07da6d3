import type { HeaderBag } from './retryPolicy';
import { rateLimitRemaining, rateLimitResetAt } from './retryPolicy';

/** A vendor's documented request budget, enforced on our side before the server has to say no. */
export interface ClientRateLimit {
	/** Sustained requests per second. */
	perSecond: number;
	/** Requests that may go out at once before the sustained rate applies. */
	burst: number;
}

/**
 * Paces the requests made with one credential against one host, across items, concurrent workers
 * and executions in the same process:
 * - a token bucket for vendors whose limit is documented but not announced (Luzmo);
 * - the server's own announcement (`X-RateLimit-Remaining` / `X-RateLimit-Reset`): once the
 *   requests in flight would use up what remains, new ones wait for the window to turn;
 * - after a 429 every request on this gate waits, not only the one that was refused.
 */
const SAFETY_MARGIN = 0.95;

export class RateGate {
	private tokens: number;

	private lastRefill: number;

	private remaining: number | undefined;

	private resetAt = 0;

	private blockedUntil = 0;

	private inFlight = 0;

	private readonly limit: ClientRateLimit | undefined;

	constructor(
		documented: ClientRateLimit | undefined,
		private readonly now: () => number = Date.now,
	) {
		// 5 % under the documented rate: the server's clock and window edges are not ours, and a
		// stray 429 costs a backoff wait that is worth more than the margin.
		this.limit = documented && { perSecond: documented.perSecond * SAFETY_MARGIN, burst: documented.burst };
		this.tokens = this.limit?.burst ?? 0;
		this.lastRefill = this.now();
	}

	/** How long the caller must wait before it may send; 0 means it has been admitted. */
	admit(): number {
		const now = this.now();
		if (now < this.blockedUntil) return this.blockedUntil - now;

		if (this.remaining !== undefined) {
			if (now >= this.resetAt) {
				this.remaining = undefined;
			} else if (this.remaining - this.inFlight <= 0) {
				return this.resetAt - now + 50;
			}
		}

		if (this.limit) {
			this.refill(now);
			if (this.tokens < 1) return Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000);
			this.tokens -= 1;
		}
		this.inFlight += 1;
		return 0;
	}

	/** Called once for every admitted request, with the answer's headers if there was an answer. */
	release(headers?: HeaderBag): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (!headers) return;
		const now = this.now();
		const remaining = rateLimitRemaining(headers);
		const resetAt = rateLimitResetAt(headers, now);
		if (remaining !== undefined && resetAt !== undefined && resetAt > now) {
			// Answers can arrive out of order: within one window, the lowest count is the truest.
			const sameWindow = this.remaining !== undefined && Math.abs(resetAt - this.resetAt) < 1000;
			this.remaining = sameWindow ? Math.min(this.remaining!, remaining) : remaining;
			this.resetAt = resetAt;
		}
	}

	/** A 429 holds every request on this gate until the wait the server asked for is over. */
	blockFor(delayMs: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, this.now() + delayMs);
		if (this.limit) this.tokens = 0;
	}

	private refill(now: number): void {
		const elapsed = (now - this.lastRefill) / 1000;
		this.lastRefill = now;
		this.tokens = Math.min(this.limit!.burst, this.tokens + elapsed * this.limit!.perSecond);
	}
}

const gates = new Map<string, RateGate>();

/** One gate per credential and host, kept for the life of the process (n8n loads a node once). */
export function rateGateFor(key: string, limit: ClientRateLimit | undefined): RateGate {
	let gate = gates.get(key);
	if (!gate) {
		gate = new RateGate(limit);
		gates.set(key, gate);
	}
	return gate;
}
