import type { ClientKind } from './client';
import type { VendorName } from './vendors';
import { VENDORS } from './vendors';

export const SECTIONS = ['defaults', 'limits', 'compare', 'cpu', 'lookup', 'sync'] as const;
/** Clients of the defaults section: our node at its defaults, the HTTP Request node at its defaults and hand-tuned, a raw loop. */
export const DEFAULTS_CLIENTS = ['ours', 'http', 'tuned', 'raw'] as const;
export type DefaultsClient = (typeof DEFAULTS_CLIENTS)[number];
export const CLIENTS: readonly ClientKind[] = ['ours', 'http', 'raw'];
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
	users: number[];
	vendors: VendorName[];
	/** Our node's Concurrency in the limits and lookup sections: 'auto' (the default) or a pinned number. */
	concurrency: 'auto' | number;
	/** Concurrency of every client in the compare and cpu sections (ours pinned to it, HTTP Request batches, raw workers). */
	compareConcurrency: number;
	latencyMs: number;
	/** Round trips of the defaults section. */
	defaultsLatencies: number[];
	/** N of the defaults section (Luzmo: luzmoDefaultsUsers). */
	defaultsUsers: number;
	/** Luzmo's N in the defaults section, sized for its 10/s: half inside its burst of 200, half at the sustained rate. */
	luzmoDefaultsUsers: number;
	defaultsClients: DefaultsClient[];
	sections: Section[];
	/** Clients of the compare and cpu sections. */
	clients: ClientKind[];
	/** OpsRamp's 60 s window, scaled down to this (the 50 requests a window are kept). */
	opsRampWindowMs: number;
	/** Our pick for Garmat, whose limit is undocumented. */
	garmatLimit: { limit: number; windowMs: number };
	/** A limits case whose ideal duration is longer is skipped (and said so); 0 runs everything. */
	maxCaseSeconds: number;
	/** Limits cases paced by the rate limit (mostly waiting) run side by side, this many at once. */
	parallel: number;
	/** The raw loop runs at these N only (it is the floor of the comparison, not its subject). */
	rawMaxUsers: number;
	/** N of the Return Existing runs. */
	lookupUsers: number[];
	/** A Return Existing run whose ideal duration is longer is skipped. */
	lookupMaxSeconds: number;
	cpuUsers: number;
	/** Roster and directory size of the sync section. */
	syncUsers: number;
	/** Users of the directory before a lookup run, besides the tenth of the batch that already exists. */
	lookupDirectory: number;
	warmupUsers: number;
	sampleMs: number;
	outDir: string;
	quick: boolean;
	/** Our node and the HTTP Request node run with On Error: Continue (our node then validates items as it starts them). */
	continueOnFail: boolean;
}

export const USAGE = `npm run bench -- [options]
  --users 1000,10000       batch sizes (N)
  --vendors luzmo,domo,opsramp,garmat
  --concurrency auto       our node's Concurrency in the limits and lookup sections (auto, or a number that pins it)
  --compare-concurrency 10 compare and cpu: our node pinned to it, the HTTP Request node's batch size, the raw loop's workers
  --latency 50             sandbox latency per request, ms (every section but defaults)
  --sections defaults,limits,compare,cpu,lookup,sync
  --latencies 50,200,500   defaults: the round trips
  --defaults-users 1000    defaults: N per vendor (Luzmo: --luzmo-defaults-users)
  --luzmo-defaults-users 400  defaults: Luzmo's N (200 inside its burst, the rest at 10/s)
  --defaults-clients ours,http,tuned  defaults: our node, the HTTP Request node at its defaults, hand-tuned batching, raw (an axios loop, 32 workers)
  --clients ours,http,raw  clients of the compare and cpu sections
  --opsramp-window-ms 1000 OpsRamp's documented 50 creates per 60 s, window scaled down to this
  --garmat-limit 100/1000  Garmat's (undocumented) limit we picked: requests per window ms
  --max-case-seconds 300   skip a case whose ideal duration is longer (0: run all; --quick: 25)
  --parallel 3             limits cases paced by the rate limit (mostly waiting) run side by side, this many at once (1: one at a time)
  --raw-max-users 1000     the raw axios loop runs for N up to this (0: every N)
  --lookup-users 1000      N of the Return Existing runs
  --lookup-max-seconds 60  skip a Return Existing run whose ideal duration is longer (0: run all)
  --cpu-users 1000         users per CPU run (zero latency)
  --sync-users 10000       roster and directory size of the sync section (1 % new, 1 % changed, 1 % leavers)
  --lookup-directory 1000  users already in the directory for the Return Existing runs
  --warmup 100             users of the warm-up run in each client process
  --sample-ms 100          RSS sampling interval
  --out bench-results      folder for the JSON report
  --continue-on-fail       our node and the HTTP Request node run with On Error: Continue (default: stop on error)
  --quick                  smoke run: N = 200 everywhere, every section, about 2 minutes
`;

function list<T extends string>(value: string, allowed: readonly T[], name: string): T[] {
	const parts = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
	for (const part of parts) if (!allowed.includes(part as T)) throw new Error(`--${name}: unknown "${part}" (one of ${allowed.join(', ')})`);
	return parts as T[];
}

