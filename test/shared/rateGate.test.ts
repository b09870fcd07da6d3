import { RateGate } from '../../nodes/shared/rateGate';

function clock(start = Date.UTC(2026, 10, 23, 12, 0, 0)) {
	let t = start;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** `count` requests, each admitted, answered (accepted) `everyMs` later after a round trip of `rttMs`. */
function answer(gate: RateGate, c: ReturnType<typeof clock>, count: number, everyMs: number, rttMs = everyMs): void {
	for (let i = 0; i < count; i++) {
		gate.admit();
		c.advance(everyMs);
		gate.release({}, rttMs);
	}
}

/** Takes every slot Auto allows now; returns their free functions. */
async function fillSlots(gate: RateGate): Promise<Array<() => void>> {
	return await Promise.all(Array.from({ length: gate.concurrency.limit }, async () => await gate.concurrency.acquire()));
}

describe('RateGate pacing', () => {
	it('spends the burst, then admits at the sustained rate', () => {
		const c = clock();
		const gate = new RateGate({ perSecond: 10, burst: 3 }, c.now);
		expect([gate.admit(), gate.admit(), gate.admit()]).toEqual([0, 0, 0]);
		// 10 per second less the 5 % safety margin: one every 105.3 ms.
		const wait = gate.admit();
		expect(wait).toBe(106);
		c.advance(wait);
		expect(gate.admit()).toBe(0);
	});

	it('holds new requests when the server says the window is used up, counting those in flight', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		const reset = String(Math.ceil((c.now() + 5000) / 1000));
		expect(gate.admit()).toBe(0);
		expect(gate.admit()).toBe(0);
		// One answer says two are left, but one request is still in flight: one more may go.
		gate.release({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': reset });
		expect(gate.admit()).toBe(0);
		expect(gate.admit()).toBeGreaterThan(4000);
		c.advance(6000);
		expect(gate.admit()).toBe(0);
	});

	it('keeps the lowest remaining count of one window when answers arrive out of order', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		const reset = String(Math.ceil((c.now() + 5000) / 1000));
		gate.admit();
		gate.admit();
		gate.release({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
		gate.release({ 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': reset });
		expect(gate.admit()).toBeGreaterThan(0);
	});

	it('after a 429 holds every request for the wait the server asked for', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		gate.blockFor(2000);
		expect(gate.admit()).toBe(2000);
		c.advance(2000);
		expect(gate.admit()).toBe(0);
	});

	it('where the vendor counts classes of requests apart, one class\'s spent window holds only that class', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		const reset = String(Math.ceil((c.now() + 30_000) / 1000));
		expect(gate.admit('paged')).toBe(0);
		gate.release({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 50, 'paged');
		expect(gate.admit('paged')).toBeGreaterThan(29_000);
		// The writes' own window says 10 are left: the pages' 0 does not stand for it.
		expect(gate.admit('write')).toBe(0);
		gate.release({ 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': reset }, 50, 'write');
		expect(gate.admit('write')).toBe(0);
		expect(gate.admit('paged')).toBeGreaterThan(29_000);
		// A vendor that counts everything together: the lowest count holds every request (as above).
		const together = new RateGate(undefined, c.now);
		together.admit();
		together.release({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 50);
		together.admit();
		together.release({ 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': reset }, 50);
		expect(together.admit()).toBeGreaterThan(29_000);
	});

	it('a refusal that announced its wait holds its class of requests; a backoff of ours holds every class', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		const reset = String(Math.ceil((c.now() + 3000) / 1000));
		gate.admit('paged');
		gate.release({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 50, 'paged');
		expect(gate.blockFor(3000, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 'paged')).toBe(3000);
		expect(gate.admit('paged')).toBeGreaterThan(2000);
		expect(gate.admit('write')).toBe(0);
		// No headers: the wait is ours (a backoff), not the vendor's word about one class.
		const bare = new RateGate(undefined, c.now);
		bare.admit('paged');
		bare.release({}, 50, 'paged');
		bare.blockFor(1000, {}, 'paged');
		expect(bare.admit('write')).toBe(1000);
	});
});

describe('RateGate and Concurrency: Auto', () => {
	it('feeds every round trip and every refusal to the credential\'s Auto limit', async () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		const slots = await fillSlots(gate);
		for (const _ of slots) expect(gate.admit()).toBe(0);
		c.advance(40);
		for (const _ of slots) gate.release({}, 40);
		slots.forEach((free) => free());
		// From AUTO_INITIAL (16), doubled by one round at the unloaded round trip.
		expect(gate.concurrency.limit).toBe(32);
		expect(gate.concurrency.minRttMs).toBe(40);
		gate.blockFor(1000, { 'retry-after': '1' });
		expect(gate.concurrency.limit).toBe(22); // 32 * 0.7 = 22.4
	});

	it('never lets Auto have more in flight than a documented burst', () => {
		expect(new RateGate({ perSecond: 1, burst: 5 }).concurrency.cap).toBe(5);
		expect(new RateGate({ perSecond: 10, burst: 200 }).concurrency.cap).toBe(32);
		expect(new RateGate(undefined).concurrency.cap).toBe(32);
	});
});

describe('RateGate: a pace learned from refusals that announce nothing', () => {
	/** Sends for `ms` of fake time, each request answered at once; returns how many were admitted. */
	function send(gate: RateGate, c: ReturnType<typeof clock>, ms: number): number {
		let admitted = 0;
		for (const end = c.now() + ms; c.now() < end; ) {
			const wait = gate.admit();
			if (wait > 0) {
				c.advance(Math.min(wait, end - c.now()));
				continue;
			}
			admitted += 1;
			gate.release({}, 1);
			c.advance(1);
		}
		return admitted;
	}

	it('the first refusal holds every request for the backoff; then the gate paces to what the vendor accepted', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		// 100 answers in the first second, then a bare 429.
		for (let i = 0; i < 100; i++) {
			expect(gate.admit()).toBe(0);
			c.advance(10);
			gate.release({}, 10);
		}
		gate.admit();
		gate.release({}, 10);
		// The refused request waits its backoff, and so does every other.
		expect(gate.blockFor(400, {})).toBe(400);
		expect(gate.admit()).toBe(400);
		c.advance(400);
		// Paced 5 % under the 100 a second it accepted (and rising slowly from there: 8 % after 2 s).
		const admitted = send(gate, c, 2000);
		// Unpaced, this loop would have sent about 2,000.
		expect(admitted).toBeGreaterThanOrEqual(185);
		expect(admitted).toBeLessThanOrEqual(200);
		expect(gate.pace!.ratePerSecond()).toBeGreaterThan(95);
	});

	it('a budget used up in less than a second is taken as that many a second, not as a faster rate', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		// A fast start: a window's 100 accepted in the first 200 ms (32 in flight, short round
		// trips), then a bare 429. 100 in 0.2 s is not 500 a second: the window is a second or more.
		answer(gate, c, 100, 2);
		// The refused request is answered (a 429) like any other, then taken back as a refusal.
		gate.admit();
		gate.release({}, 2);
		gate.blockFor(400, {});
		expect(gate.pace!.ratePerSecond()).toBeCloseTo(95, 5);
	});

	it('at the first refusal, the last second counts when the start undercounts (Auto was still growing)', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		// A slow start: 20 answers in 2 s, then 100 in the last second, then a bare 429.
		answer(gate, c, 20, 100);
		answer(gate, c, 100, 10);
		gate.blockFor(400, {});
		// Since the start: 120 in 3 s, 40 a second; the last second: about 100; the pace 5 % under it.
		expect(gate.pace!.ratePerSecond()).toBeGreaterThan(90);
		expect(gate.pace!.ratePerSecond()).toBeLessThanOrEqual(95);
	});

	it('once paced, a bare 429 slows the pace instead of stopping every request', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		answer(gate, c, 100, 10);
		gate.blockFor(400, {});
		c.advance(400);
		// 2 s at 20 accepted a second, far under the pace: the cut stops at half.
		for (let i = 0; i < 40; i++) {
			c.advance(50);
			gate.admit();
			gate.release({}, 10);
		}
		const before = gate.pace!.ratePerSecond()!;
		// No backoff for the refused request either: its retry queues at the pacer like any request.
		expect(gate.blockFor(400, {})).toBe('paced');
		// No hold: the next request waits at most one interval of the slower pace.
		expect(gate.admit()).toBeLessThan(20);
		expect(gate.pace!.ratePerSecond()!).toBeLessThan(before);
		expect(gate.pace!.ratePerSecond()!).toBeCloseTo(before / 2, 5);
	});

	it('after a paced refusal, one request at a time goes until one is accepted, then the pace again', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		/** Waits at the gate until it admits a request. */
		const send = () => {
			for (let wait = gate.admit(); wait > 0; wait = gate.admit()) c.advance(wait);
		};
		answer(gate, c, 100, 10);
		gate.blockFor(400, {});
		c.advance(400);
		// Paced and accepted for a while; then a window spent before its end refuses one.
		for (let i = 0; i < 40; i++) {
			send();
			c.advance(10);
			gate.release({}, 10, undefined, true);
		}
		send();
		c.advance(10);
		gate.release({}, 10, undefined, false);
		expect(gate.blockFor(400, {})).toBe('paced');
		// The probe goes (after the pace's interval at most)...
		send();
		// ...and while it is out nobody else does, however long the pace has allowed more.
		c.advance(200);
		expect(gate.admit()).toBeGreaterThan(0);
		expect(gate.admit()).toBeGreaterThan(0);
		// Refused too (the same episode, less than a second after the pace was set): the next is a probe, alone again.
		gate.release({}, 10, undefined, false);
		expect(gate.blockFor(400, {})).toBe('paced');
		send();
		c.advance(200);
		expect(gate.admit()).toBeGreaterThan(0);
		// Accepted: the pace alone decides again, and a second request goes while the first is out.
		gate.release({}, 10, undefined, true);
		c.advance(1000);
		expect(gate.admit()).toBe(0);
		c.advance(200);
		expect(gate.admit()).toBe(0);
	});

	it('a probe never answered (a caller that lost it) holds the others a few round trips at the most', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		answer(gate, c, 100, 10);
		gate.blockFor(400, {});
		c.advance(400);
		expect(gate.admit()).toBe(0);
		expect(gate.admit()).toBeGreaterThan(0);
		c.advance(2000);
		expect(gate.admit()).toBe(0);
	});

	it('once paced, a refused request whose vendor accepts nothing more gets its backoff, not a free retry', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		answer(gate, c, 100, 10);
		expect(gate.blockFor(400, {})).toBe(400);
		c.advance(400);
		// Sent again and refused again, with nothing accepted in between.
		gate.admit();
		c.advance(10);
		gate.release({}, 10);
		expect(gate.blockFor(800, {})).toBe(800);
		// Others get through now: the next refused one queues at the pacer.
		for (let i = 0; i < 5; i++) {
			c.advance(gate.admit());
			gate.admit();
			c.advance(10);
			gate.release({}, 10);
		}
		expect(gate.blockFor(800, {})).toBe('paced');
	});

	it('a pace still refused is cut again a second after the last cut, however close the refusals come', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		// 200 accepted in the first second: a pace of 190; the vendor allows 100.
		answer(gate, c, 200, 5);
		gate.blockFor(400, {});
		const first = gate.pace!.ratePerSecond()!;
		expect(first).toBeGreaterThan(180);
		c.advance(400);
		// A vendor that accepts 100 in each second of the clock, and refuses the rest; the refusals
		// of one second come less than a second after each other.
		const rates: number[] = [];
		const perWindow = new Map<number, number>();
		for (const end = c.now() + 6000; c.now() < end; ) {
			const wait = gate.admit();
			if (wait > 0) {
				c.advance(wait);
				continue;
			}
			const window = Math.floor(c.now() / 1000);
			perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
			c.advance(2);
			gate.release({}, 2);
			if (perWindow.get(window)! > 100) gate.blockFor(300, {});
			rates.push(gate.pace!.ratePerSecond()!);
		}
		// Not one endless episode: the pace came down from 190 to about what got through (the
		// measure, taken over a second or two of a clock-aligned window, is off by up to a window).
		expect(rates[rates.length - 1]).toBeLessThan(115);
		expect(rates[rates.length - 1]).toBeGreaterThan(60);
	});

	it('a refusal after nothing got through since the last cut holds every request, longer each time, and keeps the rate', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		// A budget of 100 a minute, spent in the first second.
		answer(gate, c, 100, 10);
		gate.blockFor(400, {});
		const learned = gate.pace!.ratePerSecond()!;
		const holds: number[] = [];
		// How long the next request would wait; one admitted is given back unsent.
		const peek = () => {
			const wait = gate.admit();
			if (wait === 0) gate.release(undefined, undefined);
			return wait;
		};
		for (let episode = 0; episode < 4; episode++) {
			// Wait out the hold, then every request is refused for a bit more than a second.
			c.advance(peek());
			for (const end = c.now() + 1100; c.now() < end; ) {
				const wait = gate.admit();
				if (wait > 0) {
					c.advance(Math.min(wait, end - c.now()));
					continue;
				}
				c.advance(5);
				gate.release({}, 5, undefined, false);
				gate.blockFor(300, {});
				if (peek() > 300) break;
			}
			holds.push(peek());
		}
		expect(holds).toEqual([500, 1000, 2000, 4000]);
		// The rate is kept for when the window opens (the 5 % cut at the most).
		expect(gate.pace!.ratePerSecond()!).toBeGreaterThan(learned * 0.9);
	});

	it('a refusal cuts Auto no lower than the learned pace needs in flight (the pace times the round trip, and half again)', async () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		// Auto at the cap, 200 ms round trips, 100 accepted a second, then a bare 429.
		for (let round = 0; round < 2; round++) {
			const slots = await fillSlots(gate);
			for (const _ of slots) gate.admit();
			c.advance(200);
			for (const _ of slots) gate.release({}, 200);
			slots.forEach((free) => free());
		}
		expect(gate.concurrency.limit).toBe(32);
		answer(gate, c, 100, 10, 200);
		gate.blockFor(400, {});
		const pace = gate.pace!.ratePerSecond()!;
		expect(pace).toBeGreaterThan(90);
		// 95 a second for 200 ms is 19 in flight; with half again, 29: not 32 * 0.7 = 22.
		expect(gate.concurrency.limit).toBe(Math.ceil(pace * 0.2 * 1.5));
		// A second refusal a while later, after 40 accepted a second: the pace halves at most, and Auto follows it down.
		c.advance(400);
		for (let i = 0; i < 80; i++) {
			c.advance(25);
			gate.admit();
			gate.release({}, 200);
		}
		gate.blockFor(400, {});
		expect(gate.concurrency.limit).toBeLessThan(29);
		expect(gate.concurrency.limit).toBeGreaterThanOrEqual(Math.ceil(gate.pace!.ratePerSecond()! * 0.2 * 1.5));
	});

	it('with no rate known, a refusal cuts Auto to 70 % as before', async () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		const slots = await fillSlots(gate);
		for (const _ of slots) gate.admit();
		c.advance(200);
		// Refused before anything was accepted: nothing learned, no floor.
		gate.blockFor(400, {});
		expect(gate.pace!.learned).toBe(false);
		expect(gate.concurrency.limit).toBe(11); // 16 * 0.7 = 11.2
		slots.forEach((free) => free());
	});

	it('a 429 that says how long to wait still holds every request until then', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		for (let i = 0; i < 10; i++) {
			gate.admit();
			gate.release({}, 10);
			c.advance(10);
		}
		gate.blockFor(400, {});
		c.advance(400);
		expect(gate.blockFor(3000, { 'retry-after': '3' })).toBe(3000);
		expect(gate.admit()).toBe(3000);
	});

	it('a vendor with a documented budget keeps its token bucket and learns nothing', () => {
		const gate = new RateGate({ perSecond: 10, burst: 3 });
		expect(gate.pace).toBeUndefined();
	});

	it('the pace grows again while nothing is refused, slowly at first, so a limit that was raised (or freed) is found', () => {
		const c = clock();
		const gate = new RateGate(undefined, c.now);
		answer(gate, c, 50, 20);
		gate.blockFor(400, {});
		const learned = gate.pace!.ratePerSecond()!;
		c.advance(1000);
		expect(gate.pace!.ratePerSecond()!).toBeCloseTo(learned * 1.02, 5);
		c.advance(6000);
		expect(gate.pace!.ratePerSecond()!).toBeCloseTo(learned * 1.98, 5);
	});
});
