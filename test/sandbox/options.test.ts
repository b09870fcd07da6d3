/**
 * The sandboxes' shared user store and its two options, spoken to over HTTP as a vendor client
 * would (no node involved): `acceptDuplicateEmails` decides whether a second create for an email
 * in another letter case is refused with the vendor's error or makes a second account, and
 * `emailSearch` whether Luzmo's and OpsRamp's email searches ignore case. The matrix in
 * test/directory counts accounts with `accountsFor`; these checks hold it to the records.
 */
import { DomoSandbox } from './domo';
import { GarmatSandbox } from './garmat';
import { LuzmoSandbox } from './luzmo';
import { OpsRampSandbox } from './opsramp';
import type { DirectoryOptions, Sandbox } from './toolkit';

interface Answer {
	status: number;
	body: any;
}

async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Answer> {
	const { json, ...rest } = init;
	const response = await fetch(url, {
		...rest,
		...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'Content-Type': 'application/json', ...rest.headers } }),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

interface Client {
	sandbox: Sandbox & { accountsFor(email: string): number; duplicates(): string[]; createdByEmail: Map<string, number> };
	create(email: string, n: number): Promise<Answer>;
	/** IDs the vendor's email search answers; undefined where the vendor has none. */
	search?(email: string): Promise<string[]>;
	/** The vendor's words for a taken email. */
	taken: RegExp;
	/** Changes a user's email with the vendor's update call. */
	changeEmail(id: string, email: string): Promise<Answer>;
	/** Deletes (OpsRamp: terminates) a user; Garmat deletes no one. */
	remove?(id: string): Promise<Answer>;
}

const luzmo = async (options: DirectoryOptions): Promise<Client> => {
	const sandbox = new LuzmoSandbox(options);
	await sandbox.start();
	const auth = { key: sandbox.apiKey, token: sandbox.apiToken, version: '0.1.0' };
	const user = async (body: object) => await call(`${sandbox.url}/0.1.0/user`, { method: 'POST', json: { ...body, ...auth } });
	return {
		sandbox,
		create: async (email) => await user({ action: 'create', properties: { email } }),
		search: async (email) => ((await user({ action: 'get', find: { where: { email } } })).body.rows as Array<{ id: string }>).map((row) => row.id),
		taken: /already exists/,
		changeEmail: async (id, email) => await user({ action: 'update', id, properties: { email } }),
		remove: async (id) => await user({ action: 'delete', id }),
	};
};

const domo = async (options: DirectoryOptions): Promise<Client> => {
	const sandbox = new DomoSandbox(options);
	await sandbox.start();
	const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
	const { body } = await call(`${sandbox.url}/oauth/token?grant_type=client_credentials&scope=user`, { headers: { Authorization: `Basic ${basic}` } });
	const headers = { Authorization: `bearer ${body.access_token}` };
	return {
		sandbox,
		create: async (email, n) => await call(`${sandbox.url}/v1/users`, { method: 'POST', headers, json: { name: `User ${n}`, email, role: 'Participant' } }),
		taken: /already exists/,
		changeEmail: async (id, email) => await call(`${sandbox.url}/v1/users/${id}`, { method: 'PUT', headers, json: { name: 'Renamed', email, role: 'Participant' } }),
		remove: async (id) => await call(`${sandbox.url}/v1/users/${id}`, { method: 'DELETE', headers }),
	};
};

const opsramp = async (options: DirectoryOptions): Promise<Client> => {
	const sandbox = new OpsRampSandbox(options);
	await sandbox.start();
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret });
	const token = await call(`${sandbox.url}/auth/oauth/token`, { method: 'POST', body: form });
	const headers = { Authorization: `Bearer ${token.body.access_token}` };
	const users = `${sandbox.url}/api/v2/tenants/client_16/users`;
	return {
		sandbox,
		// Login names differ per create: only the email is shared.
		create: async (email, n) => await call(users, { method: 'POST', headers, json: { loginName: `user${n}`, firstName: 'User', lastName: `${n}`, email } }),
		search: async (email) =>
			((await call(`${users}/search?queryString=${encodeURIComponent(`mailId:${email}`)}`, { headers })).body.results as Array<{ id: string }>).map((u) => u.id),
		taken: /already in use/,
		changeEmail: async (id, email) => await call(`${users}/${id}`, { method: 'POST', headers, json: { email } }),
		remove: async (id) => await call(`${users}/${id}/TERMINATE`, { method: 'POST', headers, json: { maskType: 'FULL' } }),
	};
};

