import { sleep } from 'n8n-workflow';

/**
 * Concurrency: Auto. How many items one credential may have in flight against one host, learned
 * from the vendor's answers the way TCP learns a congestion window (Netflix concurrency-limits'
 * Gradient2, Vegas and AIMD limits, Envoy's adaptive concurrency filter are the models):
 *
 * - The unloaded round trip is the least one seen lately (Vegas' rtt_noload, Envoy's minRTT);
 *   the usual one is an average over the last rounds (Gradient2's long-term RTT). Each round
 *   also gives a rate of answers (BBR's delivery rate).
 * - Once per round (about one round trip: `limit` answers), while items really fill the limit,
 *   the round's average round trip decides:
 *   - it grows (doubling at first, "slow start", then by a step of log10(limit), at least 1)
 *     while round trips stay within 1.5 times the unloaded one, or have not risen (5 %) above
 *     the usual one (more in flight did not make anyone wait longer), or answers came 10 %
 *     faster than in the round before (more in flight still brings more). The last two matter when
 *     round trips are long for reasons of their own: a SaaS API's spread, or a busy n8n host
 *     whose CPU delays every answer, where round trips grow with our load but so does the rate;
 *   - it shrinks in proportion (`limit * 2 * minRtt / rtt`, by half at most) when round trips
 *     are past twice the unloaded one and rising (10 %) above the usual one while answers come
 *     no faster: requests are queueing, at the vendor or on the way, and more in flight only
 *     makes them wait longer (Envoy's gradient, BBR's full pipe). The usual round trip then
 *     starts again from this round's, so the next round judges the cut, not the old level. Not on the
 *     distance to the unloaded round trip alone: requests of different kinds (a search and a
 *     create) have different round trips, and the fastest kind sets the minimum;
 *   - otherwise it holds.
 * - A refusal (429, Retry-After, a vendor's "busy" answer) cuts the limit to 70 % (CUBIC's
 *   factor), once per round trip, however many answers of that round were refused; never under
 *   what the rate the requests are paced to needs in flight (Little's law: the rate times the
 *   round trip), which the rate gate passes in: a rate limit is the pacer's to keep, and a
 *   limit cut under it would slow the work below the vendor's rate for many rounds.
 * - Never above the cap, never under one.
 * - Slots are handed out paced, no faster than the limit per unloaded round trip times 1.25
 *   (BBR's pacing gain; 2.89, its startup gain, while the limit still doubles under the cap), once
 *   that spacing is 2 ms or more. Items that start together are answered together, and their
 *   answers, each a few milliseconds of the host's CPU in n8n's request path, then queue behind
 *   each other before the next requests leave: at 200 ms, 32 answers at once cost a round a
 *   quarter longer. Spread over the round trip, each answer is handled as it comes.
 *
 * The limit is pure arithmetic on a clock it is given, unit-tested on its own
 * (test/shared/concurrency.test.ts); only the pacing of slots keeps to the real clock.
 */

/**
 * The most items Auto keeps in flight on one credential and host. 32 reaches 50 requests a
 * second (Domo's documented limit, the highest of the vendors here) with round trips up to
 * 640 ms, and stays under the concurrency that vendors who publish one allow (GitHub's 100
 * concurrent requests, Okta's 75 for a paid org); user administration endpoints (invitations,
 * directory writes) are not built for more from one client.
 */
export const AUTO_CAP = 32;

/**
 * Where Auto starts: Netflix's limits start at 20; 16 stays under that and reaches the cap in one
 * doubling (from 8, the first round trips of a 200 ms vendor sent a third of what the cap allows).
 */
export const AUTO_INITIAL = 16;

/** A refusal leaves this share of the limit (CUBIC's multiplicative decrease). */
const BACKOFF = 0.7;

/** The unloaded round trip is the least seen over the last one to two of these windows, so it follows a path that got slower. */
const MIN_RTT_WINDOW_MS = 30_000;

/** Round trips up to this many times the unloaded one let the limit grow. */
const GROW_BELOW = 1.5;

/** Slots are handed out no faster than this many times the limit per unloaded round trip (BBR's pacing gain). */
const PACING_GAIN = 1.25;

