/**
 * The client side of one sync run, in a process of its own (as the other sections' clients): the
 * roster of the scenario through our Sync node (Apply) or through the hand-built flow of n8n's own
 * nodes; its time, CPU and memory, and what each output said.
 */
import type { IDataObject } from 'n8n-workflow';

import { TestCredentialsHelper } from '../../harness/credentials';
import { builtPackage, runNode } from '../../harness/workflow';
import type { Batching, Target, VendorName } from '../vendors';
import { PROFILES } from '../vendors';
import { handBuiltFlow } from './handBuilt';
import { syncScenario } from './scenario';
import { outputOf, runFlow, withFlowNodes } from './workflow';

export type SyncClientKind = 'ours' | 'hand';

export interface SyncSpec {
	vendor: VendorName;
	client: SyncClientKind;
	users: number;
	prefix: string;
	concurrency: number;
	removal: 'delete' | 'deactivate';
	target: Target;
	/** The hand-built flow's write batching and page interval (its pacing under the vendor's limit). */
	write: Batching;
	pageIntervalMs: number;
	/** Run our node twice: the second run's requests are counted apart by the parent. */
	runs: number;
	sampleMs: number;
}

export interface SyncClientResult {
	ms: number[];
	/** Wall-clock start (Date.now()) of each run: where the vendor's clock-aligned windows fell. */
	startedAt: number[];
	cpuMs: number;
	rssBase: number;
	rssPeak: number;
	heapRetained: number;
	/** Output items per action (ours) or per writer node (hand-built), first run. */
	actions: Record<string, number>;
	error?: string;
}

function ourParameters(spec: SyncSpec) {
	const run = PROFILES[spec.vendor].ours(spec.target, { concurrency: spec.concurrency, ifUserExists: 'error' });
	const { options: _create, ...roster } = run.parameters as IDataObject;
	return {
		...run,
		parameters: {
			...roster,
			operation: 'sync',
			mode: 'apply',
			notInRoster: spec.removal,
			// 1 % leavers: a guard of 20 % lets them go; the count is lifted to N for the run.
			options: { concurrency: spec.concurrency, maxRemovals: spec.users, maxRemovalsPercent: 20 },
		},
	};
}

async function once(spec: SyncSpec, roster: IDataObject[]): Promise<{ actions: Record<string, number>; error?: string }> {
	const actions: Record<string, number> = {};
	const count = (key: string, n = 1) => (actions[key] = (actions[key] ?? 0) + n);
	if (spec.client === 'ours') {
		const result = await runNode({ ...ourParameters(spec), items: roster });
		for (const item of result.items ?? []) count(String(item.json.action));
		return { actions, error: result.error?.message };
	}
	const pkg = withFlowNodes(await builtPackage());
	const flow = handBuiltFlow(spec.vendor, spec.target, spec.write, spec.pageIntervalMs);
	const helper = new TestCredentialsHelper(pkg);
	helper.set(flow.credential.id, flow.credential.type, flow.credential.data as never);
	const run = await runFlow({ pkg, helper, nodes: flow.nodes, connections: flow.connections, items: roster });
	for (const [action, node] of Object.entries(flow.writers)) count(action, outputOf(run, node).length);
	count('unchanged', outputOf(run, 'Compare Datasets', 1).length);
	const error = run.data.resultData.error;
	return { actions, error: error ? `${error.message}${(error as { node?: { name: string } }).node ? ` (${(error as { node?: { name: string } }).node!.name})` : ''}` : undefined };
}

function gc(): void {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (!collect) throw new Error('the benchmark client needs --expose-gc');
	collect();
	collect();
}

export async function measureSync(spec: SyncSpec): Promise<SyncClientResult> {
	const { roster } = syncScenario(spec.vendor, spec.users, spec.prefix);
	await builtPackage();
	gc();
	const base = process.memoryUsage();
	let rssPeak = base.rss;
	const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), spec.sampleMs);
	const cpu = process.cpuUsage();
	const ms: number[] = [];
	const startedAt: number[] = [];
	let first: Awaited<ReturnType<typeof once>> | undefined;
	for (let i = 0; i < spec.runs; i++) {
		startedAt.push(Date.now());
		const started = performance.now();
		const outcome = await once(spec, roster);
		ms.push(performance.now() - started);
		first ??= outcome;
		// The parent counts each run's requests: tell it this one is over.
		if (i < spec.runs - 1) {
			await new Promise<void>((resolve) => {
				process.once('message', () => resolve());
				process.send!({ runDone: i });
			});
		}
	}
	const used = process.cpuUsage(cpu);
	clearInterval(sampler);
	rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
	gc();
	return {
		ms,
		startedAt,
		cpuMs: (used.user + used.system) / 1000,
		rssBase: base.rss,
		rssPeak,
		heapRetained: process.memoryUsage().heapUsed - base.heapUsed,
		actions: first!.actions,
		error: first!.error,
	};
}

export function serveSyncCase(): void {
	process.once('message', (spec: SyncSpec) => {
		measureSync(spec).then(
			(result) => process.send!({ result }, () => process.exit(0)),
			(error: Error) => process.send!({ crash: error.stack ?? String(error) }, () => process.exit(1)),
		);
	});
}
