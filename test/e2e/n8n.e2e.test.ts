/**
 * End to end on a real n8n (Node 24, n8n 2.41.1) with the package installed from its tarball
 * into the user folder, as users install it. Sandboxes run in this process so every request
 * n8n sends can be checked.
 */
import type { Vendor } from '../sandbox/all';
import { VENDORS } from '../sandbox/all';
import type { Demo } from './bringUp';
import { bringUp } from './bringUp';
import { submitForm } from './formClient';
import { runWorkflow, waitForExecution } from './n8nClientRuns';
import { E2E_HOME } from './stack';
import { browserChecks } from './browser';
import { offboard } from './offboarding';
import { reviewSync, syncTwiceAndTruncated } from './sync';
import { operationsOf } from './panels';
import { loadPackage } from '../harness/package';
import type { INodeTypeDescription } from 'n8n-workflow';

let demo: Demo;

beforeAll(async () => {
	// scripts/e2e.sh prepares the user folder with network access, then runs this suite in a
	// loopback-only network namespace (E2E_PREPARED=1).
	const prepared = process.env.E2E_PREPARED === '1';
	demo = await bringUp({
		userFolder: E2E_HOME,
		fresh: !prepared,
		install: !prepared,
		n8nPort: 5688,
		log: (m) => process.stdout.write(`[e2e] ${m}\n`),
	});
}, 900_000);

afterAll(async () => await demo?.stop(), 60_000);

/** The create requests a sandbox received, per vendor, with the email each one carried. */
function creates(vendor: Vendor): string[] {
	const s = demo.sandboxes[vendor];
	switch (vendor) {
		case 'luzmo':
			return s.requests.filter((r) => r.method === 'POST' && r.path === '/0.1.0/user' && r.body?.action === 'create').map((r) => r.body.properties.email);
		case 'domo':
			return s.received('POST', '/v1/users').map((r) => r.body.email);
		case 'opsramp':
			return s.received('POST', /^\/api\/v2\/tenants\/[^/]+\/users$/).map((r) => r.body.email);
		case 'garmat':
			return s.received('POST', '/api/users').map((r) => r.body.email);
	}
}

const WRONG_SECRET_MESSAGE: Record<Vendor, string> = {
	luzmo: 'Invalid API key or token.',
	domo: 'Bad client credentials',
	opsramp: 'Bad client credentials',
	garmat: 'Invalid API key',
};

const workflow = (vendor: Vendor, kind: 'form' | 'batch' | 'agent') => demo.workflows.find((w) => w.vendor === vendor && w.kind === kind)!;
const createNodeName = (vendor: Vendor) => workflow(vendor, 'batch').json.nodes.find((n: any) => n.type.startsWith('n8n-nodes-user-provisioning.')).name;

describe('the package installed into n8n', () => {
	it('offers the four nodes and their AI-agent tool variants', async () => {
		const { body } = await demo.client.request('GET', '/types/nodes.json');
		const names = (body as Array<{ name: string }>).map((n) => n.name).filter((n) => n.startsWith('n8n-nodes-user-provisioning.'));
		expect(names.sort()).toEqual(
			['domo', 'domoTool', 'garmat', 'garmatTool', 'luzmo', 'luzmoTool', 'opsramp', 'opsrampTool'].map((n) => `n8n-nodes-user-provisioning.${n}`),
		);
	});
});