/** While the limit still doubles each round, BBR's startup gain (2 / ln 2): the round's burst is what finds more room. */
const STARTUP_PACING_GAIN = 2.89;

/** Pacing spaces slots at least this far apart, or not at all: closer, a timer costs more than the burst. */
const MIN_PACING_MS = 2;

/** Past this many times the unloaded round trip, with round trips rising, the limit shrinks. */
const SHRINK_ABOVE = 2;

/** Added to both sides of the comparison: a few milliseconds of jitter on a fast answer are not a queue. */
const SLACK_MS = 5;

/** A round this much slower (or faster) than usual is "rising"; this much or less is "flat". */
const RISING = 1.1;
const FLAT = 1.05;

/** Slots for items in flight: wait for one before an item starts, free it when the item is done. */
export interface ConcurrencySlots {
	/** Resolves with the function that frees the slot, once one is free. */
	acquire(): Promise<() => void>;
	/** The current limit. */
	readonly limit: number;
	/**
	 * Records that item `itemIndex` runs holding a slot, so that it can lend the slot while it
	 * waits to retry (see ItemSlots); returns the function that ends the record.
	 */
	heldBy?(itemIndex: number): () => void;
}

export interface ConcurrencyState {
	limit: number;
	inFlight: number;
	waiting: number;
	slowStart: boolean;
	minRttMs: number | undefined;
	smoothedRttMs: number | undefined;
}

export class AdaptiveConcurrency implements ConcurrencySlots {
	private estimate: number;

	private slowStart = true;

	private held = 0;

	private readonly waiters: Array<() => void> = [];

	private minNow = Infinity;

	private minBefore = Infinity;

	private minWindowStart: number;

	private smoothed: number | undefined;

	private round: { start: number; samples: number; rttSum: number; maxHeld: number };

	private lastCutAt = -Infinity;

	/** The usual round trip: a moving average of the rounds' averages. */
	private usual: number | undefined;

	/** The last round's rate of answers (per ms). */
	private lastRate: number | undefined;

	/** When (Date.now) the next slot may be handed out, under pacing. */
	private nextTakeAt = 0;

	/** Whether a wake-up for the paced waiters is due already. */
	private wakeDue = false;

	readonly cap: number;

	constructor(
		cap = AUTO_CAP,
		private readonly now: () => number = Date.now,
		initial = AUTO_INITIAL,
	) {
		this.cap = Math.max(1, Math.floor(cap));
		this.estimate = Math.min(this.cap, Math.max(1, initial));
		this.minWindowStart = this.now();
		this.round = { start: this.minWindowStart, samples: 0, rttSum: 0, maxHeld: 0 };
	}

	get limit(): number {
		return Math.max(1, Math.floor(this.estimate));
	}

	/** The least round trip seen lately: the vendor's answer time with nothing of ours queued. */
	get minRttMs(): number | undefined {
		const min = Math.min(this.minNow, this.minBefore);
		return Number.isFinite(min) ? min : undefined;
	}

	get smoothedRttMs(): number | undefined {
		return this.smoothed;
	}

	state(): ConcurrencyState {
		return {
			limit: this.limit,
			inFlight: this.held,
			waiting: this.waiters.length,
			slowStart: this.slowStart,
			minRttMs: this.minRttMs,
			smoothedRttMs: this.smoothed,
		};
	}

	async acquire(): Promise<() => void> {
		if (this.held < this.limit && this.waiters.length === 0 && this.paced() === 0) return this.take();
		const taken = new Promise<() => void>((resolve) => this.waiters.push(() => resolve(this.take())));
		this.wake();
		return await taken;
	}

	/**
	 * Time (ms) before the next slot may be handed out: 0 now. Pacing spaces real requests, so it
	 * keeps to the real clock; the clock the class is given drives the limit's arithmetic, which
	 * tests walk without waiting.
	 */
	private paced(): number {
		const interval = this.pacingIntervalMs();
		if (interval === 0) return 0;
		return Math.max(0, this.nextTakeAt - Date.now());
	}

