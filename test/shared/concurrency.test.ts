/**
 * Concurrency: Auto's arithmetic, on a clock of the test's own: when the limit grows, holds and
 * backs off, and how its slots are handed out.
 */
import { AdaptiveConcurrency, AUTO_CAP, AUTO_INITIAL, ItemSlots } from '../../nodes/shared/concurrency';

/** The arithmetic below is walked from a start of 8 (the default start is AUTO_INITIAL, tested first). */
const FROM = 8;

function clock(start = 1_000_000) {
	let t = start;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Takes `count` slots at once; returns their release functions. */
async function hold(limiter: AdaptiveConcurrency, count: number): Promise<Array<() => void>> {
	return await Promise.all(Array.from({ length: count }, async () => await limiter.acquire()));
}

/** One round: the limit's worth of answers, each after `rttMs`, with the limit's slots taken. */
async function round(limiter: AdaptiveConcurrency, c: ReturnType<typeof clock>, rttMs: number): Promise<number> {
	const slots = await hold(limiter, limiter.limit);
	c.advance(rttMs);
	for (let i = 0; i < slots.length; i++) limiter.onSample(rttMs);
	slots.forEach((free) => free());
	return limiter.limit;
}

describe('Concurrency: Auto (AdaptiveConcurrency)', () => {
	it('starts at 16 and doubles each round while round trips stay at their minimum, up to the cap', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now);
		expect(limiter.limit).toBe(AUTO_INITIAL);
		expect(AUTO_INITIAL).toBe(16);
		expect(AUTO_CAP).toBe(32);
		const limits = [];
		for (let i = 0; i < 3; i++) limits.push(await round(limiter, c, 50));
		expect(limits).toEqual([32, 32, 32]);
		const from8 = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		const fromLimits = [];
		for (let i = 0; i < 3; i++) fromLimits.push(await round(from8, c, 50));
		expect(fromLimits).toEqual([16, 32, 32]);
	});

	it('does not grow while the items do not fill the limit (a small batch says nothing about a larger one)', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		for (let i = 0; i < 10; i++) {
			const [free] = await hold(limiter, 1);
			c.advance(50);
			for (let s = 0; s < FROM; s++) limiter.onSample(50);
			free();
		}
		expect(limiter.limit).toBe(FROM);
	});

	it('backs off to 70 % on a refusal, once per round trip, and then grows by steps, not doublings', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		await round(limiter, c, 100); // 16; the smoothed round trip is 100 ms
		limiter.onRefusal();
		expect(limiter.limit).toBe(11); // 16 * 0.7 = 11.2
		// The rest of that round's refusals were sent before the cut: they change nothing.
		c.advance(20);
		limiter.onRefusal();
		limiter.onRefusal();
		expect(limiter.limit).toBe(11);
		// A round trip later, a refusal is news again.
		c.advance(100);
		limiter.onRefusal();
		expect(limiter.limit).toBe(7); // 11.2 * 0.7 = 7.84
		// Fast answers again: one step per round (slow start is over).
		const next = await round(limiter, c, 100);
		expect(next).toBe(8);
		expect(limiter.state().slowStart).toBe(false);
	});

	it('a refusal cuts no lower than the floor the rate gate gives (what the paced rate needs in flight), and never raises the limit', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		await round(limiter, c, 100);
		await round(limiter, c, 100); // 32
		limiter.onRefusal(28);
		expect(limiter.limit).toBe(28); // not 32 * 0.7 = 22
		c.advance(200);
		limiter.onRefusal(28);
		expect(limiter.limit).toBe(28);
		c.advance(200);
		// A floor above the limit does not raise it; one above the cap is the cap.
		limiter.onRefusal(100);
		expect(limiter.limit).toBe(28);
		c.advance(200);
		limiter.onRefusal(1);
		expect(limiter.limit).toBe(19); // 28 * 0.7 = 19.6
	});

	it('shrinks in proportion when round trips pass twice their minimum, by half at most', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		await round(limiter, c, 50);
		await round(limiter, c, 50);
		expect(limiter.limit).toBe(32);
		// 150 ms against an unloaded 50 (plus 5 ms of slack on both): 2.8 times; 32 * 2 / 2.8 = 22.7.
		expect(await round(limiter, c, 150)).toBe(22);
		expect(limiter.state().slowStart).toBe(false);
		// Eight times slower: the cut stops at half.
		expect(await round(limiter, c, 400)).toBe(11);
	});

	it('holds the limit while round trips are 1.5 to 2 times their minimum and more in flight brings no more answers', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		await round(limiter, c, 50);
		expect(limiter.limit).toBe(16);
		// 16 in flight at 100 ms answer 160 a second, as 8 did at 50 ms: the doubling bought nothing.
		expect(await round(limiter, c, 100)).toBe(16);
		expect(await round(limiter, c, 100)).toBe(16);
		// Back near the minimum: growth again.
		expect(await round(limiter, c, 60)).toBe(32);
	});

	it('keeps growing while round trips stay flat, even well above their minimum (an API\'s own spread, a busy n8n host)', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		// One lucky fast answer sets the minimum; every round after takes 120 ms, 2.3 times it.
		limiter.onSample(50);
		const limits = [];
		for (let i = 0; i < 4; i++) limits.push(await round(limiter, c, 120));
		expect(limits).toEqual([16, 32, 32, 32]);
	});

	it('a round trip that jumped and stays there costs a few cuts, then growth resumes', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		await round(limiter, c, 50);
		await round(limiter, c, 50);
		expect(limiter.limit).toBe(32);
		const limits = [];
		for (let i = 0; i < 20; i++) limits.push(await round(limiter, c, 200));
		// Cut once while 200 ms was news (four times the usual round trip, and 32 in flight answered
		// no faster than 16 had), then, 200 ms being the usual, up again step by step.
		expect(limits[0]).toBe(17);
		expect(Math.min(...limits)).toBe(17);
		expect(limits.at(-1)).toBeGreaterThan(17);
	});

	it('never goes under one item or over its cap', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(3, c.now);
		expect(limiter.limit).toBe(3);
		for (let i = 0; i < 5; i++) expect(await round(limiter, c, 10)).toBe(3);
		for (let i = 0; i < 20; i++) {
			c.advance(1000);
			limiter.onRefusal();
		}
		expect(limiter.limit).toBe(1);
		const [free] = await hold(limiter, 1);
		free();
	});

	it('once a round trip is known, hands its slots out spread over it, not all at once (pacing)', async () => {
		/** Whether `count` slots asked for at once were all handed out before the next turn of the event loop. */
		const atOnce = async (limiter: AdaptiveConcurrency, count: number): Promise<boolean> => {
			let settled = false;
			const all = hold(limiter, count).then((frees) => {
				settled = true;
				return frees;
			});
			await new Promise((resolve) => setImmediate(resolve));
			const was = settled;
			(await all).forEach((free) => free());
			return was;
		};
		const c = clock();
		// At the cap: 400 ms / (32 * 1.25) = 10 ms apart, after one slot of slack.
		const paced = new AdaptiveConcurrency(AUTO_CAP, c.now, AUTO_CAP);
		expect(await atOnce(paced, 8)).toBe(true); // no round trip known yet: no pacing
		paced.onSample(400);
		const start = Date.now();
		const frees = await Promise.all(Array.from({ length: 5 }, async () => await paced.acquire().then((free) => ({ free, at: Date.now() - start }))));
		frees.forEach(({ free }) => free());
		const at = frees.map((taken) => taken.at);
		expect(at[4]).toBeGreaterThanOrEqual(25);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		// 40 ms over 32 slots is 1 ms apart: under 2 ms, a timer would cost more than the burst.
		const fast = new AdaptiveConcurrency(AUTO_CAP, c.now, AUTO_CAP);
		fast.onSample(40);
		expect(await atOnce(fast, 8)).toBe(true);
	});

	it('hands out no more slots than the limit, in order, and a freed or grown limit wakes the waiters', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, 2);
		const order: number[] = [];
		const frees = Array.from({ length: 5 }, (_, i) =>
			limiter.acquire().then((free) => {
				order.push(i);
				return free;
			}),
		);
		await new Promise((resolve) => setImmediate(resolve));
		expect(order).toEqual([0, 1]);
		expect(limiter.state()).toMatchObject({ inFlight: 2, waiting: 3 });
		(await frees[0])();
		await new Promise((resolve) => setImmediate(resolve));
		expect(order).toEqual([0, 1, 2]);
		// Two answers at the unloaded round trip with both slots taken: the limit doubles to 4.
		c.advance(50);
		limiter.onSample(50);
		limiter.onSample(50);
		await new Promise((resolve) => setImmediate(resolve));
		expect(limiter.limit).toBe(4);
		expect(order).toEqual([0, 1, 2, 3, 4]);
		// A slot freed twice is freed once.
		const free = await frees[1];
		free();
		free();
		expect(limiter.state().inFlight).toBe(3);
	});

	it('follows a vendor that got slower: the unloaded round trip is the least of the last 30 to 60 s', async () => {
		const c = clock();
		const limiter = new AdaptiveConcurrency(AUTO_CAP, c.now, FROM);
		limiter.onSample(20);
		expect(limiter.minRttMs).toBe(20);
		c.advance(31_000);
		limiter.onSample(80);
		expect(limiter.minRttMs).toBe(20);
		c.advance(31_000);
		limiter.onSample(80);
		expect(limiter.minRttMs).toBe(80);
	});
});

