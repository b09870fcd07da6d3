/** The four sections of the benchmark, each a series of runs and a table. */
import type { CaseInput, CaseRecord } from './cases';
import { bounds, capFor, failedRecord, runCase } from './cases';
import type { ClientKind } from './client';
import { describeLimit } from './limits';
import type { BenchOptions, Section } from './options';
import { LOOKUP_ROUND_TRIPS, limitFor, planCase, planDefaults, tunedBatching } from './plan';
import type { Comparison } from './report';
import { compareRows, cpuRows, defaultsRows, limitsRows, lookupRows, table } from './report';
import type { VendorName } from './vendors';
import { PROFILES } from './vendors';

export function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

/**
 * Estimates assume the run starts as a rate-limit window opens (epoch 0 starts every window), so
 * that whether a run is skipped or run side by side does not depend on the second it starts at.
 */
const WINDOW_START = 0;

const name = (input: CaseInput) =>
	`${input.section} ${PROFILES[input.vendor].title} ${input.variant} N=${input.users}${input.section === 'defaults' ? ` ${input.latencyMs} ms` : ''}`;

export class BenchRun {
	readonly all: CaseRecord[] = [];

	readonly skipped: string[] = [];

	/** Limits runs that ran side by side. */
	readonly sideBySide: string[] = [];

	readonly sections: Partial<Record<Section, unknown>> = {};

	/** Every table as printed, for the JSON report. */
	readonly printed: string[] = [];

	constructor(private readonly options: BenchOptions) {}

	show(title: string, body: string): void {
		const text = `## ${title}\n${body}`;
		this.printed.push(text);
		log(`\n${text}`);
	}

	/**
	 * Runs the cases; those paced by the limit (an ideal client would spend two thirds of the run
	 * or more waiting for it) go side by side, --parallel at once, the others alone. (Garmat at
	 * our pick is not paced: its client is busy most of the time, and running it next to others
	 * measured the shared CPU, not the node.) Returns the records in the order given.
	 */
	private async schedule(inputs: CaseInput[]): Promise<{ records: CaseRecord[]; sideBySide: string[] }> {
		const { options } = this;
		const records = new Array<CaseRecord>(inputs.length);
		const alone: number[] = [];
		const paced: Array<{ index: number; seconds: number }> = [];
		inputs.forEach((input, index) => {
			const seconds = bounds(input, WINDOW_START).idealSeconds;
			const unlimited = bounds({ ...input, limit: undefined }, WINDOW_START).idealSeconds;
			if (options.parallel > 1 && seconds >= 3 * unlimited) paced.push({ index, seconds });
			else alone.push(index);
		});
		for (const index of alone) records[index] = await this.run(inputs[index]);
		// Longest first, so the slots stay busy; each run still has its own process and sandbox.
		paced.sort((a, b) => b.seconds - a.seconds);
		const sideBySide = paced.map(({ index }) => name(inputs[index]));
		if (paced.length) log(`  paced by the rate limit, run side by side (${options.parallel} at once): ${sideBySide.join(', ')}`);
		let next = 0;
		const slot = async () => {
			while (next < paced.length) {
				const { index } = paced[next++];
				records[index] = await this.run(inputs[index]);
			}
		};
		await Promise.all(Array.from({ length: Math.min(options.parallel, paced.length) }, slot));
		this.sideBySide.push(...sideBySide);
		return { records, sideBySide };
	}

