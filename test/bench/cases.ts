/**
 * The parent side of one measured run: start the sandbox, hand the client process its spec,
 * then read what the sandbox saw (users created, duplicates, 429s, token exchanges) and turn
 * both into the figures of one table row.
 */
import { fork } from 'node:child_process';
import os from 'node:os';

import { AUTO_CAP } from '../../nodes/shared/concurrency';

import type { CaseSpec, ClientKind, ClientResult } from './client';
import type { Batching } from './vendors';
import type { RateLimitShape } from './limits';
import { formulaBound, idealMs } from './limits';
import type { Section } from './options';
import type { IfUserExists, SandboxCounters, VendorName } from './vendors';
import { PROFILES } from './vendors';
import { printTimeline } from './timeline';

export interface CaseInput {
	section: Section;
	vendor: VendorName;
	client: ClientKind;
	/** How the row names the client: "ours", "HTTP Request (defaults)", ... */
	variant: string;
	users: number;
	/** Our node's Concurrency option: 'auto' (left out, the default) or a pinned number. */
	concurrency: 'auto' | number;
	/** The raw loop's workers. */
	rawWorkers: number;
	latencyMs: number;
	limit?: RateLimitShape;
	ifUserExists: IfUserExists;
	/** The workflow's node runs with On Error: Continue (n8n's Continue On Fail). */
	continueOnFail: boolean;
	/** Users in the directory before the run that are not in the batch. */
	directory: number;
	/** Users of the batch that already exist (every tenth), for Return Existing runs. */
	existingShare: number;
	/** Round trips one user needs at least (a lookup costs one more); each counts against the limit. */
	roundTripsPerUser: number;
	/** The HTTP Request node's batching; undefined: none (its default, every item at once). */
	batching: Batching | undefined;
	/** The raw loop's pacing: one request per this many ms (0: none). */
	rawPaceMs: number;
	warmupUsers: number;
	sampleMs: number;
}

export interface CaseRecord extends Omit<CaseInput, 'warmupUsers' | 'sampleMs' | 'directory' | 'existingShare' | 'rawPaceMs'> {
	seconds: number;
	/** Users created and reported in the output, per second. */
	usersPerSec: number;
	/** The true bound: min(rate limit, cap / latency), per user (cap: the most the node ever has in flight). */
	boundFormula: number;
	/**
	 * The true bound with bursts and window edges: N divided by the least time an ideal client
	 * needs with `cap` requests in flight under the vendor's limit (whatever Concurrency the run used).
	 */
	boundIdeal: number;
	ratio: number;
	ratioFormula: number;
	tokenRequests: number | undefined;
	rateLimited: number;
	/** Requests the sandbox received during the run. */
	requests: number;
	/** Users of the batch the sandbox holds after the run. */
	created: number;
	duplicates: number;
	/** Users of the batch without a user in the output or in the sandbox. */
	lost: number;
	requestsPerUser: number;
	/** From the start of the run to the first request the sandbox saw (our node validates every item first). */
	firstRequestMs: number | undefined;
	/** Requests the client really kept in flight (time-weighted average, and maximum), as the sandbox saw them. */
	inFlightAverage: number | undefined;
	inFlightMax: number | undefined;
	rssBaseMB: number;
	rssPeakMB: number;
	rssGrowthPerUserKB: number;
	heapRetainedPerUserKB: number;
	cpuPerUserUs: number;
	statuses: Record<string, number>;
	errorItems: number;
	/** One-minute load average of the machine when the run started (2 cores shared). */
	loadAverage: number;
	error?: string;
	firstItemError?: string;
}

/**
 * The most requests our node ever has in flight for a vendor: Auto's cap, or a documented burst
 * if smaller. The true bound uses it whatever Concurrency a run was given, so a run that chose a
 * low Concurrency shows the throughput it gave up.
 */
