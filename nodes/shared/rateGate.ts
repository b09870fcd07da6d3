import { AdaptiveConcurrency, AUTO_CAP } from './concurrency';
import { LearnedPace } from './learnedPace';
import type { HeaderBag } from './retryPolicy';
import { rateLimitRemaining, rateLimitResetAt, retryAfterMs } from './retryPolicy';

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
 * - a 429 that says how long to wait (`Retry-After`, `X-RateLimit-Reset`) holds every request on
 *   this gate until then, not only the one that was refused;
 * - both of those per class of request where the vendor counts classes apart (OpsRamp: writes,
 *   paginated GETs and other GETs each have a budget a minute, each announced on its own answers):
 *   a class whose budget is spent does not hold another's, nor does its count stand for another's;
 * - a 429 that says nothing, from a vendor that documents no budget: the first one holds every
 *   request for the backoff; from then on the gate paces to the rate the vendor was seen to
 *   accept (see LearnedPace), so later refusals slow it down instead of stopping everything,
 *   unless nothing at all got through since the last cut (a window that is shut, such as a
 *   budget per minute spent): then it holds every request again, longer each time. After any
 *   refusal that announced nothing, the gate sends one request at a time (a probe) until one is
 *   accepted, then paces again: a window spent before its end (the pace, probing upward, went
 *   past the budget) otherwise takes a paced request every interval until it turns, each refused.
 * It also owns Concurrency: Auto for the same credential and host (AdaptiveConcurrency), fed
 * with every round trip and every refusal seen here; a refusal cuts Auto no lower than the
 * paced rate needs in flight (the pacer, not Auto, keeps a rate limit).
 */
const SAFETY_MARGIN = 0.95;

/** The class of a vendor that counts all its requests together. */
export const ALL_REQUESTS = '';

/** What the vendor announced for one class of requests, and what of that class is in flight. */
interface AnnouncedWindow {
	remaining: number | undefined;
	resetAt: number;
	/** Until when this class waits: a refusal that said how long. */
	blockedUntil: number;
	inFlight: number;
}

/** In flight a paced rate needs, over rate times round trip: refused items hold slots while they wait to retry. */
const IN_FLIGHT_HEADROOM = 1.5;

/** While a probe is out, others ask again after this share of the unloaded round trip (within the bounds below). */
const PROBE_RECHECK_SHARE = 0.25;
const PROBE_RECHECK_MIN_MS = 5;
const PROBE_RECHECK_MAX_MS = 250;

/** A probe out longer than this many usual round trips (and at least this long) holds nobody any more. */
const PROBE_EXPIRY_RTTS = 4;
const PROBE_EXPIRY_MIN_MS = 2000;

export class RateGate {
	private tokens: number;

	private lastRefill: number;

	/** Announced windows, per class of request. */
	private readonly windows = new Map<string, AnnouncedWindow>();

	/** Until when every request waits: a backoff of ours, or a shut window of a learned pace. */
	private blockedUntil = 0;

	private readonly limit: ClientRateLimit | undefined;

	/** Concurrency: Auto, shared by every execution on this credential and host. */
	readonly concurrency: AdaptiveConcurrency;

	/** The rate learned from refusals that announced nothing (vendors without a documented budget). */
	readonly pace: LearnedPace | undefined;

	/**
	 * After a refusal paced to a learned rate: one request at a time until one is accepted (see
	 * the class comment). `probesOut` counts the requests admitted meanwhile and not yet answered.
	 */
	private probing = false;

	private probesOut = 0;

	/** When the last probe went: one with no answer for long (a caller that never released it) no longer holds the others. */
	private probeSentAt = 0;

	constructor(
		documented: ClientRateLimit | undefined,
		private readonly now: () => number = Date.now,
	) {
		// 5 % under the documented rate: the server's clock and window edges are not ours, and a
		// stray 429 costs a backoff wait that is worth more than the margin.
		this.limit = documented && { perSecond: documented.perSecond * SAFETY_MARGIN, burst: documented.burst };
		this.tokens = this.limit?.burst ?? 0;
		this.lastRefill = this.now();
		// Auto never has more in flight than a documented burst allows to be sent at once.
		this.concurrency = new AdaptiveConcurrency(Math.min(AUTO_CAP, documented?.burst ?? AUTO_CAP), now);
		this.pace = documented ? undefined : new LearnedPace(now);
	}

	private window(requestClass: string): AnnouncedWindow {
		let window = this.windows.get(requestClass);
		if (!window) {
			window = { remaining: undefined, resetAt: 0, blockedUntil: 0, inFlight: 0 };
			this.windows.set(requestClass, window);
		}
		return window;
	}

