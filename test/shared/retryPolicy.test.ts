import {
	backoffMs,
	DEFAULT_RETRY_POLICY,
	rateLimitDelayMs,
	rateLimitRemaining,
	rateLimitResetAt,
	retryAfterMs,
} from '../../nodes/shared/retryPolicy';

const now = Date.UTC(2026, 10, 23, 12, 0, 0);
const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 10_000 };

describe('retry timing rules', () => {
	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
		expect(retryAfterMs({ 'Retry-After': '1.5' }, now)).toBe(1500);
		expect(retryAfterMs({ 'retry-after': new Date(now + 7000).toUTCString() }, now)).toBe(7000);
		expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
		expect(retryAfterMs({}, now)).toBeUndefined();
	});

	it('reads X-RateLimit-Reset as epoch seconds, or as seconds to wait when too small for a date', () => {
		expect(rateLimitResetAt({ 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(now + 30_000);
		expect(rateLimitResetAt({ 'X-RateLimit-Reset': '12' }, now)).toBe(now + 12_000);
		expect(rateLimitRemaining({ 'x-ratelimit-remaining': '0' })).toBe(0);
		expect(rateLimitRemaining({ 'x-ratelimit-remaining': 'many' })).toBeUndefined();
	});

	it('prefers Retry-After, then X-RateLimit-Reset, then backoff', () => {
		const headers = { 'retry-after': '2', 'x-ratelimit-reset': String(now / 1000 + 9) };
		expect(rateLimitDelayMs(headers, 0, policy, now)).toBe(2000);
		expect(rateLimitDelayMs({ 'x-ratelimit-reset': String(now / 1000 + 9) }, 0, policy, now)).toBe(9050);
		const fromBackoff = rateLimitDelayMs({}, 3, policy, now, () => 0.5);
		expect(fromBackoff).toBe(backoffMs(3, policy, () => 0.5));
	});

	it('caps every wait at maxDelayMs, even when the server asks for more', () => {
		expect(rateLimitDelayMs({ 'retry-after': '3600' }, 0, policy, now)).toBe(policy.maxDelayMs);
		expect(backoffMs(30, policy, () => 1)).toBe(policy.maxDelayMs);
	});

	it('backs off exponentially with jitter between half and all of the step', () => {
		const low = [0, 1, 2, 3].map((attempt) => backoffMs(attempt, policy, () => 0));
		const high = [0, 1, 2, 3].map((attempt) => backoffMs(attempt, policy, () => 1));
		expect(low).toEqual([50, 100, 200, 400]);
		expect(high).toEqual([100, 200, 400, 800]);
	});
});
