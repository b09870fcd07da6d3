/**
 * Concurrency: Auto end to end: real workflow runs (n8n-core's WorkflowExecute on the built
 * package) against the Garmat sandbox, which counts the requests it holds at once. Orders are
 * made by holding requests at the sandbox until a count is reached, not by timers: no test here
 * depends on how fast the machine is.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { AUTO_INITIAL } from '../../nodes/shared/concurrency';
import type { RunNodeOptions } from '../harness/workflow';
import { runNode } from '../harness/workflow';
import { GarmatSandbox } from '../sandbox/garmat';
import { until } from '../sandbox/toolkit';

let sandbox: GarmatSandbox;
afterEach(async () => await sandbox?.stop());

async function start(options: ConstructorParameters<typeof GarmatSandbox>[0] = {}): Promise<GarmatSandbox> {
	sandbox = new GarmatSandbox(options);
	await sandbox.start();
	sandbox.trackInFlight();
	return sandbox;
}

let credentialCounter = 0;
/** A fresh credential id: the rate gate and Auto's limit belong to one credential and host. */
function credential(s: GarmatSandbox, id = `auto-${++credentialCounter}`): RunNodeOptions['credentials'] {
	return { id, type: 'garmatApi', data: { baseUrl: s.url, authentication: 'apiKey', apiKey: s.apiKey, sessionToken: '' } };
}

function createUser(options?: IDataObject): INodeParameters {
	return {
		resource: 'user',
		operation: 'create',
		name: '={{ $json.name }}',
		email: '={{ $json.email }}',
		role: 'customer_read_only',
		...(options ? { options } : {}),
	} as INodeParameters;
}

const hires = (count: number, prefix = 'hire'): IDataObject[] =>
	Array.from({ length: count }, (_, i) => ({ name: `Hire ${i}`, email: `${prefix}${i}@example.com` }));

const creates = () => sandbox.received('POST', '/api/users').length;

/** Holds every create after the first `free` ones until `release` settles. */
function holdCreatesAfter(free: number, release: Promise<unknown>): void {
	let seen = 0;
	sandbox.fault({ method: 'POST', path: '/api/users', match: () => ++seen > free, times: Infinity, when: 'before', action: { type: 'hold', until: release } });
}

const inFlightMax = () => sandbox.inFlightStats()?.max ?? 0;

function expectEveryoneOnce(emails: string[]): void {
	expect([...sandbox.createdByEmail.keys()].sort()).toEqual(emails.map((e) => e.toLowerCase()).sort());
	expect(sandbox.duplicates()).toEqual([]);
}