const garmat = async (options: DirectoryOptions): Promise<Client> => {
	const sandbox = new GarmatSandbox(options);
	await sandbox.start();
	const headers = { Authorization: sandbox.apiKey };
	return {
		sandbox,
		create: async (email, n) => await call(`${sandbox.url}/api/users`, { method: 'POST', headers, json: { name: `User ${n}`, email, role: 'customer_read_only' } }),
		taken: /already been taken/,
		changeEmail: async (id, email) => await call(`${sandbox.url}/api/users/${id}`, { method: 'PUT', headers, json: { name: 'Renamed', email, role: 'customer_read_only' } }),
	};
};

const VENDORS = { Luzmo: luzmo, Domo: domo, OpsRamp: opsramp, Garmat: garmat };

describe.each(Object.entries(VENDORS))('%s sandbox: the user store and its options', (_name, start) => {
	let client: Client | undefined;
	afterEach(async () => await client?.sandbox.stop());

	it('by default refuses a second create for an email in another case, in the vendor\'s words, and counts one account', async () => {
		client = await start({});
		expect((await client.create('Dup@Example.com', 1)).status).toBe(200);
		const second = await client.create('dup@example.com', 2);
		expect(second.status).toBe(400);
		expect(JSON.stringify(second.body)).toMatch(client.taken);
		expect(client.sandbox.accountsFor(' DUP@example.com ')).toBe(1);
		expect(client.sandbox.duplicates()).toEqual([]);
	});

	it.each([{ acceptDuplicateEmails: true }, { rejectDuplicates: false }])('with %j accepts it as a second account, and counts both', async (options) => {
		client = await start(options);
		expect((await client.create('Dup@Example.com', 1)).status).toBe(200);
		expect((await client.create('dup@example.com', 2)).status).toBe(200);
		expect(client.sandbox.accountsFor('dup@example.com')).toBe(2);
		expect(client.sandbox.duplicates()).toEqual(['dup@example.com']);
		expect(client.sandbox.createdByEmail.get('dup@example.com')).toBe(2);
	});

	it('emailSearch: exactCase leaves the duplicate check as it was: refused in any case', async () => {
		client = await start({ emailSearch: 'exactCase' });
		expect((await client.create('Alice@Example.com', 1)).status).toBe(200);
		expect(JSON.stringify((await client.create('alice@example.com', 2)).body)).toMatch(client.taken);
		expect(client.sandbox.accountsFor('alice@example.com')).toBe(1);
	});

	it('an update to another email moves the account: the old email is free, the new one taken', async () => {
		client = await start({});
		const id = String((await client.create('old@example.com', 1)).body.id);
		expect((await client.changeEmail(id, 'New@Example.com')).status).toBe(200);
		expect([client.sandbox.accountsFor('old@example.com'), client.sandbox.accountsFor('new@example.com')]).toEqual([0, 1]);
		expect(JSON.stringify((await client.create('new@example.com', 2)).body)).toMatch(client.taken);
		expect((await client.create('OLD@example.com', 3)).status).toBe(200);
		if (client.search) expect(await client.search('New@Example.com')).toEqual([id]);
	});
});

// Domo and Garmat have no email search: there the option changes nothing a client can see.
const SEARCHERS = { Luzmo: luzmo, OpsRamp: opsramp };

describe.each(Object.entries(SEARCHERS))('%s sandbox: the email search', (_name, start) => {
	let client: Client | undefined;
	afterEach(async () => await client?.sandbox.stop());

	it('caseInsensitive (the default) finds the stored email in any case', async () => {
		client = await start({});
		const id = String((await client.create('Alice@Example.com', 1)).body.id);
		expect(await client.search!('alice@example.com')).toEqual([id]);
		expect(await client.search!('ALICE@EXAMPLE.COM')).toEqual([id]);
	});

	it('exactCase finds only the exact stored string', async () => {
		client = await start({ emailSearch: 'exactCase' });
		const id = String((await client.create('Alice@Example.com', 1)).body.id);
		expect(await client.search!('Alice@Example.com')).toEqual([id]);
		expect(await client.search!('alice@example.com')).toEqual([]);
	});
});

const REMOVERS = { Luzmo: luzmo, Domo: domo, OpsRamp: opsramp };

describe.each(Object.entries(REMOVERS))('%s sandbox: a removed user is no account any more', (_name, start) => {
	it('its email is free again', async () => {
		const client = await start({});
		try {
			const id = String((await client.create('leaver@example.com', 1)).body.id);
			expect([200, 204]).toContain((await client.remove!(id)).status);
			expect(client.sandbox.accountsFor('leaver@example.com')).toBe(0);
			expect((await client.create('Leaver@example.com', 2)).status).toBe(200);
			expect(client.sandbox.accountsFor('leaver@example.com')).toBe(1);
		} finally {
			await client.sandbox.stop();
		}
	});
});
