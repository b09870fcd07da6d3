/**
 * A request rate learned from a vendor's refusals, for vendors that neither document a budget nor
 * announce one in headers (Garmat: "429 or 422 API limit reached", no numbers). Such a limit is a
 * rate, and concurrency alone is a coarse lever for a rate: at a 50 ms round trip one item more in
 * flight is 20 requests a second more.
 *
 * - Before a rate is learned, a refusal episode is a run of refusals less than a second (or two
 *   round trips) apart; once one is, a refusal a second (or two round trips) after the last cut
 *   starts a new episode however close the refusals come, so a pace still too fast is cut again.
 * - An episode in which nothing at all got through since the last cut is a shut window (a budget
 *   per minute spent): the rate is kept, and the gate holds every request, 0.5 s doubling to 30 s.
 * - Between cuts, while other requests get through, a refused request is retried at the pace
 *   (the gate's `paced`), not after a backoff of its own.
 * - At each episode the vendor's rate is estimated as the answers it accepted since the previous
 *   episode (or since the end of a hold on every request that followed it: the hold is ours,
 *   not the vendor's), divided by the time between: for a per-second window that is its budget, for a
 *   per-minute window its budget over a minute. At the first episode there is no previous one:
 *   the answers of the last second, or since the work began (after an idle spell of 10 s), if
 *   that gives more (Auto was still growing at the start, so the start undercounts). A span
 *   shorter than a second counts as one: limits are counted per second or per longer window, so
 *   100 answers accepted in the first 200 ms of a run are a budget of 100 a second, not 500.
 * - The pace is set 5 % under that estimate, and never cut by more than half at once (an estimate
 *   taken while we sent little would otherwise crush it). While nothing is refused it rises, slowly
 *   near the rate that was just refused and faster the longer nothing is (CUBIC's shape):
 *   `pace * (1 + 0.02 * seconds²)`, 2 % after a second, 50 % after five, double after seven. So it
 *   finds a limit that was raised, or freed by another client (a second queue-mode worker that
 *   finished), and a cut that went too deep recovers.
 */
const MARGIN = 0.95;
/** The pace grows by this share times the square of the seconds since the last refusal. */
const PROBE = 0.02;
const IDLE_MS = 10_000;
const MIN_EPISODE_GAP_MS = 1000;
const MIN_RATE = 0.1;
const CLOSED_HOLD_MS = 500;
const MAX_CLOSED_HOLD_MS = 30_000;

export type RefusalVerdict = 'learned' | 'cut' | 'closed' | 'same';

export class LearnedPace {
	private rate: number | undefined;

	private rateAt = 0;

	/** When the next request may go (virtual scheduling: one interval per request). */
	private nextAt = 0;

	private accepted = 0;

	private lastRefusalAt = -Infinity;

	private throughAtLastRefusal = false;

	/** Episodes in a row in which nothing was accepted. */
	private closedEpisodes = 0;

	private lastActivityAt = -Infinity;

	private since: { at: number; accepted: number } | undefined;

	/** The end of a hold on every request; the next measure starts there. */
	private resumeAt: number | undefined;

	/** When the answers of the last second arrived. */
	private readonly recent: number[] = [];

	constructor(private readonly now: () => number = Date.now) {}

	get learned(): boolean {
		return this.rate !== undefined;
	}

	/** Requests per second allowed now; undefined until a refusal taught one. */
	ratePerSecond(now = this.now()): number | undefined {
		if (this.rate === undefined) return undefined;
		const seconds = Math.max(0, now - this.rateAt) / 1000;
		return Math.min(1e6, this.rate * (1 + PROBE * seconds * seconds));
	}

	/**
	 * Every request is held until `at` (a refusal's backoff, a wait the vendor announced): the rate
	 * measured at the next refusal starts when sending starts again, so that the hold, which is
	 * ours, is not taken for a slower vendor.
	 */
	heldUntil(at: number): void {
		this.resumeAt = Math.max(this.resumeAt ?? 0, at);
	}

