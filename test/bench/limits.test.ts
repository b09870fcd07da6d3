import { formulaBound, idealMs, idealPhasesMs, sustainedRate } from './limits';

const start = Date.UTC(2026, 10, 23, 12, 0, 0); // on a whole minute, so windows start with the run

describe('benchmark bound', () => {
	it('without a limit: batches of `concurrency` users, one latency each', () => {
		expect(idealMs({ users: 1000, concurrency: 10, latencyMs: 50, startedAt: start, leadingRoundTrips: 0 })).toBe(5000);
		// A token exchange first costs one more round trip.
		expect(idealMs({ users: 1000, concurrency: 10, latencyMs: 50, startedAt: start, leadingRoundTrips: 1 })).toBe(5050);
		expect(formulaBound({ concurrency: 10, latencyMs: 50 })).toBe(200);
	});

	it('a token bucket: the burst at full speed, then the sustained rate', () => {
		const limit = { kind: 'bucket' as const, perSecond: 10, burst: 200 };
		// 200 at 200/s take 1 s, during which 10 more tokens arrive; the other 790 come at 10/s.
		const ms = idealMs({ users: 1000, concurrency: 10, latencyMs: 50, limit, startedAt: start, leadingRoundTrips: 0 });
		expect(ms).toBeGreaterThan(79_000);
		expect(ms).toBeLessThan(81_000);
		// Within the burst the limit does not bind.
		expect(idealMs({ users: 200, concurrency: 10, latencyMs: 50, limit, startedAt: start, leadingRoundTrips: 0 })).toBe(1000);
		expect(formulaBound({ concurrency: 10, latencyMs: 50, limit })).toBe(10);
	});

	it('a fixed window on the clock: the budget at full speed, then a wait for the next window', () => {
		const limit = { kind: 'window' as const, limit: 50, windowMs: 1000 };
		// 50 per second at most, 200/s otherwise: 1,000 users need 20 windows; the last 50 end
		// one latency into the 20th window, counted when their latency has passed.
		const ms = idealMs({ users: 1000, concurrency: 10, latencyMs: 50, limit, startedAt: start, leadingRoundTrips: 0 });
		expect(ms).toBeGreaterThanOrEqual(19_000);
		expect(ms).toBeLessThan(20_000);
		// Fewer users than one window allows: the limit never binds.
		expect(idealMs({ users: 40, concurrency: 10, latencyMs: 50, limit, startedAt: start, leadingRoundTrips: 0 })).toBe(200);
		expect(sustainedRate({ kind: 'window', limit: 3000, windowMs: 60_000 })).toBe(50);
	});
});

describe('true bound (the bench ratio\'s denominator)', () => {
	// Imported here so the pure tests above need no sandbox modules.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { bounds, capFor } = require('./cases') as typeof import('./cases');

	it('is taken at Auto\'s cap, never at the Concurrency a run chose', () => {
		expect(capFor('domo')).toBe(32);
		// Luzmo's documented burst (200) is larger than the cap: the cap applies.
		expect(capFor('luzmo')).toBe(32);
		const domo = { vendor: 'domo' as const, users: 1000, latencyMs: 200, roundTripsPerUser: 1 };
		// Without a limit: 32 in flight, 200 ms each, plus the token exchange: 1000 / (32 batches * 0.2 s + 0.2 s).
		expect(bounds(domo, start).boundIdeal).toBeCloseTo(1000 / 6.6, 5);
		expect(bounds(domo, start).boundFormula).toBe(160);
		// Domo's 3,000 a minute: the formula takes the sustained 50/s; 1,000 users fit in one window.
		const limited = { ...domo, limit: { kind: 'window' as const, limit: 3000, windowMs: 60_000 } };
		expect(bounds(limited, start).boundFormula).toBe(50);
		expect(bounds(limited, start).boundIdeal).toBeCloseTo(1000 / 6.6, 5);
	});
});

describe('benchmark bound in phases (Sync: first page, the pages after it, the writes)', () => {
	const at = { latencyMs: 50, startedAt: start, leadingRoundTrips: 0 };
	const window = { kind: 'window' as const, limit: 10, windowMs: 1000 };

	it('one phase is idealMs', () => {
		expect(idealPhasesMs([{ requests: 1000, concurrency: 10, limited: true }], at)).toBe(idealMs({ users: 1000, concurrency: 10, ...at }));
		expect(idealPhasesMs([{ requests: 40, concurrency: 10, limited: true }], { ...at, limit: window })).toBe(idealMs({ users: 40, concurrency: 10, ...at, limit: window }));
	});

	it('a phase starts when the one before has been answered', () => {
		// One request, then 10 at once: two round trips, not one.
		expect(idealPhasesMs([{ requests: 1, concurrency: 1, limited: true }, { requests: 10, concurrency: 32, limited: true }], at)).toBe(100);
		// Ten pages one after another, then 32 writes at once.
		expect(idealPhasesMs([{ requests: 10, concurrency: 1, limited: true }, { requests: 32, concurrency: 32, limited: true }], at)).toBe(550);
	});

	it('a window the reads used up is not fresh for the writes; reads the limit does not count leave it whole', () => {
		const phases = (limited: boolean) => [
			{ requests: 10, concurrency: 32, limited },
			{ requests: 10, concurrency: 32, limited: true },
		];
		// Reads counted: the writes wait for the next window (counted at 1000 ms, answered then).
		expect(idealPhasesMs(phases(true), { ...at, limit: window })).toBe(1000);
		// Reads not counted: the writes fit the first window.
		expect(idealPhasesMs(phases(false), { ...at, limit: window })).toBe(100);
	});

	it('reads counted against a budget of their own leave the writes\' window whole, and wait for their own', () => {
		// 15 pages against 10 a window: the last 5 wait for the next; the writes' window is fresh.
		const phases = [
			{ requests: 15, concurrency: 32, limited: true, budget: 'paged' },
			{ requests: 10, concurrency: 32, limited: true },
		];
		expect(idealPhasesMs(phases, { ...at, limit: window })).toBe(1050);
		// One budget for all: the writes wait for the window after.
		expect(idealPhasesMs(phases.map(({ budget: _, ...phase }) => phase), { ...at, limit: window })).toBe(2000);
	});

	it('windows fall where the clock puts them: a run that starts late in one meets the next one early', () => {
		const phases = [
			{ requests: 10, concurrency: 32, limited: true },
			{ requests: 10, concurrency: 32, limited: true },
		];
		// Started on a window's start: the writes wait for the next window, 1000 ms later.
		expect(idealPhasesMs(phases, { ...at, limit: window })).toBe(1000);
		// Started 900 ms into a window: the reads spend its end, the writes are counted in the next at once.
		expect(idealPhasesMs(phases, { ...at, startedAt: start + 900, limit: window })).toBe(100);
		// Started 20 ms into one: the writes are counted at 1000 ms on the clock, 980 ms into the run.
		expect(idealPhasesMs(phases, { ...at, startedAt: start + 20, limit: window })).toBe(980);
	});
});