	/** Every vendor at default settings, with each round trip; beside it the HTTP Request node at its defaults and batched by hand. */
	async defaults(): Promise<CaseRecord[]> {
		const { options } = this;
		log(`## defaults: every vendor at default settings (Concurrency: Auto), round trips ${options.defaultsLatencies.join(', ')} ms`);
		const inputs: CaseInput[] = [];
		for (const vendor of options.vendors) {
			for (const latencyMs of options.defaultsLatencies) {
				for (const client of options.defaultsClients) inputs.push(planDefaults(options, vendor, client, latencyMs));
			}
		}
		const { records, sideBySide } = await this.schedule(inputs);
		this.sections.defaults = records;
		const tuned = options.vendors.map((v) => `${PROFILES[v].title} ${tunedBatching(v, options).batchSize} per ${tunedBatching(v, options).batchIntervalMs} ms`).join(', ');
		const notes = [
			`true bound: N over the least time a client with ${capFor(options.vendors[0])} requests in flight (Auto's cap) needs under the vendor's limit at that round trip; formula: min(limit, cap / round trip)`,
			`HTTP Request (defaults): no batching (every item at once), On Error: ${options.continueOnFail ? 'Continue' : 'Stop Workflow'}; batched by hand: Items per Batch = 90 % of the documented requests per second, Batch Interval 1,000 ms (${tuned})`,
			...(sideBySide.length ? [`run side by side, ${options.parallel} at once (paced by the limit, mostly waiting): ${sideBySide.join(', ')}`] : []),
		];
		this.show('defaults: every vendor at default settings, against its limit, next to the HTTP Request node', `${table(defaultsRows(records))}${notes.join('\n')}\n`);
		return records;
	}

	/** Our node at each vendor's rate limit. Runs paced by the limit (mostly waiting) go side by side. */
	async limits(): Promise<CaseRecord[]> {
		const { options } = this;
		log(`## limits: our node at each vendor's rate limit (Concurrency ${options.concurrency})`);
		const inputs: CaseInput[] = [];
		for (const vendor of options.vendors) {
			for (const users of options.users) {
				const input = this.plan('limits', vendor, 'ours', users);
				if (this.fits(input)) inputs.push(input);
			}
		}
		const { records, sideBySide } = await this.schedule(inputs);
		this.sections.limits = records;
		const note = sideBySide.length ? `run side by side, ${options.parallel} at once (paced by the limit, mostly waiting): ${sideBySide.join(', ')}\n` : '';
		this.show(
			`limits: our node at each vendor's rate limit (Concurrency ${options.concurrency}, If User Exists: Error, one create per user); bound: the true bound at Auto's cap, whatever Concurrency the run used`,
			`${table(limitsRows(records))}${note}`,
		);
		return records;
	}

	/** The same calls through our node, the HTTP Request node and a raw axios loop. */
	async compare(limits: CaseRecord[]): Promise<Comparison[]> {
		const { options } = this;
		log('\n## compare: the same calls through our node, the HTTP Request node and a raw axios loop');
		const comparisons: Comparison[] = [];
		for (const vendor of options.vendors) {
			for (const users of options.users) {
				const oursInput = this.plan('compare', vendor, 'ours', users);
				if (!this.fits(oursInput)) continue;
				// Under the vendor's limit the limits section already ran this very case.
				const reused = oursInput.limit && limits.find((r) => r.vendor === vendor && r.users === users && r.concurrency === oursInput.concurrency);
				if (reused) log(`  ${name(oursInput)}: the limits run (same settings)`);
				const ours = reused ? { ...reused, section: 'compare' as const } : await this.run(oursInput);
				const http = options.clients.includes('http') ? await this.run(this.plan('compare', vendor, 'http', users)) : undefined;
				const rawHere = options.clients.includes('raw') && (options.rawMaxUsers === 0 || users <= options.rawMaxUsers);
				const raw = rawHere ? await this.run(this.plan('compare', vendor, 'raw', users)) : undefined;
				comparisons.push({ vendor, users, ours, http, raw });
			}
		}
		this.sections.compare = comparisons;
		const paced = options.vendors.filter((v) => PROFILES[v].pacesItself);
		const note = paced.length
			? `${paced.map((v) => PROFILES[v].title).join(', ')}: our node paces itself to the documented limit, so this comparison runs under it: HTTP Request batches of ${options.compareConcurrency} every ${this.plan('compare', paced[0], 'http', 1).batching?.batchIntervalMs} ms, the raw loop one request every ${this.plan('compare', paced[0], 'raw', 1).rawPaceMs} ms\n`
			: '';
		this.show(
			`compare: our node vs n8n's HTTP Request node (batches of ${options.compareConcurrency} every ${options.latencyMs} ms) vs a raw axios loop (${options.compareConcurrency} workers), our node pinned to Concurrency ${options.compareConcurrency}, latency ${options.latencyMs} ms, no rate limit`,
			`${table(compareRows(comparisons))}${note}`,
		);
		return comparisons;
	}