function positive(value: string, name: string, allowZero = false): number {
	const number = Number(value);
	if (!Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
	return number;
}

export function parseOptions(argv: string[]): BenchOptions {
	const flags = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
		const [key, inline] = arg.slice(2).split(/=(.*)/s);
		if (key === 'quick' || key === 'help' || key === 'continue-on-fail') flags.set(key, 'true');
		else flags.set(key, inline ?? argv[++i] ?? '');
	}
	if (flags.has('help')) {
		process.stdout.write(USAGE);
		process.exit(0);
	}
	const quick = flags.has('quick');
	const options: BenchOptions = {
		users: quick ? [200] : [1000, 10000],
		vendors: [...VENDORS],
		concurrency: 'auto',
		compareConcurrency: 10,
		latencyMs: 50,
		defaultsLatencies: quick ? [50] : [50, 200, 500],
		defaultsUsers: quick ? 200 : 1000,
		luzmoDefaultsUsers: quick ? 220 : 400,
		defaultsClients: ['ours', 'http', 'tuned'],
		sections: [...SECTIONS],
		clients: [...CLIENTS],
		opsRampWindowMs: 1000,
		garmatLimit: { limit: 100, windowMs: 1000 },
		maxCaseSeconds: quick ? 25 : 300,
		parallel: 3,
		rawMaxUsers: quick ? 0 : 1000,
		lookupUsers: quick ? [200] : [1000],
		lookupMaxSeconds: quick ? 10 : 60,
		cpuUsers: quick ? 200 : 1000,
		syncUsers: quick ? 200 : 10000,
		lookupDirectory: quick ? 200 : 1000,
		warmupUsers: quick ? 20 : 100,
		sampleMs: 100,
		outDir: 'bench-results',
		quick,
		continueOnFail: flags.has('continue-on-fail'),
	};
	for (const [key, value] of flags) {
		switch (key) {
			case 'quick':
			case 'continue-on-fail':
				break;
			case 'users':
			case 'n':
				options.users = value.split(',').map((part) => Math.round(positive(part, key)));
				break;
			case 'vendors':
				options.vendors = list(value, VENDORS, key);
				break;
			case 'concurrency':
				options.concurrency = value.trim().toLowerCase() === 'auto' ? 'auto' : Math.round(positive(value, key));
				if (options.concurrency !== 'auto' && options.concurrency > 20) throw new Error('--concurrency: the node allows at most 20 (or auto)');
				break;
			case 'compare-concurrency':
				options.compareConcurrency = Math.round(positive(value, key));
				if (options.compareConcurrency > 20) throw new Error('--compare-concurrency: the node allows at most 20');
				break;
			case 'latencies':
				options.defaultsLatencies = value.split(',').map((part) => positive(part, key, true));
				break;
			case 'defaults-users':
				options.defaultsUsers = Math.round(positive(value, key));
				break;
			case 'luzmo-defaults-users':
				options.luzmoDefaultsUsers = Math.round(positive(value, key));
				break;
			case 'defaults-clients':
				options.defaultsClients = list(value, DEFAULTS_CLIENTS, key);
				break;
			case 'latency':
				options.latencyMs = positive(value, key, true);
				break;
			case 'sections':
				options.sections = list(value, SECTIONS, key);
				break;
			case 'clients':
				options.clients = list(value, CLIENTS, key);
				if (!options.clients.includes('ours')) throw new Error('--clients: ours is always measured');
				break;
			case 'opsramp-window-ms':
				options.opsRampWindowMs = positive(value, key);
				if (options.opsRampWindowMs % 1000 !== 0) throw new Error('--opsramp-window-ms: whole seconds only (X-RateLimit-Reset is in epoch seconds)');
				break;
			case 'garmat-limit': {
				const [limit, windowMs] = value.split('/');
				options.garmatLimit = { limit: Math.round(positive(limit, key)), windowMs: positive(windowMs ?? '1000', key) };
				break;
			}
			case 'max-case-seconds':
				options.maxCaseSeconds = positive(value, key, true);
				break;
			case 'parallel':
				options.parallel = Math.round(positive(value, key));
				break;
			case 'raw-max-users':
				options.rawMaxUsers = Math.round(positive(value, key, true));
				break;
			case 'lookup-users':
				options.lookupUsers = value.split(',').map((part) => Math.round(positive(part, key)));
				break;
			case 'lookup-max-seconds':
				options.lookupMaxSeconds = positive(value, key, true);
				break;
			case 'sync-users':
				options.syncUsers = Math.round(positive(value, key));
				break;
			case 'cpu-users':
				options.cpuUsers = Math.round(positive(value, key));
				break;
			case 'lookup-directory':
				options.lookupDirectory = Math.round(positive(value, key, true));
				break;
			case 'warmup':
				options.warmupUsers = Math.round(positive(value, key, true));
				break;
			case 'sample-ms':
				options.sampleMs = positive(value, key);
				break;
			case 'out':
				options.outDir = value;
				break;
			default:
				throw new Error(`unknown option --${key}\n${USAGE}`);
		}
	}
	return options;
}
