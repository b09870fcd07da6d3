/**
 * `npm run bench` (issue 7): bulk onboarding through our nodes, against each vendor's sandbox
 * with a simulated latency and the vendor's rate limit, next to n8n's HTTP Request node and a raw
 * axios loop doing the same calls. Prints tables and writes them as JSON to bench-results/.
 * `npm run bench -- --help` lists the options.
 */
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { CaseInput, CaseRecord } from './cases';
import { bounds, runCase } from './cases';
import type { ClientKind } from './client';
import { serveOneCase } from './client';
import type { RateLimitShape } from './limits';
import { describeLimit, sustainedRate } from './limits';
import type { BenchOptions, Section } from './options';
import { parseOptions, USAGE } from './options';
import type { Comparison, Verdict } from './report';
import { compareRows, cpuRows, limitsRows, lookupRows, table, verdicts } from './report';
import type { VendorName } from './vendors';
import { PROFILES } from './vendors';

const ROOT = path.resolve(__dirname, '../..');

/** Round trips one user costs with If User Exists: Return Existing, as each node does the check. */
const LOOKUP_ROUND_TRIPS: Record<VendorName, { trips: number; why: string }> = {
	luzmo: { trips: 2, why: 'one search by email, one create' },
	domo: { trips: 1, why: 'the directory is read once per run (500 users a page), then one create' },
	opsramp: { trips: 3, why: 'a search by email and one by login name (both unique), then one create' },
	garmat: { trips: 1, why: 'no email search: a directory read once per run would leave one create' },
};

function limitFor(vendor: VendorName, options: BenchOptions): { limit: RateLimitShape; note: string } {
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

function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

function staleBuild(): string | undefined {
	const newest = (dir: string): number => {
		let latest = 0;
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
		}
		return latest;
	};
	let built: number;
	try {
		built = statSync(path.join(ROOT, 'dist', 'nodes')).mtimeMs;
	} catch {
		return 'dist/ is missing: run `npx gulp build` first (the benchmark loads the built package, as n8n does)';
	}
	const source = Math.max(newest(path.join(ROOT, 'nodes')), newest(path.join(ROOT, 'credentials')));
	return source > built ? 'dist/ is older than nodes/ or credentials/: run `npx gulp build` first' : undefined;
}