	/**
	 * The spacing of slots handed out: the unloaded round trip over the limit, divided by the
	 * pacing gain; 0 (no pacing) while no round trip is known or where it would be under 2 ms.
	 */
	private pacingIntervalMs(): number {
		const rtt = this.minRttMs;
		if (rtt === undefined) return 0;
		const gain = this.slowStart && this.limit < this.cap ? STARTUP_PACING_GAIN : PACING_GAIN;
		const interval = rtt / (this.limit * gain);
		return interval >= MIN_PACING_MS ? interval : 0;
	}

	/** One round trip finished (answered, or timed out), after `rttMs`. */
	onSample(rttMs: number): void {
		if (!Number.isFinite(rttMs) || rttMs < 0) return;
		const now = this.now();
		if (now - this.minWindowStart >= MIN_RTT_WINDOW_MS) {
			this.minBefore = this.minNow;
			this.minNow = Infinity;
			this.minWindowStart = now;
		}
		this.minNow = Math.min(this.minNow, rttMs);
		this.smoothed = this.smoothed === undefined ? rttMs : this.smoothed * 0.875 + rttMs * 0.125;

		const round = this.round;
		round.samples += 1;
		round.rttSum += rttMs;
		if (round.samples >= this.limit && now - round.start >= (this.minRttMs ?? 0)) this.endRound(now);
	}

	/**
	 * The vendor refused a request as too many (429, a "busy" answer, Retry-After). `floor`: the
	 * items in flight that the rate the requests are paced to needs (its rate times the round
	 * trip): the cut stops there, since under it the limit, not the vendor, would set the pace.
	 */
	onRefusal(floor = 1): void {
		const now = this.now();
		// Answers to requests sent before the last cut arrive within a round trip of it: one cut
		// per round trip, as TCP reacts once per window of losses.
		if (now - this.lastCutAt < (this.smoothed ?? 0)) return;
		this.lastCutAt = now;
		this.slowStart = false;
		this.estimate = Math.min(this.estimate, Math.max(1, Math.min(this.cap, floor), this.estimate * BACKOFF));
		this.newRound(now);
	}

	/**
	 * A holder gives its slot up while it has nothing in flight (a refused request waiting for
	 * its retry); the function returned waits, in line with the others, for a slot again. The
	 * holder's own free function gives that one back.
	 */
	lend(): () => Promise<void> {
		this.held = Math.max(0, this.held - 1);
		this.wake();
		return async () => void (await this.acquire());
	}

	private take(): () => void {
		const interval = this.pacingIntervalMs();
		// One slot of slack: a timer that fires late does not cost the next slot its turn.
		if (interval > 0) this.nextTakeAt = Math.max(this.nextTakeAt, Date.now() - interval) + interval;
		this.held += 1;
		this.round.maxHeld = Math.max(this.round.maxHeld, this.held);
		let freed = false;
		return () => {
			if (freed) return;
			freed = true;
			this.held -= 1;
			this.wake();
		};
	}

	/** Hands free slots to waiters in turn, as pacing allows; a timer wakes the rest when it does. */
	private wake(): void {
		while (this.waiters.length > 0 && this.held < this.limit) {
			const wait = this.paced();
			if (wait > 0) {
				if (!this.wakeDue) {
					this.wakeDue = true;
					void sleep(Math.ceil(wait)).then(() => {
						this.wakeDue = false;
						this.wake();
					});
				}
				return;
			}
			this.waiters.shift()!();
		}
	}

	private newRound(now: number): void {
		this.round = { start: now, samples: 0, rttSum: 0, maxHeld: this.held };
	}

	private endRound(now: number): void {
		const { start, samples, rttSum, maxHeld } = this.round;
		this.newRound(now);
		// Items did not fill the limit: the answers say nothing about a larger one (Vegas and
		// Gradient2 hold the limit when in flight is under half of it).
		if (maxHeld * 2 < this.limit) return;
		const limit = this.estimate;
		const rtt = rttSum / samples + SLACK_MS;
		const stretch = rtt / (this.minRttMs! + SLACK_MS);
		const rise = this.usual === undefined ? 1 : rtt / this.usual;
		this.usual = this.usual === undefined ? rtt : this.usual * 0.75 + rtt * 0.25;
		const rate = samples / Math.max(now - start, 1);
		const gain = this.lastRate === undefined ? 1 : rate / this.lastRate;
		this.lastRate = rate;
		if (stretch > SHRINK_ABOVE && rise > RISING && gain < RISING) {
			this.slowStart = false;
			this.estimate = Math.max(1, limit / 2, limit * Math.min(1, SHRINK_ABOVE / stretch));
			this.usual = rtt;
		} else if (stretch <= GROW_BELOW || rise <= FLAT || gain >= RISING) {
			this.estimate = Math.min(this.cap, this.slowStart ? limit * 2 : limit + Math.max(1, Math.log10(limit)));
		}
		this.wake();
	}
}