describe('Concurrency: Auto, end to end', () => {
	it(`with Concurrency left out, the first item goes alone, then Auto sends its initial ${AUTO_INITIAL} at once`, async () => {
		await start();
		// Every create after the first waits at the sandbox until 1 + AUTO_INITIAL have arrived: only
		// a node that has that many in flight after the first gets there.
		holdCreatesAfter(1, until(() => creates() >= 1 + AUTO_INITIAL, 30_000));
		const items = hires(40);
		const result = await runNode({ node: 'garmat', parameters: createUser(), items, credentials: credential(sandbox) });
		expect(result.error).toBeUndefined();
		expect(inFlightMax()).toBeGreaterThanOrEqual(AUTO_INITIAL);
		expect(inFlightMax()).toBeLessThanOrEqual(32);
		expect(result.items!.map((item) => item.json.email)).toEqual(items.map((item) => item.email));
		expectEveryoneOnce(items.map((item) => String(item.email)));
	});

	it('Concurrency 0 is Auto too', async () => {
		await start();
		// All 11 after the first at once: fewer than Auto's initial limit.
		holdCreatesAfter(1, until(() => creates() >= 12, 30_000));
		const result = await runNode({ node: 'garmat', parameters: createUser({ concurrency: 0 }), items: hires(12), credentials: credential(sandbox) });
		expect(result.error).toBeUndefined();
		expect(inFlightMax()).toBe(11);
	});

	it('a number pins it: never more in flight than that number, and that many when there is work', async () => {
		await start();
		holdCreatesAfter(1, until(() => creates() >= 4, 30_000));
		const three = await runNode({ node: 'garmat', parameters: createUser({ concurrency: 3 }), items: hires(20), credentials: credential(sandbox) });
		expect(three.error).toBeUndefined();
		expect(inFlightMax()).toBe(3);

		await sandbox.stop();
		await start();
		const one = await runNode({ node: 'garmat', parameters: createUser({ concurrency: 1 }), items: hires(10), credentials: credential(sandbox) });
		expect(one.error).toBeUndefined();
		expect(inFlightMax()).toBe(1);
		expectEveryoneOnce(hires(10).map((item) => String(item.email)));
	});

	it('two executions at once on one credential share one Auto limit', async () => {
		await start();
		// Each execution's first item goes alone (not held); every later create is held until 2 + 16
		// have arrived (2 first items + the 16 of one shared limit), then 300 ms more: two limits
		// of their own would have sent up to 32 by then.
		holdCreatesAfter(
			2,
			until(() => creates() >= 2 + AUTO_INITIAL, 30_000).then(async () => await new Promise((resolve) => setTimeout(resolve, 300))),
		);
		const shared = credential(sandbox);
		const [a, b] = await Promise.all([
			runNode({ node: 'garmat', parameters: createUser(), items: hires(20, 'a'), credentials: shared }),
			runNode({ node: 'garmat', parameters: createUser(), items: hires(20, 'b'), credentials: shared }),
		]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		expect(inFlightMax()).toBe(AUTO_INITIAL);
		expectEveryoneOnce([...hires(20, 'a'), ...hires(20, 'b')].map((item) => String(item.email)));
	});

	it('backs off on refusals that announce nothing: everyone created once, fewer refusals than users', async () => {
		// Garmat's limit is undocumented and its 429 carries no headers: 20 creates a second here.
		await start({ rateLimit: { limit: 20, windowMs: 1000, style: '429' } });
		const items = hires(100);
		const result = await runNode({ node: 'garmat', parameters: createUser(), items, credentials: credential(sandbox) });
		expect(result.error).toBeUndefined();
		expectEveryoneOnce(items.map((item) => String(item.email)));
		console.info(`Auto against 20 creates/s without headers: ${sandbox.rateLimited} refusals for ${items.length} users, ${creates()} creates, max ${inFlightMax()} in flight`);
		expect(sandbox.rateLimited).toBeLessThan(items.length);
	});

	it('a budget per longer window, spent at once, is waited out with holds rather than a storm of refusals', async () => {
		// 25 creates per 2 s window: after the first burst the window stays shut for most of 2 s,
		// where a pace learned per second would keep being refused.
		await start({ rateLimit: { limit: 25, windowMs: 2000, style: '429' } });
		const items = hires(60, 'window');
		const result = await runNode({ node: 'garmat', parameters: createUser(), items, credentials: credential(sandbox) });
		expect(result.error).toBeUndefined();
		expectEveryoneOnce(items.map((item) => String(item.email)));
		// The first burst, before anything is known, is refused whole (up to Auto's 32 in flight);
		// after it, a pace still refused is cut again each second, and a window that stays shut is
		// waited out. Here 21 to 26 refusals came after the first burst (31 to 36 before 2026-12-07's
		// changes); the bound is loose on purpose: it catches a storm, not a few refusals more.
		const refusedAt = sandbox.refusals.map(({ request }) => request.at);
		const later = refusedAt.filter((at) => at > refusedAt[0] + 500).length;
		console.info(`Auto against 25 creates per 2 s without headers: ${sandbox.rateLimited} refusals for ${items.length} users (${later} after the first burst), ${creates()} creates`);
		expect(later).toBeLessThan(items.length);
	});
});
