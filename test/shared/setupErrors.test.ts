/**
 * Setup errors fail fast and say what to fix (issue 19), for every vendor through one adapter:
 * the credential's address is trimmed and checked before any request (scheme, host, no path, no
 * `user:password@`, which is never echoed), in the node and in the credential's Test path alike;
 * a host that refuses connections costs one request's few retries, after which the execution's
 * other items fail at once naming host and field (counted in connection attempts, never timed);
 * an address that is not the vendor's API says so, and a removal through it never reads "done".
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { testCredential } from '../harness/credentialTest';
import { runNode } from '../harness/workflow';
import { DomoSandbox } from '../sandbox/domo';
import { GarmatSandbox } from '../sandbox/garmat';
import { LuzmoSandbox } from '../sandbox/luzmo';
import { OpsRampSandbox } from '../sandbox/opsramp';
import { Sandbox } from '../sandbox/toolkit';
import { attemptsTo, closedPort } from './connections';

interface SetupVendor {
	name: string;
	node: string;
	type: string;
	/** The credential field holding the address, as its form labels it, and the example messages give. */
	field: string;
	example: string;
	sandbox(): Sandbox;
	/** A working credential of `sandbox`, its address replaced by `address`. */
	credential(sandbox: Sandbox, address: string): ICredentialDataDecryptedObject;
	/** A read: one page of users. */
	read: INodeParameters;
	/** A removal of a user by ID, If Not Found left at Succeed. */
	remove: INodeParameters;
}

const getMany: INodeParameters = { resource: 'user', operation: 'getAll', returnAll: false, limit: 1 };

const VENDORS: SetupVendor[] = [
	{
		name: 'Luzmo',
		node: 'luzmo',
		type: 'luzmoApi',
		field: 'Custom Host',
		example: 'https://api.myvpc.luzmo.com',
		sandbox: () => new LuzmoSandbox(),
		credential: (s, address) => ({ apiKey: (s as LuzmoSandbox).apiKey, apiToken: (s as LuzmoSandbox).apiToken, region: 'custom', customHost: address }),
		read: getMany,
		remove: { resource: 'user', operation: 'delete', findBy: 'id', userId: '123e4567-e89b-12d3-a456-426614174000' },
	},
	{
		name: 'Domo',
		node: 'domo',
		type: 'domoApi',
		field: 'API Host',
		example: 'https://api.domo.com',
		sandbox: () => new DomoSandbox(),
		credential: (s, address) => ({ clientId: (s as DomoSandbox).clientId, clientSecret: (s as DomoSandbox).clientSecret, apiHost: address, accessToken: '' }),
		read: getMany,
		remove: { resource: 'user', operation: 'delete', findBy: 'id', userId: '42' },
	},
	{
		name: 'OpsRamp',
		node: 'opsramp',
		type: 'opsRampApi',
		field: 'API Host URL',
		example: 'https://api-xyz.opsramp.com',
		sandbox: () => new OpsRampSandbox(),
		credential: (s, address) => ({
			host: address,
			clientId: (s as OpsRampSandbox).clientId,
			clientSecret: (s as OpsRampSandbox).clientSecret,
			authPath: '/auth/oauth/token',
			tenantId: '',
			accessToken: '',
		}),
		read: { ...getMany, tenantId: 'client_16' },
		remove: { resource: 'user', operation: 'delete', tenantId: 'client_16', findBy: 'id', userId: 'USR0000000042', maskType: 'FULL' },
	},
	{
		name: 'Garmat',
		node: 'garmat',
		type: 'garmatApi',
		field: 'Base URL',
		example: 'https://production-api.garmatsprayboothcustomers.com',
		sandbox: () => new GarmatSandbox(),
		credential: (s, address) => ({ baseUrl: address, authentication: 'apiKey', apiKey: (s as GarmatSandbox).apiKey, sessionToken: '' }),
		read: getMany,
		remove: { resource: 'user', operation: 'deactivate', findBy: 'id', userId: 'f260f115-f2e6-4dde-bcab-98b10fdb8cf6' },
	},
];

let seq = 0;

async function run(vendor: SetupVendor, data: ICredentialDataDecryptedObject, parameters: INodeParameters, items = 1, continueOnFail = false) {
	return await runNode({
		node: vendor.node,
		parameters,
		items: Array.from({ length: items }, (_, i) => ({ i })),
		continueOnFail,
		credentials: { id: `setup-${vendor.node}-${++seq}`, type: vendor.type, data },
	});
}

/** What the credential's Test button reports: the check's message, or the test request's answer. */
async function testButton(vendor: SetupVendor, data: ICredentialDataDecryptedObject): Promise<string> {
	try {
		const outcome = await testCredential(vendor.type, data);
		return outcome.preAuthenticationError ?? `HTTP ${outcome.status}`;
	} catch (error) {
		return (error as Error).message;
	}
}