/** Runs item `itemIndex`'s work recorded as holding one of `slots` (see ItemSlots), if they keep a record. */
export async function asHolder<T>(slots: ConcurrencySlots | undefined, itemIndex: number, run: () => Promise<T>): Promise<T> {
	const held = slots?.heldBy?.(itemIndex);
	try {
		return await run();
	} finally {
		held?.();
	}
}

/**
 * Starts `task(0)`, `task(1)`, ... in order with the node's Concurrency: a pinned number at once, or
 * under Auto as many as `slots` allows, each task holding a slot (recorded as item
 * `itemIndexOf(position)`'s, see ItemSlots) while it runs. The first tasks run alone until one says
 * it may have sent a request: a credential's token is then fetched once, not once per worker, and
 * a failure there (without Continue On Fail) stops the run before anything else is sent. After
 * `stop()` says so, no task starts. The item runner and Sync's writes both run on it.
 */
export async function inTurn(
	count: number,
	options: { concurrency: 'auto' | number; slots?: ConcurrencySlots },
	task: (position: number) => Promise<boolean>,
	stop: () => boolean,
	itemIndexOf: (position: number) => number = (position) => position,
): Promise<void> {
	// Auto without a shared limiter (a test, a node run alone): the cap's worth of workers on one of its own.
	const slots = options.concurrency === 'auto' ? (options.slots ?? new AdaptiveConcurrency()) : undefined;
	const holding = async (position: number): Promise<boolean> => await asHolder(slots, itemIndexOf(position), async () => await task(position));
	let next = 0;
	while (next < count && !stop()) {
		const free = slots ? await slots.acquire() : undefined;
		try {
			if (await holding(next++)) break;
		} finally {
			free?.();
		}
	}
	const worker = async () => {
		while (next < count && !stop()) {
			if (!slots) {
				await task(next++);
				continue;
			}
			// The slot first, then the item: items start in order, and no worker holds an item while it waits.
			const free = await slots.acquire();
			try {
				if (next >= count || stop()) return;
				await holding(next++);
			} finally {
				free();
			}
		}
	};
	const wanted = options.concurrency === 'auto' ? AUTO_CAP : Math.floor(options.concurrency) || 1;
	await Promise.all(Array.from({ length: Math.max(1, Math.min(wanted, count - next)) }, worker));
}

/**
 * One execution's view of a credential's Auto slots, which knows which of its items hold one: an
 * item whose request was refused lends its slot while it waits to retry, since it has nothing in
 * flight. Otherwise the items sleeping on a refusal of one second's budget (up to every slot) would
 * stop the others for their whole backoff, and the next rate measured would be ours, not the vendor's.
 */
export class ItemSlots implements ConcurrencySlots {
	private readonly holders = new Map<number, number>();

	constructor(private readonly shared: AdaptiveConcurrency) {}

	get limit(): number {
		return this.shared.limit;
	}

	async acquire(): Promise<() => void> {
		return await this.shared.acquire();
	}

	heldBy(itemIndex: number): () => void {
		this.holders.set(itemIndex, (this.holders.get(itemIndex) ?? 0) + 1);
		let ended = false;
		return () => {
			if (ended) return;
			ended = true;
			const count = (this.holders.get(itemIndex) ?? 1) - 1;
			if (count > 0) this.holders.set(itemIndex, count);
			else this.holders.delete(itemIndex);
		};
	}

	/** Runs `wait` with item `itemIndex`'s slot lent out, if the item holds one. */
	async lendWhile<T>(itemIndex: number, wait: () => Promise<T>): Promise<T> {
		if (!this.holders.get(itemIndex)) return await wait();
		const back = this.shared.lend();
		try {
			return await wait();
		} finally {
			await back();
		}
	}
}
