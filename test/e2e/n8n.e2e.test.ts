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

const workflow = (vendor: Vendor, kind: 'form' | 'batch') => demo.workflows.find((w) => w.vendor === vendor && w.kind === kind)!;
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

describe('in the editor (Chromium)', () => {
	it('shows each node\'s documented fields and tests its credential', async () => {
		const report = await browserChecks(demo);
		process.stdout.write(`[e2e] credential dialog, wrong secret: ${JSON.stringify(report.failures)}\n[e2e] screenshots: ${report.screenshots.join(', ')}\n`);
		expect(report.screenshots).toHaveLength(1 + VENDORS.length * 3);
	}, 600_000);
});