describe.each(VENDORS)('$name: the credential\'s address', (vendor) => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = vendor.sandbox();
		await sandbox.start();
	});
	afterEach(async () => await sandbox.stop());

	const name = () => `The ${vendor.name} credential's ${vendor.field}`;

	it('with spaces around it (non-breaking ones too) is trimmed and works, in the node and the Test button', async () => {
		const data = vendor.credential(sandbox, `  ${sandbox.url}/\u00a0`);
		const result = await run(vendor, data, vendor.read);
		expect(result.error).toBeUndefined();
		expect(sandbox.requests.length).toBeGreaterThan(0);
		expect(await testButton(vendor, data)).toBe('HTTP 200');
	});

	it('without https:// fails at once naming the field, sends nothing, and the Test button says the same', async () => {
		const bare = sandbox.url.replace(/^http:\/\//, '');
		const data = vendor.credential(sandbox, bare);
		const result = await run(vendor, data, vendor.read, 2, true);
		const message = `${name()} must start with https:// (or http://), e.g. ${vendor.example}; it is "${bare}"`;
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toBe(`Fix the ${vendor.name} credential; no request was sent.`);
		expect(await testButton(vendor, data)).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('with an extra path fails at once naming the field (no hint about IDs), and the Test button says the same', async () => {
		const data = vendor.credential(sandbox, `${sandbox.url}/v1/`);
		const result = await run(vendor, data, vendor.read);
		const message = `${name()} must be the address alone, without a path: remove "/v1" (e.g. ${vendor.example})`;
		expect(result.error?.message).toBe(message);
		expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(/\bID\b/);
		expect(await testButton(vendor, data)).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('with user:password@ is refused and never echoed, in the node or the Test button', async () => {
		const data = vendor.credential(sandbox, sandbox.url.replace('http://', 'http://admin:Pa55-w0rd-xyz@'));
		const result = await run(vendor, data, vendor.read);
		const shown = [result.error?.message, result.error?.description, await testButton(vendor, data)].join(' | ');
		expect(result.error?.message).toBe(`${name()} contains a user name or password (the part before "@"): remove it. The address is not shown here, as it holds a secret; ${vendor.name}'s credentials go in their own fields.`);
		expect(shown).not.toMatch(/Pa55-w0rd-xyz|admin/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('of a host that refuses connections: one item retries 3 times, the others fail at once naming host and field', async () => {
		const port = await closedPort();
		const address = `http://127.0.0.1:${port}`;
		const attempts = attemptsTo(port);
		try {
			const result = await run(vendor, vendor.credential(sandbox, address), vendor.read, 3, true);
			expect(result.error).toBeUndefined();
			const errors = result.items!.map((item) => [item.json.error, String(item.json.description)]);
			for (const [message, description] of errors) {
				// n8n's own wording ("The service refused the connection - perhaps it is offline") names no host: ours does.
				expect(message).toBe(`Could not reach ${vendor.name} at ${address}: the connection was refused (ECONNREFUSED)`);
				expect(description).toContain(`Check the ${vendor.field} in the ${vendor.name} credential`);
			}
			expect(errors).toHaveLength(3);
			// 1 attempt and 3 retries for item 0; none for items 1 and 2.
			expect(attempts.count()).toBe(4);
		} finally {
			attempts.stop();
		}
	});

	it('that is not the vendor\'s API (an unknown route) says so naming the field, and a removal through it is never "already gone"', async () => {
		const other = new Sandbox();
		await other.start();
		try {
			const data = vendor.credential(sandbox, other.url);
			const read = await run(vendor, data, vendor.read);
			expect(read.error?.message).toMatch(new RegExp(`^${other.url.replace(/[.]/g, '\\.')}/\\S+ is not an address of ${vendor.name}'s API$`));
			expect(read.error?.description).toContain(`not ${vendor.name}'s answer for a missing record: the host or base URL is wrong. Check the ${vendor.field} in the ${vendor.name} credential`);
			expect(read.error?.httpCode).toBe('404');

			const removal = await run(vendor, data, vendor.remove, 1, true);
			expect(removal.items?.map((item) => [Boolean(item.json.error), item.json.alreadyAbsent])).toEqual([[true, undefined]]);
			expect(String(removal.items?.[0].json.error)).toContain(`is not an address of ${vendor.name}'s API`);
		} finally {
			await other.stop();
		}
	});
});

describe('TLS failures count as connection failures', () => {
	it('https:// to a server that does not speak TLS: 3 retries for one item, the next fails at once, the host named', async () => {
		const [vendor] = VENDORS.filter((v) => v.name === 'Garmat');
		const sandbox = vendor.sandbox();
		await sandbox.start();
		const port = Number(new URL(sandbox.url).port);
		const attempts = attemptsTo(port);
		try {
			const address = sandbox.url.replace('http://', 'https://');
			const result = await run(vendor, vendor.credential(sandbox, address), vendor.read, 2, true);
			const messages = result.items!.map((item) => String(item.json.error));
			expect(messages).toHaveLength(2);
			for (const message of messages) expect(message).toMatch(new RegExp(`^Could not reach Garmat at ${address.replace(/[.]/g, '\\.')}: the secure connection \\(TLS\\) failed \\(\\S+\\)$`));
			expect(attempts.count()).toBe(4);
			// Nothing reached the API as a request: the handshake failed every time.
			expect(sandbox.requests).toHaveLength(0);
		} finally {
			attempts.stop();
			await sandbox.stop();
		}
	});
});
