/**
 * One measured run, in a process of its own so that its memory and CPU figures are the client's
 * alone (the sandbox answers from the parent process) and every run starts from the same state:
 * modules loaded and warmed up on a private sandbox, no token stored, no rate gate yet.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { HTTP_REQUEST_TYPE, withBaseNodes } from '../harness/baseNodes';
import { builtPackage, runNode } from '../harness/workflow';
import type { Batching, IfUserExists, NodeRunSpec, Target, VendorName } from './vendors';
import { HTTP_REQUEST_VERSION, PROFILES } from './vendors';

export type ClientKind = 'ours' | 'http' | 'raw';

export interface CaseSpec {
	vendor: VendorName;
	client: ClientKind;
	users: number;
	/** Our node's Concurrency: 'auto' leaves the option out (the node's default). */
	concurrency: 'auto' | number;
	/** The raw loop's workers. */
	rawWorkers: number;
	latencyMs: number;
	/** The HTTP Request node's batching; undefined: its default (none). */
	batching: Batching | undefined;
	/** The raw loop sends at most one request per this many ms (0: no pacing). */
	rawPaceMs: number;
	ifUserExists: IfUserExists;
	continueOnFail: boolean;
	target: Target;
	/** Emails of this run start with it, so that runs never collide. */
	prefix: string;
	warmupUsers: number;
	sampleMs: number;
}

export interface ClientResult {
	/** Wall clock (epoch ms) when the measured run started, after the warm-up. */
	startedAt: number;
	ms: number;
	cpuUserMs: number;
	cpuSystemMs: number;
	rssBase: number;
	rssPeak: number;
	rssEnd: number;
	heapBase: number;
	/** Heap still used after the run and a full GC, while the output is still held. */
	heapRetained: number;
	outputs: number;
	/** Lower-cased emails of the output items that describe a user (created or existing). */
	okEmails: string[];
	statuses: Record<string, number>;
	errorItems: number;
	/** The message the run failed with, if it failed as a whole. */
	error?: string;
	/** The first error item's message, to see why items failed. */
	firstItemError?: string;
}

interface Outcome {
	items: INodeExecutionData[] | undefined;
	error?: string;
}

function items(spec: Pick<CaseSpec, 'vendor' | 'users' | 'prefix'>): IDataObject[] {
	const profile = PROFILES[spec.vendor];
	return Array.from({ length: spec.users }, (_, i) => profile.item(spec.prefix, i));
}

async function runWorkflow(spec: CaseSpec, input: IDataObject[]): Promise<Outcome> {
	const profile = PROFILES[spec.vendor];
	let run: NodeRunSpec;
	if (spec.client === 'ours') {
		run = profile.ours(spec.target, { concurrency: spec.concurrency, ifUserExists: spec.ifUserExists });
	} else {
		run = {
			...profile.http(spec.target, spec.batching),
			pkg: withBaseNodes(await builtPackage()),
			nodeType: { name: HTTP_REQUEST_TYPE, version: HTTP_REQUEST_VERSION },
		};
	}
	const result = await runNode({ ...run, items: input, continueOnFail: spec.continueOnFail });
	return { items: result.items, error: result.error?.message };
}

/** A worker pool of `rawWorkers` loops over the items, as a developer would write it with axios. */
async function runRaw(spec: CaseSpec, input: IDataObject[]): Promise<Outcome> {
	const client = PROFILES[spec.vendor].raw(spec.target);
	const token = client.token ? await client.token() : undefined;
	const output: INodeExecutionData[] = new Array(input.length);
	let next = 0;
	// A documented limit, kept the simple way: one request every rawPaceMs, whichever worker sends it.
	let slot = 0;
	const paced = async () => {
		if (spec.rawPaceMs <= 0) return;
		const now = performance.now();
		slot = Math.max(slot, now);
		const wait = slot - now;
		slot += spec.rawPaceMs;
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
	};
	const worker = async () => {
		while (next < input.length) {
			const i = next++;
			await paced();
			try {
				output[i] = { json: await client.create(input[i], token) };
			} catch (error) {
				output[i] = { json: { error: (error as Error).message } };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, spec.rawWorkers) }, worker));
	return { items: output };
}

async function runClient(spec: CaseSpec, input: IDataObject[]): Promise<Outcome> {
	return spec.client === 'raw' ? await runRaw(spec, input) : await runWorkflow(spec, input);
}

/** Loads every module and lets the JIT see the hot paths, against a private sandbox without latency. */
async function warmUp(spec: CaseSpec): Promise<void> {
	if (spec.warmupUsers <= 0) return;
	const sandbox = await PROFILES[spec.vendor].start(0, undefined);
	try {
		const warm = {
			...spec,
			users: spec.warmupUsers,
			prefix: `${spec.prefix}-warmup`,
			latencyMs: 0,
			batching: spec.batching && { batchSize: spec.batching.batchSize, batchIntervalMs: 0 },
			rawPaceMs: 0,
			target: sandbox.target(`${spec.target.credentialId}-warmup`),
		};
		await runClient(warm, items(warm));
	} finally {
		await sandbox.sandbox.stop();
	}
}

function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('the benchmark client needs --expose-gc');
	gc();
	gc();
}

export async function measure(spec: CaseSpec): Promise<ClientResult> {
	await warmUp(spec);
	const input = items(spec);
	collectGarbage();
	const base = process.memoryUsage();
	let rssPeak = base.rss;
	const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), spec.sampleMs);

	const cpuBefore = process.cpuUsage();
	const startedAt = Date.now();
	const started = performance.now();
	const outcome = await runClient(spec, input);
	const ms = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);

	clearInterval(sampler);
	const rssEnd = process.memoryUsage.rss();
	rssPeak = Math.max(rssPeak, rssEnd);
	collectGarbage();
	const heapRetained = process.memoryUsage().heapUsed - base.heapUsed;

	const statuses: Record<string, number> = {};
	const okEmails: string[] = [];
	let errorItems = 0;
	let firstItemError: string | undefined;
	for (const item of outcome.items ?? []) {
		const json = item?.json ?? {};
		if (json.error !== undefined || json.id === undefined) {
			errorItems += 1;
			firstItemError ??= String(json.error ?? JSON.stringify(json).slice(0, 200));
			continue;
		}
		const status = String(json.provisioningStatus ?? 'created');
		statuses[status] = (statuses[status] ?? 0) + 1;
		if (typeof json.email === 'string') okEmails.push(json.email.toLowerCase());
	}
	return {
		startedAt,
		ms,
		cpuUserMs: cpu.user / 1000,
		cpuSystemMs: cpu.system / 1000,
		rssBase: base.rss,
		rssPeak,
		rssEnd,
		heapBase: base.heapUsed,
		heapRetained,
		outputs: outcome.items?.length ?? 0,
		okEmails,
		statuses,
		errorItems,
		error: outcome.error,
		firstItemError,
	};
}

/** The child side: one spec in, one result out, then exit. */
export function serveOneCase(): void {
	process.once('message', (spec: CaseSpec) => {
		measure(spec).then(
			(result) => process.send!(result, () => process.exit(0)),
			(error: Error) => process.send!({ crash: error.stack ?? String(error) }, () => process.exit(1)),
		);
	});
}