	/**
	 * How long the caller must wait before it may send a request of this class; 0 means it has
	 * been admitted (and must be released with the same class).
	 */
	admit(requestClass = ALL_REQUESTS): number {
		const now = this.now();
		if (now < this.blockedUntil) return this.blockedUntil - now;
		const window = this.window(requestClass);
		if (now < window.blockedUntil) return window.blockedUntil - now;

		if (window.remaining !== undefined) {
			if (now >= window.resetAt) {
				window.remaining = undefined;
			} else if (window.remaining - window.inFlight <= 0) {
				return window.resetAt - now + 50;
			}
		}

		if (this.probing && this.probesOut > 0) {
			if (now - this.probeSentAt < Math.max(PROBE_EXPIRY_MIN_MS, PROBE_EXPIRY_RTTS * (this.concurrency.smoothedRttMs ?? 0))) {
				const rtt = this.concurrency.minRttMs ?? PROBE_RECHECK_MAX_MS / PROBE_RECHECK_SHARE;
				return Math.round(Math.min(PROBE_RECHECK_MAX_MS, Math.max(PROBE_RECHECK_MIN_MS, rtt * PROBE_RECHECK_SHARE)));
			}
			this.probesOut = 0;
		}

		if (this.limit) {
			this.refill(now);
			if (this.tokens < 1) return Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000);
			this.tokens -= 1;
		} else if (this.pace) {
			const wait = this.pace.admit();
			if (wait > 0) return wait;
		}
		if (this.probing) {
			this.probesOut += 1;
			this.probeSentAt = now;
		}
		window.inFlight += 1;
		return 0;
	}

	/**
	 * Called once for every admitted request, with the answer's headers if there was an answer,
	 * and the round trip in ms if the request reached the vendor (answered or timed out).
	 * `accepted`: the answer was not a refusal for the rate (it ends probing); unknown when left out.
	 */
	release(headers?: HeaderBag, roundTripMs?: number, requestClass = ALL_REQUESTS, accepted?: boolean): void {
		const window = this.window(requestClass);
		window.inFlight = Math.max(0, window.inFlight - 1);
		if (this.probing) {
			// An answer sent before probing began may take a probe's place: at worst two probes are out.
			this.probesOut = Math.max(0, this.probesOut - 1);
			if (accepted === true) this.probing = false;
		}
		if (roundTripMs !== undefined) this.concurrency.onSample(roundTripMs);
		if (!headers) return;
		this.pace?.answered();
		const now = this.now();
		const remaining = rateLimitRemaining(headers);
		const resetAt = rateLimitResetAt(headers, now);
		if (remaining !== undefined && resetAt !== undefined && resetAt > now) {
			// Answers can arrive out of order: within one window, the lowest count is the truest.
			const sameWindow = window.remaining !== undefined && Math.abs(resetAt - window.resetAt) < 1000;
			window.remaining = sameWindow ? Math.min(window.remaining!, remaining) : remaining;
			window.resetAt = resetAt;
		}
	}

	/**
	 * A refusal (429 or the vendor's "busy" answer) whose retry would wait `delayMs`. With the
	 * answer's headers, the gate can tell a wait the server announced from a backoff of ours.
	 * Returns how long the refused request should wait before it asks `admit` again: `delayMs`,
	 * or `paced` when the gate paces to a learned rate, holds nothing, and other requests get through
	 * since the last cut (the pacer spaces the retry as any other request; a backoff of its own
	 * would only leave it behind, the last of a batch finishing a second or more after the others).
	 */
	blockFor(delayMs: number, headers?: HeaderBag, requestClass = ALL_REQUESTS): number | 'paced' {
		const now = this.now();
		// Without headers (a caller that does not pass them) the wait is taken as announced: hold.
		const announced = headers === undefined || retryAfterMs(headers, now) !== undefined || rateLimitResetAt(headers, now) !== undefined;
		const pacedBefore = this.pace?.learned ?? false;
		const verdict = this.pace?.refused(this.concurrency.smoothedRttMs);
		// A refusal that announced nothing, from a vendor without a documented budget: its window
		// may stay shut for a while, so one request at a time tries it until one is accepted.
		if (!announced && this.pace) this.probing = true;
		this.concurrency.onRefusal(this.inFlightForRate(now));
		if (this.limit) this.tokens = 0;
		if (announced || this.limit || !pacedBefore || verdict === 'closed') {
			const holdMs = verdict === 'closed' ? Math.max(delayMs, this.pace!.closedHoldMs()) : delayMs;
			// A wait the vendor announced is for the class it refused; a backoff of ours holds every request.
			let until = now + holdMs;
			if (announced) {
				const window = this.window(requestClass);
				until = window.blockedUntil = Math.max(window.blockedUntil, until);
			} else {
				until = this.blockedUntil = Math.max(this.blockedUntil, until);
			}
			this.pace?.heldUntil(until);
			return delayMs;
		}
		// The retry goes through the pacer at once while others get through (one request at a
		// time until one is accepted); a vendor that accepts nothing gets the backoff, as without a pace.
		return this.pace!.gettingThrough ? 'paced' : delayMs;
	}

	/**
	 * The items in flight the rate the gate paces to needs (the documented one, or the one learned
	 * from refusals): that rate times the usual round trip, with half again for the requests of
	 * refused items that wait for their retry while holding a slot. 1 when no rate is known.
	 */
	private inFlightForRate(now: number): number {
		const rate = this.limit?.perSecond ?? this.pace?.ratePerSecond(now);
		const roundTripMs = this.concurrency.smoothedRttMs;
		if (rate === undefined || roundTripMs === undefined) return 1;
		return Math.ceil((rate * roundTripMs * IN_FLIGHT_HEADROOM) / 1000);
	}

	private refill(now: number): void {
		const elapsed = (now - this.lastRefill) / 1000;
		this.lastRefill = now;
		this.tokens = Math.min(this.limit!.burst, this.tokens + elapsed * this.limit!.perSecond);
	}
}

const gates = new Map<string, RateGate>();

/**
 * One gate per credential and host, kept for the life of the process (n8n loads a node once):
 * pacing and Concurrency: Auto are shared by every execution that uses the credential.
 */
export function rateGateFor(key: string, limit: ClientRateLimit | undefined): RateGate {
	let gate = gates.get(key);
	if (!gate) {
		gate = new RateGate(limit);
		gates.set(key, gate);
	}
	return gate;
}
