/**
 * `npm run bench -- --sections sync`: per vendor, a roster of N against a directory of N (1 % new,
 * 1 % changed, 1 % leavers), under the vendor's rate limit and the sandbox latency:
 * - our Sync node (Apply, the vendor's best removal), run twice: requests of each run, wall time
 *   against the bound, memory;
 * - the hand-built flow of n8n's own nodes (HTTP Request paging + Compare Datasets + HTTP Request
 *   writes), in the same harness, on a fresh sandbox with the same data.
 * The bound: the directory's first page, the others at once where it gives a total (else one after
 * another), then the writes, at Auto's cap of requests in flight, each request
 * exactly the latency, under the vendor's limit (limits.ts idealMs), plus one token exchange.
 */
import { fork } from 'node:child_process';

import type { IDataObject } from 'n8n-workflow';

import { AUTO_CAP } from '../../../nodes/shared/concurrency';

import type { RateLimitShape } from '../limits';
import type { IdealPhase } from '../limits';
import { describeLimit, idealPhasesMs, sustainedRate } from '../limits';
import type { BenchOptions } from '../options';
import { limitFor } from '../plan';
import { table } from '../report';
import type { BenchSandbox, VendorName } from '../vendors';
import { PROFILES } from '../vendors';
import type { SyncClientKind, SyncClientResult, SyncSpec } from './client';
import { HAND_BUILT_VENDORS } from './handBuilt';
import { syncScenario } from './scenario';
import { printTimeline } from '../timeline';

/** Users a page of the vendor's list, as our node and the hand-built flow read it. */
const PAGE_SIZE: Record<VendorName, number> = { luzmo: 100, domo: 500, opsramp: 100, garmat: 100 };
const REMOVAL: Record<VendorName, 'delete' | 'deactivate'> = { luzmo: 'delete', domo: 'delete', opsramp: 'delete', garmat: 'deactivate' };

export interface SyncRecord {
	vendor: VendorName;
	client: SyncClientKind;
	users: number;
	limit: string;
	seconds: number;
	boundSeconds: number;
	/** Bound over measured: 1 is the bound itself. */
	ratio: number;
	requests: number;
	/** Requests of the same run repeated (ours only): the second run, which should only read. */
	requestsSecond?: number;
	/** Writes (requests that could change anything) of that second run: 0 is the target. */
	writesSecond?: number;
	minimalRequests: number;
	rateLimited: number;
	duplicates: number;
	lost: number;
	/** Leavers still with access, and changed rows not changed. */
	notRemoved: number;
	notUpdated: number;
	actions: Record<string, number>;
	rssGrowthMB: number;
	heapRetainedMB: number;
	cpuSeconds: number;
	error?: string;
}

type Sandboxed = BenchSandbox['sandbox'] & Record<string, any>;

/** Live users of the sandbox, lower-cased email to record. */
function liveUsers(vendor: VendorName, sandbox: Sandboxed): Map<string, IDataObject> {
	const all: IDataObject[] =
		vendor === 'luzmo'
			? sandbox.records.filter((r: IDataObject) => !r.deleted).map((r: IDataObject) => r.user)
			: vendor === 'domo'
				? sandbox.users.filter((u: IDataObject) => !u.deleted)
				: vendor === 'opsramp'
					? sandbox.users.filter((u: IDataObject) => u.status !== 'inactive')
					: sandbox.users.filter((u: IDataObject) => u.status !== 'deactivated');
	return new Map(all.map((user) => [String(user.email).toLowerCase(), user]));
}

/** Requests that could change something: all but reads and token exchanges (Luzmo reads with POST action get). */
function writesIn(vendor: VendorName, sandbox: Sandboxed): number {
	const requests = sandbox.requests as Array<{ method: string; path: string; body?: IDataObject }>;
	if (vendor === 'luzmo') return requests.filter((r) => r.body?.action !== 'get').length;
	return requests.filter((r) => r.method !== 'GET' && !/token|authenticate|oauth/i.test(r.path)).length;
}

/**
 * How the vendor's list is read: whether its first page says how many users there are (an ideal
 * client then asks for every other page at once; without a total, as Domo's bare array, one page
 * after another), whether the limit this benchmark applies counts the reads, and against which
 * budget (OpsRamp counts its paginated GETs apart from the writes, each 50 a minute).
 */
const READS: Record<VendorName, { total: boolean; limited: boolean; budget?: string }> = {
	luzmo: { total: true, limited: true },
	domo: { total: false, limited: true },
	opsramp: { total: true, limited: true, budget: 'paged' },
	garmat: { total: true, limited: true },
};

/**
 * The true bound: the directory's pages, then the writes, at the vendor's limit, with as many in
 * flight as the node could ever send (Auto's cap), never the Concurrency the run chose. Pages a
 * total announces are asked for at once after the first; a list without one is read in order.
 * `startedAt` is the run's wall-clock start, so a limit's windows (aligned to the clock) fall
 * where they fell for the run, as in the defaults section; 0 puts a window's start at the run's.
 */
