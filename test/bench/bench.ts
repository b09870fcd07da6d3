/**
 * `npm run bench` (issue 7): bulk onboarding through our nodes, against each vendor's sandbox
 * with a simulated latency and the vendor's rate limit, next to n8n's HTTP Request node and a raw
 * axios loop doing the same calls. Prints tables and writes them as JSON to bench-results/.
 * `npm run bench -- --help` lists the options.
 */
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { serveOneCase } from './client';
import { describeLimit } from './limits';
import type { BenchOptions } from './options';
import { parseOptions, USAGE } from './options';
import { LOOKUP_ROUND_TRIPS, limitFor } from './plan';
import type { Verdict } from './report';
import { verdicts } from './report';
import { BenchRun, log } from './sections';
import { PROFILES } from './vendors';
import { serveSyncCase } from './sync/client';
import { syncSection } from './sync/section';

const ROOT = path.resolve(__dirname, '../..');

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
	log(`concurrency ${options.concurrency} (limits, lookup), ${options.compareConcurrency} (compare, cpu), latency ${options.latencyMs} ms, N = ${options.users.join(', ')}, vendors ${options.vendors.join(', ')}, sections ${options.sections.join(', ')}${options.quick ? ' (quick)' : ''}`);
	if (options.sections.includes('defaults')) log(`defaults: round trips ${options.defaultsLatencies.join(', ')} ms, N = ${options.defaultsUsers} (Luzmo ${options.luzmoDefaultsUsers}), clients ${options.defaultsClients.join(', ')}`);
	log(`On Error: ${options.continueOnFail ? 'Continue (--continue-on-fail: our node validates each item as it starts it)' : 'Stop Workflow, n8n\'s default (our node validates every item before the first request)'}`);
	log('each run: a fresh client process (warmed up on a private sandbox), the vendor sandbox in this process, all on 127.0.0.1');
	log('rate limits (defaults and limits sections):');
	for (const vendor of options.vendors) log(`  ${PROFILES[vendor].title}: ${describeLimit(limitFor(vendor, options).limit)} - ${limitFor(vendor, options).note}`);
	log('');

	const bench = new BenchRun(options);
	const defaults = options.sections.includes('defaults') ? await bench.defaults() : [];
	const limits = options.sections.includes('limits') ? await bench.limits() : [];
	const comparisons = options.sections.includes('compare') ? await bench.compare(limits) : [];
	if (options.sections.includes('cpu')) await bench.cpu();
	if (options.sections.includes('lookup')) await bench.lookup();
	if (options.sections.includes('sync')) bench.sections.sync = await syncSection(options, log, (title, body) => bench.show(title, body));
	const { all, skipped, sideBySide, sections, printed } = bench;

	const ours = all.filter((r) => r.client === 'ours');
	const verdictList: Verdict[] = verdicts(limits, comparisons, ours, defaults);
	const seconds = (Date.now() - started) / 1000;
	const verdictText = verdictList.map((v) => `- [${v.met === undefined ? '?' : v.met ? 'met' : 'MISSED'}] ${v.target}: ${v.detail}`).join('\n');
	bench.show('targets', `${verdictText}\n${skipped.length ? `skipped:\n${skipped.map((s) => `- ${s}`).join('\n')}\n` : ''}`);
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
} else if (process.argv.includes('--sync-child')) {
	serveSyncCase();
} else {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n${USAGE}`);
		process.exitCode = 1;
	});
}
