/**
 * Queue mode, n8n's way of scaling past one machine: a main instance and workers sharing Redis
 * (the job queue) and PostgreSQL (workflows, executions, credentials). The package is installed
 * in each process's own user folder. The batch onboarding example must run on a worker, and the
 * vendor token must be fetched once and shared through the credential store: a second worker,
 * started later, reuses it instead of fetching its own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { DomoSandbox } from '../sandbox/domo';
import type { Sandboxes } from '../sandbox/all';
import { sandboxCredentials, startSandboxes, stopSandboxes } from '../sandbox/all';
import { EXAMPLES_DIR } from '../e2e/bringUp';
import { runWorkflow } from '../e2e/n8nClientRuns';
import type { N8nProcess } from '../e2e/stack';
import { N8nClient, startN8n } from '../e2e/stack';
import { QUEUE_HOMES } from './homes';
import type { Postgres, Service } from './services';
import { startPostgres, startRedis } from './services';

const PORTS = { main: 5690, workerA: 5692, workerB: 5694, redis: 6391, postgres: 5441 };

let redis: Service;
let postgres: Postgres;
let sandboxes: Sandboxes;
let main: N8nProcess;
let workerA: N8nProcess | undefined;
let workerB: N8nProcess | undefined;
let client: N8nClient;
let workflowId: string;
let queueEnv: NodeJS.ProcessEnv;

const tokenRequests = (domo: DomoSandbox) => domo.requests.filter((r) => r.path === '/oauth/token').length;
const creates = (domo: DomoSandbox) => domo.received('POST', '/v1/users').length;

beforeAll(async () => {
	redis = await startRedis(PORTS.redis);
	postgres = await startPostgres(PORTS.postgres);
	sandboxes = await startSandboxes(0);
	queueEnv = {
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
	main = await startN8n({ userFolder: QUEUE_HOMES.main, port: PORTS.main, extraEnv: queueEnv, label: 'main' });
	workerA = await startN8n({ userFolder: QUEUE_HOMES.workerA, port: PORTS.workerA, command: 'worker', extraEnv: queueEnv, label: 'worker A' });

	client = new N8nClient(main.url);
	await client.ownerLogin();
	const seed = sandboxCredentials(sandboxes).find((c) => c.vendor === 'domo')!;
	const credential = await client.request('POST', '/rest/credentials', { name: seed.name, type: seed.type, data: seed.data });
	expect(credential.status).toBe(200);
	const json = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, 'domo-scheduled-batch-onboarding.json'), 'utf8'));
	for (const node of json.nodes) for (const reference of Object.values<{ id: string }>(node.credentials ?? {})) reference.id = credential.body.data.id;
	const saved = await client.request('POST', '/rest/workflows', json);
	expect(saved.status).toBe(200);
	workflowId = saved.body.data.id;
}, 600_000);

afterAll(async () => {
	for (const process of [workerB, workerA, main]) await process?.stop();
	if (sandboxes) await stopSandboxes(sandboxes);
	await postgres?.stop();
	await redis?.stop();
}, 120_000);

describe('queue mode: main + workers, Redis, PostgreSQL', () => {
	it('runs the batch onboarding example on a worker, with one token request', async () => {
		const run = await runWorkflow(client, workflowId, 'Every Morning');
		expect(run.status).toBe('success');
		expect(workerA!.output()).toContain(`Worker started execution ${run.id} `);
		expect(main.output()).not.toContain(`Worker started execution ${run.id} `);
		expect(run.output('Create Domo User').map((u) => u.provisioningStatus)).toEqual(['created', 'created', 'created']);
		expect(creates(sandboxes.domo)).toBe(3);
		expect(tokenRequests(sandboxes.domo)).toBe(1);
	});

	it('a second worker reuses the token the first one stored, and creates nobody twice', async () => {
		await workerA!.stop();
		workerA = undefined;
		workerB = await startN8n({ userFolder: QUEUE_HOMES.workerB, port: PORTS.workerB, command: 'worker', extraEnv: queueEnv, label: 'worker B' });
		const run = await runWorkflow(client, workflowId, 'Every Morning');
		expect(run.status).toBe('success');
		expect(workerB.output()).toContain(`Worker started execution ${run.id} `);
		expect(run.output('Create Domo User').map((u) => u.provisioningStatus)).toEqual(['existing', 'existing', 'existing']);
		expect(creates(sandboxes.domo)).toBe(3);
		expect(sandboxes.domo.duplicates()).toEqual([]);
		// The token came from the credential store (PostgreSQL), not from a new exchange.
		expect(tokenRequests(sandboxes.domo)).toBe(1);
	}, 300_000);
});