export function syncBoundMs(
	vendor: VendorName,
	directory: number,
	writes: number,
	options: Pick<BenchOptions, 'latencyMs'>,
	limit: RateLimitShape | undefined,
	startedAt = 0,
): number {
	const pages = Math.ceil(directory / PAGE_SIZE[vendor]);
	const reads = READS[vendor];
	const { limited, budget } = reads;
	const phases: IdealPhase[] = reads.total
		? [
				{ requests: 1, concurrency: 1, limited, budget },
				{ requests: pages - 1, concurrency: AUTO_CAP, limited, budget },
			]
		: [{ requests: pages, concurrency: 1, limited, budget }];
	phases.push({ requests: writes, concurrency: AUTO_CAP, limited: true });
	return idealPhasesMs(phases, { latencyMs: options.latencyMs, limit, startedAt, leadingRoundTrips: PROFILES[vendor].tokenBased ? 1 : 0 });
}

async function inChild(spec: SyncSpec, onRunDone: () => void, timeoutMs: number): Promise<SyncClientResult> {
	// BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of every client process there, as in the other sections.
	const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
	const child = fork(__filename, ['--sync-child'], {
		execArgv: ['--enable-source-maps', '--expose-gc', ...profile],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	return await new Promise<SyncClientResult>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`sync client gave no result within ${Math.round(timeoutMs / 1000)} s`));
		}, timeoutMs);
		child.on('message', (message: { runDone?: number; result?: SyncClientResult; crash?: string }) => {
			if (message.runDone !== undefined) {
				onRunDone();
				child.send({ go: true });
				return;
			}
			clearTimeout(timer);
			if (message.crash) reject(new Error(message.crash));
			else resolve(message.result!);
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`sync client exited with ${code} before reporting`));
		});
		child.send(spec);
	});
}

let counter = 0;

async function runSyncCase(options: BenchOptions, vendor: VendorName, client: SyncClientKind, users: number): Promise<SyncRecord> {
	const profile = PROFILES[vendor];
	const { limit } = limitFor(vendor, options);
	const prefix = `sync${++counter}`;
	const scenario = syncScenario(vendor, users, prefix);
	const bench = await profile.start(options.latencyMs, limit);
	try {
		for (const user of scenario.directory) bench.seed(user);
		const before = bench.counters();
		let firstRunRequests: number | undefined;
		let firstRunWrites = 0;
		let firstRunSpan: [number, number] | undefined;
		const writes = scenario.news + scenario.changed + scenario.leavers;
		// Ten times the bound, and two minutes for start-up.
		const timeoutMs = 10 * syncBoundMs(vendor, scenario.directory.length, writes, options, limit) * (client === 'ours' ? 2 : 1) + 120_000;
		const limitRate = limit ? sustainedRate(limit) : Infinity;
		// The hand-built flow batches by --compare-concurrency; our node runs at --concurrency (Auto: 0).
		const pace = Number.isFinite(limitRate) ? Math.ceil((1000 / limitRate) * options.compareConcurrency) : 0;
		const result = await inChild(
			{
				vendor,
				client,
				users,
				prefix,
				concurrency: options.concurrency === 'auto' ? 0 : options.concurrency,
				removal: REMOVAL[vendor],
				target: bench.target(`${prefix}-${vendor}-${client}`),
				write: { batchSize: options.compareConcurrency, batchIntervalMs: Math.max(options.latencyMs, pace) },
				pageIntervalMs: Number.isFinite(limitRate) ? Math.ceil(1000 / limitRate) : 0,
				runs: client === 'ours' ? 2 : 1,
				sampleMs: options.sampleMs,
			},
			() => {
				firstRunRequests = bench.counters().requests - before.requests;
				firstRunWrites = writesIn(vendor, bench.sandbox as Sandboxed);
				const seen = (bench.sandbox as Sandboxed).requests as Array<{ at: number }>;
				if (seen.length) firstRunSpan = [seen[0].at, seen[seen.length - 1].at];
				if (process.env.BENCH_TIMELINE) printTimeline(bench.sandbox);
			},
			timeoutMs,
		);
		const after = bench.counters();
		if (process.env.BENCH_TIMELINE && firstRunSpan) {
			// The node's own time before its first request (reading the roster) and after its last one.
			const end = result.startedAt[0] + result.ms[0];
			console.log(`TIMELINE the run started ${firstRunSpan[0] - result.startedAt[0]} ms before its first request and ended ${end - firstRunSpan[1]} ms after its last one came`);
		}
		const live = liveUsers(vendor, bench.sandbox as Sandboxed);
		const allRequests = after.requests - before.requests;
		const first = firstRunRequests ?? allRequests;
		const boundMs = syncBoundMs(vendor, scenario.directory.length, writes, options, limit, result.startedAt[0]);
		const leavers = scenario.directory.slice(users - scenario.news).map((user) => String(user.email).toLowerCase());
		return {
			vendor,
			client,
			users,
			limit: describeLimit(limit),
			seconds: result.ms[0] / 1000,
			boundSeconds: boundMs / 1000,
			ratio: boundMs / result.ms[0],
			requests: first,
			requestsSecond: client === 'ours' ? allRequests - first : undefined,
			writesSecond: client === 'ours' ? writesIn(vendor, bench.sandbox as Sandboxed) - firstRunWrites : undefined,
			minimalRequests: Math.ceil(scenario.directory.length / PAGE_SIZE[vendor]) + writes + (profile.tokenBased ? 1 : 0),
			rateLimited: after.rateLimited - before.rateLimited,
			duplicates: after.duplicates,
			lost: scenario.wanted.filter((email) => !live.has(email)).length,
			notRemoved: leavers.filter((email) => live.has(email)).length,
			notUpdated: scenario.renamed.filter(({ email, field, value }) => live.get(email)?.[field] !== value).length,
			actions: result.actions,
			rssGrowthMB: (result.rssPeak - result.rssBase) / 1024 / 1024,
			heapRetainedMB: result.heapRetained / 1024 / 1024,
			cpuSeconds: result.cpuMs / 1000,
			error: result.error,
		};
	} finally {
		await bench.sandbox.stop();
	}
}