describe('ItemSlots: an item lends its slot while it waits to retry', () => {
	it('frees the slot for another item during the wait, and waits in line for one again after', async () => {
		const shared = new AdaptiveConcurrency(2, Date.now, 2);
		const slots = new ItemSlots(shared);
		const freeA = await slots.acquire();
		const heldA = slots.heldBy(0);
		const freeB = await slots.acquire();
		slots.heldBy(1);
		expect(shared.state().inFlight).toBe(2);

		let releaseWait!: () => void;
		const waiting = slots.lendWhile(0, async () => await new Promise<void>((resolve) => (releaseWait = resolve)));
		// Item 0 waits for its retry: its slot went to item 2.
		const freeC = await slots.acquire();
		expect(shared.state().inFlight).toBe(2);

		// Its wait is over, but both slots are taken: it waits in line until one is freed.
		let back = false;
		void waiting.then(() => (back = true));
		releaseWait();
		await new Promise((resolve) => setImmediate(resolve));
		expect(back).toBe(false);
		freeB();
		await waiting;
		expect(back).toBe(true);
		expect(shared.state().inFlight).toBe(2);
		// Item 0's own free function gives back the slot it holds now.
		heldA();
		freeA();
		freeC();
		expect(shared.state().inFlight).toBe(0);
	});

	it('an item that holds no slot (a pinned Concurrency, a read before the items) lends nothing', async () => {
		const shared = new AdaptiveConcurrency(1, Date.now, 1);
		const slots = new ItemSlots(shared);
		const free = await slots.acquire();
		const held = slots.heldBy(3);
		held();
		await slots.lendWhile(3, async () => {
			expect(shared.state().inFlight).toBe(1);
		});
		expect(shared.state().inFlight).toBe(1);
		free();
	});
});