export function capFor(vendor: VendorName): number {
	const { limit, pacesItself } = PROFILES[vendor];
	return pacesItself && limit.kind === 'bucket' ? Math.min(AUTO_CAP, limit.burst) : AUTO_CAP;
}

let runCounter = 0;

/** A user's round trips as one request of k times the latency, against a limit k times smaller. */
function perUser(limit: RateLimitShape | undefined, trips: number): RateLimitShape | undefined {
	if (!limit || trips === 1) return limit;
	return limit.kind === 'bucket'
		? { kind: 'bucket', perSecond: limit.perSecond / trips, burst: limit.burst / trips }
		: { kind: 'window', limit: limit.limit / trips, windowMs: limit.windowMs };
}

/** The true bound in users per second: the formula, and N over an ideal client's time, both at the cap. */
export function bounds(input: Pick<CaseInput, 'vendor' | 'users' | 'latencyMs' | 'limit' | 'roundTripsPerUser'>, startedAt: number): { boundFormula: number; boundIdeal: number; idealSeconds: number } {
	const trips = input.roundTripsPerUser;
	const shape = { concurrency: capFor(input.vendor), latencyMs: input.latencyMs * trips, limit: perUser(input.limit, trips) };
	const ideal = idealMs({ ...shape, users: input.users, startedAt, leadingRoundTrips: PROFILES[input.vendor].tokenBased ? 1 / trips : 0 });
	return {
		boundFormula: formulaBound(shape),
		boundIdeal: ideal > 0 ? input.users / (ideal / 1000) : Infinity,
		idealSeconds: ideal / 1000,
	};
}

