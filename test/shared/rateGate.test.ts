import { RateGate } from '../../nodes/shared/rateGate';

function clock(start = Date.UTC(2026, 10, 23, 12, 0, 0)) {
	let t = start;
	return { now: () => t, advance: (ms: number) => (t += ms) };
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
});
