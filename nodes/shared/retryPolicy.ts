/**
 * Pure timing rules of the shared transport: how long to wait before the next attempt.
 * No I/O here, so every rule is unit-tested on its own.
 */

export interface RetryPolicy {
	/** Attempts after the first one, for any one request. */
	maxRetries: number;
	/** First backoff step; doubles per attempt. */
	baseDelayMs: number;
	/** No single wait is longer than this. */
	maxDelayMs: number;
	/** All waits of one request (retries and pacing) together stay under this. */
	maxTotalWaitMs: number;
	/** Per-request timeout handed to the HTTP client. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 8,
	baseDelayMs: 500,
	maxDelayMs: 65_000,
	maxTotalWaitMs: 5 * 60_000,
	timeoutMs: 30_000,
};

export type HeaderBag = Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderBag | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

/** `Retry-After` is either delta seconds or an HTTP date (RFC 9110 10.2.3). */
export function retryAfterMs(headers: HeaderBag | undefined, now: number): number | undefined {
	const raw = headerValue(headers, 'retry-after')?.trim();
	if (!raw) return undefined;
	if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
	const date = Date.parse(raw);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * `X-RateLimit-Reset` comes as epoch seconds (OpsRamp) or, from other APIs, as seconds until the
 * reset. Values too large to be a delay are read as epoch seconds. Returns the reset instant in ms.
 */
export function rateLimitResetAt(headers: HeaderBag | undefined, now: number): number | undefined {
	const raw = headerValue(headers, 'x-ratelimit-reset')?.trim();
	if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
	const value = Number(raw);
	return value > 1e9 ? value * 1000 : now + value * 1000;
}

export function rateLimitRemaining(headers: HeaderBag | undefined): number | undefined {
	const raw = headerValue(headers, 'x-ratelimit-remaining')?.trim();
	if (!raw || !/^-?\d+$/.test(raw)) return undefined;
	return Number(raw);
}

/** Capped exponential backoff with "equal jitter": half fixed, half random, never zero. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The wait before retrying a rate-limited request: the server's own word first
 * (`Retry-After`, then `X-RateLimit-Reset`), otherwise backoff.
 */
export function rateLimitDelayMs(
	headers: HeaderBag | undefined,
	attempt: number,
	policy: RetryPolicy,
	now: number,
	random: () => number = Math.random,
): number {
	const fromRetryAfter = retryAfterMs(headers, now);
	if (fromRetryAfter !== undefined) return Math.min(fromRetryAfter, policy.maxDelayMs);
	const resetAt = rateLimitResetAt(headers, now);
	if (resetAt !== undefined && resetAt > now) {
		// A little slack so the first request lands after the window has turned.
		return Math.min(resetAt - now + 50, policy.maxDelayMs);
	}
	return backoffMs(attempt, policy, random);
}