/** Runs the spec in a fresh client process; one that has not reported after `timeoutMs` is killed. */
async function inChildProcess(spec: CaseSpec, timeoutMs: number): Promise<ClientResult> {
	// BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of every client process there.
	const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
	const child = fork(__filename, ['--child'], {
		execArgv: ['--enable-source-maps', '--expose-gc', ...profile],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	return await new Promise<ClientResult>((resolve, reject) => {
		let settled = false;
		const timer = setTimeout(() => {
			settled = true;
			child.kill('SIGKILL');
			reject(new Error(`client process gave no result within ${Math.round(timeoutMs / 1000)} s`));
		}, timeoutMs);
		child.once('message', (message: ClientResult | { crash: string }) => {
			settled = true;
			clearTimeout(timer);
			if ('crash' in message) reject(new Error(`client process failed: ${message.crash}`));
			else resolve(message);
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			if (!settled) reject(new Error(`client process exited with code ${code} before reporting`));
		});
		child.send(spec);
	});
}

const MB = 1024 * 1024;

/** The row of a run whose client process crashed or hung: no figures, every user counted as lost. */
export function failedRecord(input: CaseInput, message: string): CaseRecord {
	const { warmupUsers: _w, sampleMs: _s, directory: _d, existingShare: _e, rawPaceMs: _p, ...shown } = input;
	const loadAverage = os.loadavg()[0];
	const { boundFormula, boundIdeal } = bounds(input, Date.now());
	return {
		...shown,
		seconds: NaN,
		usersPerSec: NaN,
		boundFormula,
		boundIdeal,
		ratio: NaN,
		ratioFormula: NaN,
		tokenRequests: undefined,
		rateLimited: 0,
		requests: 0,
		created: 0,
		duplicates: 0,
		lost: input.users,
		requestsPerUser: NaN,
		firstRequestMs: undefined,
		inFlightAverage: undefined,
		inFlightMax: undefined,
		rssBaseMB: NaN,
		rssPeakMB: NaN,
		rssGrowthPerUserKB: NaN,
		heapRetainedPerUserKB: NaN,
		cpuPerUserUs: NaN,
		statuses: {},
		errorItems: 0,
		loadAverage,
		error: message,
	};
}

export async function runCase(input: CaseInput): Promise<CaseRecord> {
	const profile = PROFILES[input.vendor];
	const bench = await profile.start(input.latencyMs, input.limit);
	const id = `${input.section}-${input.vendor}-${input.client}-${input.users}-${++runCounter}`;
	const prefix = `bench${runCounter}`;
	try {
		for (let i = 0; i < input.directory; i++) bench.seed(profile.item(`staff${runCounter}`, i));
		const batch = Array.from({ length: input.users }, (_, i) => profile.item(prefix, i));
		const stride = input.existingShare > 0 ? Math.round(1 / input.existingShare) : 0;
		if (stride) batch.forEach((item, i) => i % stride === 0 && bench.seed(item));
		const before: SandboxCounters = bench.counters();

		const loadAverage = os.loadavg()[0];
		const startedAt = Date.now();
		// Ten times what an ideal client needs, and two minutes for start-up and warm-up.
		const timeoutMs = 10 * bounds(input, startedAt).idealSeconds * 1000 + 120_000;
		const result = await inChildProcess({
			vendor: input.vendor,
			client: input.client,
			users: input.users,
			concurrency: input.concurrency,
			rawWorkers: input.rawWorkers,
			latencyMs: input.latencyMs,
			batching: input.batching,
			rawPaceMs: input.rawPaceMs,
			ifUserExists: input.ifUserExists,
			continueOnFail: input.continueOnFail,
			target: bench.target(id),
			prefix,
			warmupUsers: input.warmupUsers,
			sampleMs: input.sampleMs,
		}, timeoutMs);
		const after = bench.counters();
		if (process.env.BENCH_TIMELINE) printTimeline(bench.sandbox, startedAt);

		const inSandbox = bench.userEmails();
		const inOutput = new Set(result.okEmails);
		const created = batch.filter((item) => inSandbox.has(String(item.email).toLowerCase())).length;
		const lost = batch.filter((item) => {
			const email = String(item.email).toLowerCase();
			return !inOutput.has(email) || !inSandbox.has(email);
		}).length;

		const seconds = result.ms / 1000;
		// Users the run created and reported; a run that failed part-way (the HTTP Request node at
		// its defaults stops at the first 429) is credited only with those.
		const usersPerSec = (input.users - lost) / seconds;
		const { boundFormula, boundIdeal } = bounds(input, startedAt);
		const { warmupUsers: _w, sampleMs: _s, directory: _d, existingShare: _e, rawPaceMs: _p, ...shown } = input;
		return {
			...shown,
			seconds,
			usersPerSec,
			boundFormula,
			boundIdeal,
			ratio: Number.isFinite(boundIdeal) ? usersPerSec / boundIdeal : NaN,
			ratioFormula: Number.isFinite(boundFormula) ? usersPerSec / boundFormula : NaN,
			tokenRequests: after.tokenRequests === undefined ? undefined : after.tokenRequests - (before.tokenRequests ?? 0),
			rateLimited: after.rateLimited - before.rateLimited,
			requests: after.requests - before.requests,
			created,
			duplicates: after.duplicates,
			lost,
			requestsPerUser: (after.requests - before.requests) / input.users,
			firstRequestMs: after.firstRequestAt === undefined ? undefined : after.firstRequestAt - result.startedAt,
			inFlightAverage: after.inFlightAverage,
			inFlightMax: after.inFlightMax,
			rssBaseMB: result.rssBase / MB,
			rssPeakMB: result.rssPeak / MB,
			rssGrowthPerUserKB: (result.rssPeak - result.rssBase) / 1024 / input.users,
			heapRetainedPerUserKB: result.heapRetained / 1024 / input.users,
			cpuPerUserUs: ((result.cpuUserMs + result.cpuSystemMs) * 1000) / input.users,
			statuses: result.statuses,
			errorItems: result.errorItems,
			loadAverage,
			error: result.error,
			firstItemError: result.firstItemError,
		};
	} finally {
		await bench.sandbox.stop();
	}
}