	/** How long to wait before sending; 0 admits the request. */
	admit(): number {
		const now = this.now();
		if (this.resumeAt !== undefined && now >= this.resumeAt) {
			this.resumeAt = undefined;
			if (this.since !== undefined) this.since = { at: now, accepted: this.accepted };
		}
		if (now - this.lastActivityAt > IDLE_MS && now - this.lastRefusalAt > IDLE_MS) this.since = { at: now, accepted: this.accepted };
		this.lastActivityAt = now;
		const rate = this.ratePerSecond(now);
		if (rate === undefined) return 0;
		const interval = 1000 / rate;
		// One interval of slack: a timer that fires late does not cost the slot it was waiting for.
		if (this.nextAt - now > interval) return Math.max(1, Math.ceil(this.nextAt - interval - now));
		this.nextAt = Math.max(this.nextAt, now) + interval;
		return 0;
	}

	/** Any answer (accepted or not: a refusal is taken back by `refused`). */
	answered(): void {
		const now = this.now();
		this.accepted += 1;
		this.lastActivityAt = now;
		this.recent.push(now);
		while (this.recent[0] <= now - 1000) this.recent.shift();
	}

	/**
	 * A refusal; `roundTripMs` tells how far apart the refusals of one episode may arrive. Says
	 * what it made of it: `learned` (the first rate), `cut` (a slower rate), `closed` (nothing was
	 * accepted since the last cut: the vendor's window is shut, e.g. a budget per minute spent,
	 * and the caller should hold every request for `closedHoldMs()` rather than pace into it), or
	 * `same` (part of an episode already counted: sent before the last cut took effect).
	 */
	refused(roundTripMs?: number): RefusalVerdict {
		const now = this.now();
		this.accepted = Math.max(0, this.accepted - 1);
		this.recent.pop();
		this.lastActivityAt = now;
		const gap = Math.max(MIN_EPISODE_GAP_MS, 2 * (roundTripMs ?? 0));
		// Before a rate is learned, one episode is refusals less than `gap` apart. After, a new
		// episode is a refusal `gap` after the last cut, however close the refusals came: a pace
		// that is still too fast keeps being refused, and must be cut again.
		const last = this.rate === undefined ? this.lastRefusalAt : this.rateAt;
		this.lastRefusalAt = now;
		this.throughAtLastRefusal = this.since !== undefined && this.accepted > this.since.accepted;
		if (now - last <= gap) return 'same';
		const since = this.since ?? { at: now, accepted: this.accepted };
		this.since = { at: now, accepted: this.accepted };
		const seconds = (now - since.at) / 1000;
		const gained = this.accepted - since.accepted;
		const current = this.ratePerSecond(now);
		if (current !== undefined && gained <= 0 && seconds > 0) {
			// Nothing got through since the last cut: no pace would. Keep the rate for when the
			// window opens again, and hold for longer each time it is still shut.
			this.closedEpisodes += 1;
			this.rate = current;
			this.rateAt = now;
			return 'closed';
		}
		this.closedEpisodes = 0;
		// A rate limit counts per window of a second or more (per second, per minute, per hour): a
		// window's budget used up in less than a second is that many a second, not more.
		let measured = seconds > 0 ? gained / Math.max(seconds, 1) : 0;
		if (current === undefined && seconds >= 1) {
			while (this.recent.length > 0 && this.recent[0] <= now - 1000) this.recent.shift();
			measured = Math.max(measured, this.recent.length);
		}
		let rate: number;
		if (current !== undefined) rate = Math.min(current * MARGIN, Math.max(measured * MARGIN, current / 2));
		else if (measured > 0) rate = measured * MARGIN;
		else return 'same'; // refused before anything was accepted: nothing to learn from yet
		this.rate = Math.max(MIN_RATE, rate);
		this.rateAt = now;
		return current === undefined ? 'learned' : 'cut';
	}

	/**
	 * Whether, at the last refusal, other requests were getting through: something was accepted
	 * since the last cut (or the end of the last hold), or, for a refusal that made a cut, in the
	 * span it measured. A vendor that accepts nothing never is.
	 */
	get gettingThrough(): boolean {
		return this.throughAtLastRefusal;
	}

	/** How long to hold every request after a `closed` verdict: half a second, doubling while the window stays shut, at most 30 s. */
	closedHoldMs(): number {
		return Math.min(MAX_CLOSED_HOLD_MS, CLOSED_HOLD_MS * 2 ** Math.max(0, this.closedEpisodes - 1));
	}
}