async function main(): Promise<void> {
	let options: BenchOptions;
	try {
		options = parseOptions(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n`);
		process.exitCode = 2;
		return;
	}
	const stale = staleBuild();
	if (stale) {
		process.stderr.write(`${stale}\n`);
		process.exitCode = 2;
		return;
	}
	// One n8n user folder and key for every client process: n8n-core reads its settings from there.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(os.tmpdir(), 'n8n-user-provisioning-bench-'));
	process.env.N8N_ENCRYPTION_KEY ??= 'user-provisioning-bench';

	const started = Date.now();
	const machine = {
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model,
		loadAverageAtStart: os.loadavg(),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
	};
	log(`# n8n-nodes-user-provisioning benchmark (${new Date(started).toISOString()})`);
	log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), load ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}, Node ${machine.node}`);
	log(`concurrency ${options.concurrency}, latency ${options.latencyMs} ms, N = ${options.users.join(', ')}, vendors ${options.vendors.join(', ')}, sections ${options.sections.join(', ')}${options.quick ? ' (quick)' : ''}`);
	log('each run: a fresh client process (warmed up on a private sandbox), the vendor sandbox in this process, all on 127.0.0.1');
	log('rate limits (limits section):');
	for (const vendor of options.vendors) log(`  ${PROFILES[vendor].title}: ${describeLimit(limitFor(vendor, options).limit)} - ${limitFor(vendor, options).note}`);
	log('');

	const all: CaseRecord[] = [];
	const skipped: string[] = [];
	const sections: Partial<Record<Section, unknown>> = {};
	const printed: string[] = [];
	const show = (title: string, body: string) => {
		const text = `## ${title}\n${body}`;
		printed.push(text);
		log(`\n${text}`);
	};

	/** One run's settings: the limit the sandbox enforces, the baselines' batching and pacing. */
	const plan = (section: Section, vendor: VendorName, client: ClientKind, users: number): CaseInput => {
		const profile = PROFILES[vendor];
		const latencyMs = section === 'cpu' ? 0 : options.latencyMs;
		// A vendor our node paces itself to is measured under its limit everywhere, and the
		// baselines pace themselves as a user reading the same document would.
		const limit = section === 'limits' || profile.pacesItself ? limitFor(vendor, options).limit : undefined;
		const paceMs = limit && section !== 'limits' && section !== 'cpu' ? 1000 / sustainedRate(limit) : 0;
		const lookup = section === 'lookup';
		return {
			section,
			vendor,
			client,
			users,
			concurrency: options.concurrency,
			latencyMs,
			limit,
			ifUserExists: lookup ? 'returnExisting' : 'error',
			directory: lookup ? options.lookupDirectory : 0,
			existingShare: lookup ? 0.1 : 0,
			roundTripsPerUser: lookup ? LOOKUP_ROUND_TRIPS[vendor].trips : 1,
			// Batches of Concurrency items every latency keep about Concurrency requests in flight
			// (HTTP Request fires every item at once otherwise); a documented limit stretches the interval.
			batching: { batchSize: options.concurrency, batchIntervalMs: Math.max(latencyMs, Math.ceil(paceMs * options.concurrency)) },
			rawPaceMs: paceMs,
			warmupUsers: options.warmupUsers,
			sampleMs: options.sampleMs,
		};
	};
	const name = (input: CaseInput) => `${input.section} ${PROFILES[input.vendor].title} ${input.client} N=${input.users}`;
	/** Whether the run fits --max-case-seconds (--lookup-max-seconds); says so when it does not. */
	const fits = (input: CaseInput): boolean => {
		const { idealSeconds } = bounds(input, Date.now());
		const [max, flag] = input.section === 'lookup' ? [options.lookupMaxSeconds, 'lookup-max-seconds'] : [options.maxCaseSeconds, 'max-case-seconds'];
		if (max <= 0 || idealSeconds <= max) return true;
		const why = `${name(input)}${input.limit ? ` at ${describeLimit(input.limit)}` : ''}: skipped, an ideal client needs ${Math.round(idealSeconds)} s (over --${flag} ${max}; 0 runs it)`;
		skipped.push(why);
		log(`  ${why}`);
		return false;
	};
	const run = async (input: CaseInput): Promise<CaseRecord> => {
		const record = await runCase(input);
		log(`  ${name(input)}: ${record.seconds.toFixed(1)} s, ${record.usersPerSec.toFixed(1)} users/s${record.error ? `, FAILED: ${record.error}` : ''}`);
		all.push(record);
		return record;
	};

	let limits: CaseRecord[] = [];
	const sideBySide: string[] = [];
	if (options.sections.includes('limits')) {
		log("## limits: our node at each vendor's rate limit");
		const alone: CaseInput[] = [];
		const paced: Array<{ input: CaseInput; seconds: number }> = [];
		for (const vendor of options.vendors) {
			for (const users of options.users) {
				const input = plan('limits', vendor, 'ours', users);
				if (!fits(input)) continue;
				const seconds = bounds(input, Date.now()).idealSeconds;
				const unlimited = bounds({ ...input, limit: undefined }, Date.now()).idealSeconds;
				// Paced by the limit: an ideal client would spend two thirds of the run or more waiting
				// for it. (Garmat at our pick is not: its client is busy most of the time, and running
				// it next to others measured the shared CPU, not the node.)
				if (options.parallel > 1 && seconds >= 3 * unlimited) paced.push({ input, seconds });
				else alone.push(input);
			}
		}
		for (const input of alone) limits.push(await run(input));
		// Longest first, so the slots stay busy; each run still has its own process and sandbox.
		paced.sort((a, b) => b.seconds - a.seconds);
		if (paced.length) {
			sideBySide.push(...paced.map(({ input }) => `${PROFILES[input.vendor].title} N=${input.users}`));
			log(`  paced by the rate limit, run side by side (${options.parallel} at once): ${sideBySide.join(', ')}`);
		}
		let nextPaced = 0;
		const slot = async () => {
			while (nextPaced < paced.length) limits.push(await run(paced[nextPaced++].input));
		};
		await Promise.all(Array.from({ length: Math.min(options.parallel, paced.length) }, slot));
		const order = (r: CaseRecord) => options.vendors.indexOf(r.vendor) * 1e9 + r.users;
		limits = limits.sort((a, b) => order(a) - order(b));
		sections.limits = limits;
		const note = sideBySide.length ? `run side by side, ${options.parallel} at once (paced by the limit, mostly waiting): ${sideBySide.join(', ')}\n` : '';
		show("limits: our node at each vendor's rate limit (If User Exists: Error, one create per user)", `${table(limitsRows(limits))}${note}`);
	}

	const comparisons: Comparison[] = [];
	if (options.sections.includes('compare')) {
		log('\n## compare: the same calls through our node, the HTTP Request node and a raw axios loop');
		for (const vendor of options.vendors) {
			for (const users of options.users) {
				const oursInput = plan('compare', vendor, 'ours', users);
				if (!fits(oursInput)) continue;
				// Under the vendor's limit the limits section already ran this very case.
				const reused = oursInput.limit && limits.find((r) => r.vendor === vendor && r.users === users);
				const ours = reused ? { ...reused, section: 'compare' as const } : await run(oursInput);
				if (reused) log(`  ${name(oursInput)}: the limits run (same settings)`);
				const http = options.clients.includes('http') ? await run(plan('compare', vendor, 'http', users)) : undefined;
				const rawHere = options.clients.includes('raw') && (options.rawMaxUsers === 0 || users <= options.rawMaxUsers);
				const raw = rawHere ? await run(plan('compare', vendor, 'raw', users)) : undefined;
				comparisons.push({ vendor, users, ours, http, raw });
			}
		}
		sections.compare = comparisons;
		const paced = options.vendors.filter((v) => PROFILES[v].pacesItself);
		const note = paced.length
			? `${paced.map((v) => PROFILES[v].title).join(', ')}: our node paces itself to the documented limit, so this comparison runs under it: HTTP Request batches of ${options.concurrency} every ${plan('compare', paced[0], 'http', 1).batching.batchIntervalMs} ms, the raw loop one request every ${plan('compare', paced[0], 'raw', 1).rawPaceMs} ms\n`
			: '';
		show(
			`compare: our node vs n8n's HTTP Request node (batches of ${options.concurrency} every ${options.latencyMs} ms) vs a raw axios loop (${options.concurrency} workers), latency ${options.latencyMs} ms, no rate limit`,
			`${table(compareRows(comparisons))}${note}`,
		);
	}

	const cpu: Comparison[] = [];
	if (options.sections.includes('cpu')) {
		log('\n## cpu: zero latency: CPU time of the client process per user');
		const capped: string[] = [];
		for (const vendor of options.vendors) {
			const { limit } = limitFor(vendor, options);
			// Past its burst our node waits for the vendor's rate, which is not CPU.
			const users = PROFILES[vendor].pacesItself && limit.kind === 'bucket' ? Math.min(options.cpuUsers, limit.burst) : options.cpuUsers;
			if (users < options.cpuUsers) capped.push(`${PROFILES[vendor].title}: ${users} users (its burst; beyond it the node waits for the documented rate)`);
			const ours = await run(plan('cpu', vendor, 'ours', users));
			const http = options.clients.includes('http') ? await run(plan('cpu', vendor, 'http', users)) : undefined;
			const raw = options.clients.includes('raw') ? await run(plan('cpu', vendor, 'raw', users)) : undefined;
			cpu.push({ vendor, users, ours, http, raw });
		}
		sections.cpu = cpu;
		show(
			`cpu: per-user CPU (user + system) of the client process at zero latency, concurrency ${options.concurrency} (HTTP Request: batch interval 0, every item at once)`,
			`${table(cpuRows(cpu))}${capped.length ? `${capped.join('; ')}\n` : ''}`,
		);
	}

	const lookups: CaseRecord[] = [];
	if (options.sections.includes('lookup')) {
		log(`\n## lookup: If User Exists: Return Existing, ${options.lookupDirectory} users already in the directory, every tenth of the batch already exists`);
		for (const vendor of options.vendors) {
			for (const users of options.lookupUsers) {
				const input = plan('lookup', vendor, 'ours', users);
				if (fits(input)) lookups.push(await run(input));
			}
		}
		sections.lookup = lookups;
		const notes = options.vendors
			.map((v) => `bound for ${PROFILES[v].title}: ${LOOKUP_ROUND_TRIPS[v].trips} round trip(s) a user: ${LOOKUP_ROUND_TRIPS[v].why}${PROFILES[v].pacesItself ? ", all under the vendor's limit" : ''}`)
			.join('\n');
		show('lookup: our node with If User Exists: Return Existing (latency only)', `${table(lookupRows(lookups))}${notes}\n`);
	}

	const ours = all.filter((r) => r.client === 'ours');
	const verdictList: Verdict[] = verdicts(limits, comparisons, ours);
	const seconds = (Date.now() - started) / 1000;
	const verdictText = verdictList.map((v) => `- [${v.met === undefined ? '?' : v.met ? 'met' : 'MISSED'}] ${v.target}: ${v.detail}`).join('\n');
	show('targets', `${verdictText}\n${skipped.length ? `skipped:\n${skipped.map((s) => `- ${s}`).join('\n')}\n` : ''}`);
	log(`\ntotal duration: ${(seconds / 60).toFixed(1)} min (${seconds.toFixed(0)} s); load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

	const outDir = path.resolve(ROOT, options.outDir);
	mkdirSync(outDir, { recursive: true });
	const file = path.join(outDir, `bench-${new Date(started).toISOString().replace(/[:.]/g, '-')}${options.quick ? '-quick' : ''}.json`);
	const limitsUsed = Object.fromEntries(options.vendors.map((v) => [v, limitFor(v, options)]));
	writeFileSync(
		file,
		`${JSON.stringify({ startedAt: new Date(started).toISOString(), durationSeconds: seconds, machine: { ...machine, loadAverageAtEnd: os.loadavg() }, options, limits: limitsUsed, lookupRoundTrips: LOOKUP_ROUND_TRIPS, sections, targets: verdictList, skipped, sideBySide, tables: printed }, null, 2)}\n`,
	);
	log(`JSON: ${path.relative(ROOT, file)}`);
}

if (process.argv.includes('--child')) {
	serveOneCase();
} else {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n${USAGE}`);
		process.exitCode = 1;
	});
}
