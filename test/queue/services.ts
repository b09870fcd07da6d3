/**
 * Redis and PostgreSQL from Debian's packages, started for one test run on 127.0.0.1 only, in
 * temporary folders, and stopped with it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Service {
	port: number;
	stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, name: string, output: () => string): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${output().slice(-2000)}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => {
				socket.destroy();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		if (Date.now() > deadline) throw new Error(`${name} did not listen on ${port}: ${output().slice(-2000)}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

function track(child: ChildProcess): () => string {
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return () => output;
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

export async function startRedis(port: number): Promise<Service> {
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const output = track(child);
	await waitForPort(port, child, 'redis-server', output);
	return { port, stop: async () => await stopChild(child) };
}

export interface Postgres extends Service {
	database: string;
	user: string;
	password: string;
}

/** A throwaway cluster owned by the `postgres` system user, listening on 127.0.0.1 only. */
export async function startPostgres(port: number): Promise<Postgres> {
	const version = readdirSync('/usr/lib/postgresql').sort().pop();
	const bin = `/usr/lib/postgresql/${version}/bin`;
	if (!version || !existsSync(`${bin}/initdb`)) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
	const root = mkdtempSync(path.join(tmpdir(), 'n8n-queue-pg-'));
	chmodSync(root, 0o777);
	const data = path.join(root, 'data');
	const asPostgres = (args: string[]) => ['-u', 'postgres', '--', ...args];
	const password = 'n8n-queue-test';
	const pwfile = path.join(root, 'pw');
	writeFileSync(pwfile, `${password}\n`);
	chmodSync(pwfile, 0o644);
	execFileSync('runuser', asPostgres([`${bin}/initdb`, '-D', data, '-U', 'n8n', '--pwfile', pwfile, '-A', 'scram-sha-256', '--no-sync']), { stdio: 'ignore' });
	const child = spawn('runuser', asPostgres([`${bin}/postgres`, '-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${root}`, '-c', 'fsync=off']), {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const output = track(child);
	await waitForPort(port, child, 'postgres', output);
	execFileSync('runuser', asPostgres([`${bin}/createdb`, '-h', root, '-p', String(port), '-U', 'n8n', 'n8n']), {
		stdio: 'ignore',
		env: { ...process.env, PGPASSWORD: password },
	});
	return {
		port,
		database: 'n8n',
		user: 'n8n',
		password,
		stop: async () => {
			await stopChild(child);
			rmSync(root, { recursive: true, force: true });
		},
	};
}