	/** CPU time of the client process per user, at zero latency. */
	async cpu(): Promise<Comparison[]> {
		const { options } = this;
		log('\n## cpu: zero latency: CPU time of the client process per user');
		const runs: Comparison[] = [];
		const capped: string[] = [];
		for (const vendor of options.vendors) {
			const { limit } = limitFor(vendor, options);
			// Past its burst our node waits for the vendor's rate, which is not CPU.
			const users = PROFILES[vendor].pacesItself && limit.kind === 'bucket' ? Math.min(options.cpuUsers, limit.burst) : options.cpuUsers;
			if (users < options.cpuUsers) capped.push(`${PROFILES[vendor].title}: ${users} users (its burst; beyond it the node waits for the documented rate)`);
			const ours = await this.run(this.plan('cpu', vendor, 'ours', users));
			const http = options.clients.includes('http') ? await this.run(this.plan('cpu', vendor, 'http', users)) : undefined;
			const raw = options.clients.includes('raw') ? await this.run(this.plan('cpu', vendor, 'raw', users)) : undefined;
			runs.push({ vendor, users, ours, http, raw });
		}
		this.sections.cpu = runs;
		this.show(
			`cpu: per-user CPU (user + system) of the client process at zero latency, concurrency ${options.compareConcurrency} (HTTP Request: batch interval 0, every item at once)`,
			`${table(cpuRows(runs))}${capped.length ? `${capped.join('; ')}\n` : ''}`,
		);
		return runs;
	}

	/** Our node with If User Exists: Return Existing, on a directory that already has users. */
	async lookup(): Promise<CaseRecord[]> {
		const { options } = this;
		log(`\n## lookup: If User Exists: Return Existing, ${options.lookupDirectory} users already in the directory, every tenth of the batch already exists`);
		const records: CaseRecord[] = [];
		for (const vendor of options.vendors) {
			for (const users of options.lookupUsers) {
				const input = this.plan('lookup', vendor, 'ours', users);
				if (this.fits(input)) records.push(await this.run(input));
			}
		}
		this.sections.lookup = records;
		const notes = options.vendors
			.map((v) => `bound for ${PROFILES[v].title}: ${LOOKUP_ROUND_TRIPS[v].trips} round trip(s) a user: ${LOOKUP_ROUND_TRIPS[v].why}${PROFILES[v].pacesItself ? ", all under the vendor's limit" : ''}`)
			.join('\n');
		this.show('lookup: our node with If User Exists: Return Existing (latency only)', `${table(lookupRows(records))}${notes}\n`);
		return records;
	}

	private plan(section: Section, vendor: VendorName, client: ClientKind, users: number): CaseInput {
		return planCase(this.options, section, vendor, client, users);
	}

	/** Whether the run fits --max-case-seconds (--lookup-max-seconds); says so when it does not. */
	private fits(input: CaseInput): boolean {
		const { options } = this;
		const { idealSeconds } = bounds(input, WINDOW_START);
		const [max, flag] = input.section === 'lookup' ? [options.lookupMaxSeconds, 'lookup-max-seconds'] : [options.maxCaseSeconds, 'max-case-seconds'];
		if (max <= 0 || idealSeconds <= max) return true;
		const why = `${name(input)}${input.limit ? ` at ${describeLimit(input.limit)}` : ''}: skipped, an ideal client needs ${Math.round(idealSeconds)} s (over --${flag} ${max}; 0 runs it)`;
		this.skipped.push(why);
		log(`  ${why}`);
		return false;
	}

	private async run(input: CaseInput): Promise<CaseRecord> {
		// A client that crashes or hangs fails its row, not the whole benchmark.
		const record = await runCase(input).catch((error: Error) => failedRecord(input, error.message));
		log(`  ${name(input)}: ${record.seconds.toFixed(1)} s, ${record.usersPerSec.toFixed(1)} users/s${record.error ? `, FAILED: ${record.error}` : ''}`);
		this.all.push(record);
		return record;
	}
}
