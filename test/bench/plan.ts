/** What each run is set to: the vendor's limit as the benchmark applies it, and the clients' settings. */
import { AUTO_CAP } from '../../nodes/shared/concurrency';
import type { CaseInput } from './cases';
import { capFor } from './cases';
import type { ClientKind } from './client';
import type { RateLimitShape } from './limits';
import { sustainedRate } from './limits';
import type { BenchOptions, DefaultsClient, Section } from './options';
import type { Batching, VendorName } from './vendors';
import { PROFILES } from './vendors';

/** Round trips one user costs with If User Exists: Return Existing, as each node does the check. */
export const LOOKUP_ROUND_TRIPS: Record<VendorName, { trips: number; why: string }> = {
	luzmo: { trips: 2, why: 'one search by email, one create' },
	domo: { trips: 1, why: 'the directory is read once per run (500 users a page), then one create' },
	opsramp: { trips: 3, why: 'a search by email and one by login name (both unique), then one create' },
	garmat: { trips: 1, why: 'no email search: the directory is read once per run (100 users a page), then one create' },
};

/** The limit the sandbox enforces in the limits section, and where it comes from. */
export function limitFor(vendor: VendorName, options: BenchOptions): { limit: RateLimitShape; note: string } {
	const profile = PROFILES[vendor];
	if (vendor === 'opsramp') {
		const factor = 60_000 / options.opsRampWindowMs;
		return {
			limit: { kind: 'window', limit: 50, windowMs: options.opsRampWindowMs },
			note: `${profile.limitNote}; SCALED: window ${options.opsRampWindowMs / 1000} s instead of 60 s (time ${factor}x faster, 50 per window kept)`,
		};
	}
	if (vendor === 'garmat') {
		const { limit, windowMs } = options.garmatLimit;
		return {
			limit: { kind: 'window', limit, windowMs },
			note: `undocumented (429 or 422 "API limit reached", no numbers, no headers): we picked ${limit} per ${windowMs / 1000} s per key, answered 429 without Retry-After`,
		};
	}
	return { limit: profile.limit, note: profile.limitNote };
}

/** One run's settings: the limit the sandbox enforces, the baselines' batching and pacing. */
export function planCase(options: BenchOptions, section: Section, vendor: VendorName, client: ClientKind, users: number): CaseInput {
	const profile = PROFILES[vendor];
	const latencyMs = section === 'cpu' ? 0 : options.latencyMs;
	// A vendor our node paces itself to is measured under its limit everywhere, and the
	// baselines pace themselves as a user reading the same document would.
	const limit = section === 'limits' || profile.pacesItself ? limitFor(vendor, options).limit : undefined;
	const paceMs = limit && section !== 'limits' && section !== 'cpu' ? 1000 / sustainedRate(limit) : 0;
	const lookup = section === 'lookup';
	// compare and cpu measure the clients at one equal concurrency; limits and lookup run our node
	// as --concurrency says (Auto by default).
	const equal = section === 'compare' || section === 'cpu';
	const concurrency = options.compareConcurrency;
	return {
		section,
		vendor,
		client,
		variant: client,
		users,
		concurrency: equal ? concurrency : options.concurrency,
		rawWorkers: concurrency,
		latencyMs,
		limit,
		ifUserExists: lookup ? 'returnExisting' : 'error',
		continueOnFail: options.continueOnFail,
		directory: lookup ? options.lookupDirectory : 0,
		existingShare: lookup ? 0.1 : 0,
		roundTripsPerUser: lookup ? LOOKUP_ROUND_TRIPS[vendor].trips : 1,
		// Batches of Concurrency items every latency keep about Concurrency requests in flight
		// (HTTP Request fires every item at once otherwise); a documented limit stretches the interval.
		batching: { batchSize: concurrency, batchIntervalMs: Math.max(latencyMs, Math.ceil(paceMs * concurrency)) },
		rawPaceMs: paceMs,
		warmupUsers: options.warmupUsers,
		sampleMs: options.sampleMs,
	};
}

/**
 * The HTTP Request node batched by hand from the vendor's document, the simplest rule a careful
 * user applies: Items per Batch = 90 % of the documented requests per second, Batch Interval
 * 1,000 ms. Garmat documents no number: our sandbox's pick (100/s) is used as if the user had
 * found it by trial.
 */
export function tunedBatching(vendor: VendorName, options: BenchOptions): Batching {
	const perSecond = sustainedRate(limitFor(vendor, options).limit);
	return { batchSize: Math.max(1, Math.floor(perSecond * 0.9)), batchIntervalMs: 1000 };
}

export const DEFAULTS_VARIANTS: Record<DefaultsClient, string> = {
	ours: 'ours (defaults: Auto)',
	http: 'HTTP Request (defaults)',
	tuned: 'HTTP Request (batched by hand)',
	raw: `raw axios loop (${AUTO_CAP} workers)`,
};

/**
 * The defaults section: every client at the vendor's limit (as the limits section applies it),
 * with the round trip given; our node with every option left at its default.
 */
export function planDefaults(options: BenchOptions, vendor: VendorName, client: DefaultsClient, latencyMs: number): CaseInput {
	const users = vendor === 'luzmo' ? options.luzmoDefaultsUsers : options.defaultsUsers;
	const base = planCase(options, 'defaults', vendor, client === 'ours' ? 'ours' : client === 'raw' ? 'raw' : 'http', users);
	const { limit } = limitFor(vendor, options);
	return {
		...base,
		variant: DEFAULTS_VARIANTS[client],
		latencyMs,
		limit,
		concurrency: 'auto',
		ifUserExists: 'error',
		// The defaults: n8n's On Error is Stop Workflow unless --continue-on-fail.
		continueOnFail: options.continueOnFail,
		rawWorkers: capFor(vendor),
		rawPaceMs: PROFILES[vendor].pacesItself ? 1000 / sustainedRate(limit) : 0,
		batching: client === 'tuned' ? tunedBatching(vendor, options) : undefined,
	};
}