function failed(vendor: VendorName, client: SyncClientKind, users: number, message: string): SyncRecord {
	return { vendor, client, users, limit: '', seconds: NaN, boundSeconds: NaN, ratio: NaN, requests: NaN, minimalRequests: NaN, rateLimited: 0, duplicates: 0, lost: users, notRemoved: NaN, notUpdated: NaN, actions: {}, rssGrowthMB: NaN, heapRetainedMB: NaN, cpuSeconds: NaN, error: message };
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

export function syncRows(records: SyncRecord[]): Array<Record<string, string>> {
	return records.map((r) => ({
		vendor: PROFILES[r.vendor].title,
		client: r.client === 'ours' ? 'our Sync node' : 'hand-built',
		N: String(r.users),
		limit: r.limit,
		'wall s': fixed(r.seconds),
		'bound s': fixed(r.boundSeconds),
		'bound/wall': fixed(r.ratio, 2),
		requests: String(r.requests),
		minimal: String(r.minimalRequests),
		'2nd run req.': r.requestsSecond === undefined ? '-' : String(r.requestsSecond),
		'2nd run writes': r.writesSecond === undefined ? '-' : String(r.writesSecond),
		'429s': String(r.rateLimited),
		dup: String(r.duplicates),
		lost: String(r.lost),
		'not removed': String(r.notRemoved),
		'not updated': String(r.notUpdated),
		'RSS +MB': fixed(r.rssGrowthMB),
		'heap kept MB': fixed(r.heapRetainedMB),
		'CPU s': fixed(r.cpuSeconds),
		actions: Object.entries(r.actions).map(([action, n]) => `${action} ${n}`).join(', '),
		error: r.error ? r.error.slice(0, 100) : '',
	}));
}

export async function syncSection(options: BenchOptions, log: (line: string) => void, show: (title: string, body: string) => void): Promise<SyncRecord[]> {
	const records: SyncRecord[] = [];
	log(`\n## sync: a roster of ${options.syncUsers} against a directory of ${options.syncUsers}, 1 % new, 1 % changed, 1 % leavers`);
	for (const vendor of options.vendors) {
		const clients: SyncClientKind[] = HAND_BUILT_VENDORS.includes(vendor) ? ['ours', 'hand'] : ['ours'];
		for (const client of clients) {
			const record = await runSyncCase(options, vendor, client, options.syncUsers).catch((error: Error) => failed(vendor, client, options.syncUsers, error.message));
			log(`  ${PROFILES[vendor].title} ${client} N=${options.syncUsers}: ${fixed(record.seconds)} s (bound ${fixed(record.boundSeconds)} s), ${record.requests} requests${record.error ? `, FAILED: ${record.error}` : ''}`);
			records.push(record);
		}
	}
	const missing = options.vendors.filter((vendor) => !HAND_BUILT_VENDORS.includes(vendor));
	show(
		`sync: roster N against a directory of N (1 % new, 1 % changed, 1 % leavers), latency ${options.latencyMs} ms, concurrency ${options.concurrency} (hand-built batches ${options.compareConcurrency}), each vendor's limit`,
		`${table(syncRows(records))}hand-built: HTTP Request (Pagination) + Compare Datasets + HTTP Request writes in batches of Concurrency; 2nd run: requests of our node run again on the synced directory\nbound: the directory's first page, the others 32 at once where the vendor gives a total (Domo: one after another), then one write per new, changed and leaving person, 32 at once, each request the latency, under the limit (OpsRamp: the pages under a budget of their own) (+ a token exchange where the vendor has one); bound/wall 1 = the bound\n${missing.length ? `hand-built flow not built for: ${missing.map((v) => PROFILES[v].title).join(', ')}\n` : ''}`,
	);
	return records;
}