describe.each(VENDORS)('%s example workflows', (vendor) => {
	it('scheduled batch onboarding creates each new hire once, and a second run creates nobody', async () => {
		const { id, json } = workflow(vendor, 'batch');
		const hires = JSON.parse(json.nodes.find((n: any) => n.name === 'New Hires').parameters.jsonOutput).hires as Array<{ email: string }>;
		const before = creates(vendor).length;

		const first = await runWorkflow(demo.client, id, 'Every Morning');
		expect(first.status).toBe('success');
		const created = first.output(createNodeName(vendor));
		expect(created.map((u) => u.provisioningStatus)).toEqual(hires.map(() => 'created'));
		expect(creates(vendor).slice(before).sort()).toEqual(hires.map((h) => h.email).sort());

		const second = await runWorkflow(demo.client, id, 'Every Morning');
		expect(second.status).toBe('success');
		expect(second.output(createNodeName(vendor)).map((u) => u.provisioningStatus)).toEqual(hires.map(() => 'existing'));
		expect(creates(vendor).length).toBe(before + hires.length);
		expect(demo.sandboxes[vendor].duplicates()).toEqual([]);
	});

	it('the onboarding form, submitted at its real URL, ends on a page that says what happened', async () => {
		const form = workflow(vendor, 'form');
		const url = `${demo.n8n.url}/form/onboard-${vendor}`;
		const page = await fetch(url);
		expect(page.status).toBe(200);
		const html = await page.text();
		const labels = form.json.nodes[0].parameters.formFields.values.map((f: { fieldLabel: string }) => f.fieldLabel) as string[];
		const fieldNames = [...new Set([...html.matchAll(/name=['"](field-\d+)['"]/g)].map((m) => m[1]))];
		expect(fieldNames).toHaveLength(labels.length);
		const createNode = form.json.nodes.find((n: any) => n.type.startsWith('n8n-nodes-user-provisioning.')).name;

		const stamp = Date.now();
		const email = `form.${vendor}.${stamp}@example.com`;
		const answers: Record<string, string> = { Email: email, 'Full Name': 'Form Person', 'First Name': 'Form', 'Last Name': 'Person', 'Login Name': `form${stamp}`, City: 'Ghent', 'Job Title': 'Painter' };

		// A new colleague: created once, and the page says so.
		const created = await submitForm(url, labels, answers);
		expect({ title: created.title, message: created.message }).toEqual({ title: 'Account created', message: `Account created for ${email}.` });
		const execution = await waitForExecution(demo.client, created.executionId);
		expect(execution.status).toBe('success');
		expect(execution.output(createNode)[0]).toMatchObject({ email, provisioningStatus: 'created' });
		expect(creates(vendor).filter((e) => e === email)).toHaveLength(1);

		// The same colleague again: nobody is created, and the page says they already had one.
		const again = await submitForm(url, labels, answers);
		expect({ title: again.title, message: again.message }).toEqual({ title: 'Already had an account', message: `${email} already had an account, so nothing was changed.` });
		expect((await waitForExecution(demo.client, again.executionId)).status).toBe('success');
		expect(creates(vendor).filter((e) => e === email)).toHaveLength(1);

		// A mistyped email (the browser's own check bypassed): nothing is sent to the vendor, and the
		// page says what is wrong in plain words, not the node's error text.
		const before = creates(vendor).length;
		const invalid = await submitForm(url, labels, { ...answers, Email: 'jane.doe.example.com', 'Login Name': `form${stamp}x` });
		expect(invalid.title).toBe('No account was created');
		expect(invalid.message).toBe('"jane.doe.example.com" is not a valid email address. Please check it and send the form again.');
		expect(invalid.html).not.toMatch(/in item \d|Invalid "|NodeOperationError/);
		expect((await waitForExecution(demo.client, invalid.executionId)).status).toBe('success');
		expect(creates(vendor).length).toBe(before);
	});

	it('a wrong credential fails with the vendor\'s message', async () => {
		const { json } = workflow(vendor, 'batch');
		const wrong = Object.values(demo.credentials).find((c) => c.seed.vendor === vendor && c.seed.name.includes('wrong'))!;
		const copy = structuredClone(json);
		copy.name = `${json.name} (wrong secret ${Date.now()})`;
		for (const node of copy.nodes) {
			for (const reference of Object.values<{ id: string; name: string }>(node.credentials ?? {})) {
				reference.id = wrong.id;
				reference.name = wrong.seed.name;
			}
		}
		const saved = await demo.client.request('POST', '/rest/workflows', copy);
		expect(saved.status).toBe(200);
		const before = creates(vendor).length;
		const run = await runWorkflow(demo.client, saved.body.data.id, 'Every Morning');
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(WRONG_SECRET_MESSAGE[vendor]);
		expect(creates(vendor).length).toBe(before);
		expect(JSON.stringify(run.error)).not.toContain(String(Object.values(wrong.seed.data).find((v) => String(v).endsWith('-wrong'))));
	});
});

/** Every secret the stack holds: vendor credential secrets, tokens the sandboxes issued, the model's key. */
function allSecrets(): string[] {
	const secrets = Object.values(demo.credentials).flatMap(({ seed }) =>
		Object.entries(seed.data)
			.filter(([key]) => /secret|token|key|password/i.test(key))
			.map(([, value]) => value),
	);
	for (const vendor of VENDORS) {
		const sandbox = demo.sandboxes[vendor] as unknown as { tokens?: Set<string>; sessions?: Set<string> };
		secrets.push(...(sandbox.tokens ?? []), ...(sandbox.sessions ?? []));
	}
	secrets.push(demo.model.apiKey);
	return secrets.filter((secret) => secret.length >= 8);
}

describe.each(VENDORS)('%s agent onboarding example', (vendor) => {
	const toolNodeName = () => workflow(vendor, 'agent').json.nodes.find((n: any) => n.type.endsWith('Tool')).name as string;
	const newHire = (json: any) => JSON.parse(json.nodes.find((n: any) => n.name === 'New Hire').parameters.jsonOutput) as Record<string, string>;

	/** Runs the agent workflow (a copy with another new hire, if given); returns the run and what the model was sent meanwhile. */
	async function runAgent(hire?: Record<string, string>) {
		const { id, json } = workflow(vendor, 'agent');
		let workflowId = id;
		if (hire) {
			const copy = structuredClone(json);
			copy.name = `${json.name} (${hire.email} ${Date.now()})`;
			copy.nodes.find((n: any) => n.name === 'New Hire').parameters.jsonOutput = JSON.stringify(hire);
			const saved = await demo.client.request('POST', '/rest/workflows', copy);
			expect(saved.status).toBe(200);
			workflowId = saved.body.data.id;
		}
		const requestsBefore = demo.model.completions().length;
		const resultsBefore = demo.model.toolResults().length;
		const run = await runWorkflow(demo.client, workflowId, 'Run Onboarding');
		return { run, sent: demo.model.completions().slice(requestsBefore), toolResults: demo.model.toolResults().slice(resultsBefore) };
	}

	it('the AI Agent calls Create User as a tool: the user is created once and the model gets the created user', async () => {
		const hire = newHire(workflow(vendor, 'agent').json);
		const { run, sent, toolResults } = await runAgent();
		expect(run.status).toBe('success');
		// Two model calls: the one that asked for the tool, the one that got its result.
		expect(sent).toHaveLength(2);
		expect(sent[0].body.tools.map((t: any) => t.function.name)).toEqual([toolNodeName().replace(/[^a-zA-Z0-9_-]+/g, '_')]);
		expect(creates(vendor).filter((e) => e === hire.email)).toHaveLength(1);
		expect(toolResults).toHaveLength(1);
		const [user] = JSON.parse(toolResults[0]);
		expect(user).toMatchObject({ email: hire.email, provisioningStatus: 'created' });
		expect(user.id).toBeDefined();
		expect(run.output('Onboarding Agent')[0].output).toContain(hire.email);
	});

	it('an invalid email comes back to the model as a readable tool error; the run does not crash and nothing is created', async () => {
		const hire = { ...newHire(workflow(vendor, 'agent').json), email: 'new hire at example dot com' };
		const before = creates(vendor).length;
		const { run, sent, toolResults } = await runAgent(hire);
		expect(run.status).toBe('success');
		expect(sent).toHaveLength(2);
		expect(creates(vendor).length).toBe(before);
		expect(toolResults).toHaveLength(1);
		expect(JSON.parse(toolResults[0])).toEqual([{ error: 'Invalid "Email" in item 0: must be a valid email address' }]);
		expect(run.output('Onboarding Agent')[0].output).toContain('must be a valid email address');
	});

	it('no secret is in anything the model was sent', async () => {
		const secrets = allSecrets();
		expect(secrets.length).toBeGreaterThan(4);
		const bodies = demo.model.completions().filter((r) => JSON.stringify(r.body?.tools ?? []).includes(toolNodeName().replace(/[^a-zA-Z0-9_-]+/g, '_')));
		// The two runs above: two calls each.
		expect(bodies.length).toBeGreaterThanOrEqual(4);
		for (const { rawBody } of bodies) {
			expect(rawBody.length).toBeGreaterThan(0);
			expect(secrets.filter((secret) => rawBody.includes(secret))).toEqual([]);
		}
	});
});

describe.each(VENDORS)('%s offboarding example', (vendor) => {
	it('removes each leaver once; a second run finds them gone, succeeds and changes nothing', async () => {
		const report = await offboard(demo, vendor);
		expect(report.ids.length).toBeGreaterThan(0);
		expect(report.stillActive).toEqual(report.ids.map(() => false));
		expect(report.first.map((item) => item.alreadyAbsent)).toEqual(report.ids.map(() => false));
		expect(report.first.every((item) => item.deleted === true || item.deactivated === true)).toBe(true);
		expect(report.removedFirst).toBe(report.ids.length);
		// Already gone (deleted, terminated) or already deactivated: a success, and nothing sent.
		expect(report.second).toHaveLength(report.ids.length);
		expect(report.second.every((item) => item.alreadyAbsent === true || item.alreadyDeactivated === true)).toBe(true);
		expect(report.changesSecond).toBe(0);
		expect(report.second.some((item) => 'error' in item)).toBe(false);
		// A leaver nobody has (a typo) is caught: a form's page says nobody was removed; a scheduled
		// list sets apart, on the second run, every leaver (all gone by then).
		if (report.pages) {
			expect(report.pages.first.title).toMatch(/^Account (deleted|deactivated)$/);
			expect(report.pages.typo.title).toMatch(/^Nobody was (deleted|deactivated)$/);
			expect(report.pages.typo.message).toMatch(/^No \w+ user has the email typo\..*: (deleted|deactivated) before, or a typo\./);
		} else {
			expect(report.setApart).toEqual({ first: 0, second: report.ids.length });
		}
	});
});

describe.each(VENDORS)('%s sync examples', (vendor) => {
	it('the scheduled sync reads the HR CSV and converges; a second run sends no write; a truncated roster trips the guard and removes nobody', async () => {
		const report = await syncTwiceAndTruncated(demo, vendor);
		expect(report.first.status).toBe('success');
		expect(report.inScopeAfterFirst).toEqual(report.roster);
		expect(report.leaverGone).toBe(true);
		expect(report.untouchedStillLive).toBe(true);
		const actions = report.first.output(report.syncNode).map((item) => item.action);
		expect(actions.filter((a) => a === 'created')).toHaveLength(report.roster.length - 5);
		expect(actions).toContain('updated');
		// The summary counts what the Sync node did, per action.
		const counted = Object.fromEntries(report.first.output('Count Actions').map((row) => [row.action, row.count_email]));
		expect(counted.created).toBe(report.roster.length - 5);

		expect(report.second.status).toBe('success');
		expect(report.writesSecond).toBe(0);
		expect(new Set(report.second.output(report.syncNode).filter((item) => report.roster.includes(String(item.email).toLowerCase())).map((item) => item.action))).toEqual(new Set(['unchanged']));

		expect(report.truncated.run.status).toBe('error');
		// Of the users in scope: the roster's, and a leaver Garmat keeps listed as deactivated.
		expect(report.truncated.run.error?.message).toMatch(new RegExp(`^Sync stopped before any change: it would remove ${report.roster.length - 2} of ${report.roster.length + (report.removal === 'deactivated' ? 1 : 0)} `));
		expect(report.truncated.writes).toBe(0);
		expect(report.truncated.inScopeAfter).toEqual(report.roster);
	});

	it('the review form shows the planned changes; Cancel changes nothing; Apply removes the new leaver', async () => {
		const report = await reviewSync(demo, vendor);
		expect(report.cancelled.approvalTitle).toMatch(/^Apply the .* sync\?$/);
		expect(report.cancelled.approvalText).toContain('The roster would bring: 0 created, 0 updated, ');
		expect(report.cancelled.approvalText).toContain(`1 ${report.removal}`);
		expect(report.cancelled.end).toEqual({ title: 'Nothing changed', message: expect.stringContaining('was not changed') });
		expect(report.cancelled.execution.status).toBe('success');
		expect(report.cancelled.writes).toBe(0);
		expect(report.approved.end.title).toBe('Sync applied');
		expect(report.approved.end.message).toContain(`1 ${report.removal}`);
		expect(report.approved.execution.status).toBe('success');
		expect(report.approved.writes).toBeGreaterThan(0);
		expect(report.inScopeAfter).toEqual(report.roster);
	});
});

describe('in the editor (Chromium)', () => {
	it('shows each node\'s documented fields, tests its credential, and opens every other operation\'s panel', async () => {
		const report = await browserChecks(demo);
		process.stdout.write(`[e2e] credential dialog, wrong secret: ${JSON.stringify(report.failures)}\n[e2e] screenshots: ${report.screenshots.join(', ')}\n`);
		process.stdout.write(`[e2e] panels opened: ${report.panels?.opened.join(', ')}\n[e2e] tenant-fed dropdowns: ${report.panels?.dropdowns.join(', ')}\n`);
		const pkg = await loadPackage();
		const expected = VENDORS.flatMap((vendor) => {
			const type = demo.workflows.find((w) => w.vendor === vendor && w.kind === 'batch')!.json.nodes.find((n: any) => n.type.startsWith('n8n-nodes-user-provisioning.')).type;
			const { description } = pkg.nodeTypes.getByNameAndVersion(type, 1) as unknown as { description: INodeTypeDescription };
			return operationsOf(description)
				.filter((o) => !(o.resource === 'user' && o.operation === 'create'))
				.map((o) => `${vendor} ${o.resource}/${o.operation}`);
		});
		expect(report.panels?.opened).toEqual(expected);
		// Every vendor with groups loads them into its group dropdowns from the tenant.
		for (const vendor of ['luzmo', 'domo', 'opsramp']) expect(report.panels?.dropdowns.some((d) => d.startsWith(`${vendor} user/addToGroup`))).toBe(true);
		// Sync's panel: Users Not in Roster offers Keep and the vendor's removals.
		for (const vendor of VENDORS) expect(report.panels?.dropdowns.filter((d) => d.startsWith(`${vendor} user/sync notInRoster: Keep (Report Only), `))).toHaveLength(1);
		for (const operation of ['sync', 'createOrUpdate']) expect(report.panels?.opened.filter((o) => o.endsWith(` user/${operation}`))).toHaveLength(VENDORS.length);
		expect(report.screenshots).toHaveLength(1 + VENDORS.length * 3 + expected.length);
	}, 900_000);
});
