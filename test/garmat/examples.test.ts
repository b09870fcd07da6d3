/**
 * examples/garmat-offboarding.json, as a user imports it: its Garmat node runs against the
 * sandbox with the item its Form Trigger would hand over. (The real-n8n suite imports every
 * example into n8n; this fast check runs our node's part of it.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { loadExample, runExample } from '../harness/examples';
import { PACKAGE_ROOT } from '../harness/package';
import { runNode } from '../harness/workflow';
import { GarmatSandbox } from '../sandbox/garmat';
import { describeSyncExamples } from '../sync/examples';
import { credentialData, credentials } from './fixtures';

interface WorkflowNode {
	name: string;
	type: string;
	parameters: INodeParameters & { formFields?: { values: Array<{ fieldLabel: string }> } };
	credentials?: Record<string, unknown>;
}

const workflow = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples', 'garmat-offboarding.json'), 'utf8')) as {
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};

let sandbox: GarmatSandbox;
beforeEach(async () => {
	sandbox = new GarmatSandbox();
	await sandbox.start();
});
afterEach(async () => await sandbox.stop());

describe('examples/garmat-offboarding.json', () => {
	const form = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.formTrigger')!;
	const garmat = workflow.nodes.find((node) => node.type === 'n8n-nodes-user-provisioning.garmat')!;

	it('is a form whose submission goes to our Garmat node, with a Garmat credential', () => {
		expect(form).toBeDefined();
		expect(workflow.connections[form.name].main[0].map((target) => target.node)).toEqual([garmat.name]);
		expect(Object.keys(garmat.credentials ?? {})).toEqual(['garmatApi']);
		expect(garmat.parameters).toMatchObject({ resource: 'user', operation: 'deactivate', findBy: 'email' });
	});

	it('deactivates the user the form names, and is safe to submit twice or for someone unknown', async () => {
		const field = form.parameters.formFields!.values[0].fieldLabel;
		const leaver = sandbox.seedUser({ email: 'leaver@example.com', name: 'Leaver' });
		const cred = credentials(sandbox);
		const submit = async (email: string) =>
			await runNode({ node: 'garmat', parameters: garmat.parameters, items: [{ [field]: email, submittedAt: new Date().toISOString() }], credentials: cred });

		const first = await submit('Leaver@Example.com');
		expect(first.items![0].json).toMatchObject({ id: leaver.id, status: 'deactivated', deactivated: true, alreadyDeactivated: false });
		const second = await submit('leaver@example.com');
		expect(second.items![0].json).toMatchObject({ id: leaver.id, alreadyDeactivated: true });
		const unknown = await submit('never.here@example.com');
		expect(unknown.items![0].json).toEqual({ deactivated: false, alreadyAbsent: true, alreadyDeactivated: false, email: 'never.here@example.com' });
		expect(sandbox.received('PUT', `/api/users/${leaver.id}`)).toHaveLength(1);
	});

	it('as a workflow: the page after the form tells a deactivated account from an email nobody has (a typo)', async () => {
		sandbox.seedUser({ email: 'leaver@example.com', name: 'Leaver' });
		const example = loadExample('garmat-offboarding.json');
		const pageFor = async (email: string) => {
			const outputs = await runExample(example, { credential: () => credentialData(sandbox), trigger: { Email: email } });
			if (outputs['Could Not Remove?'][0].length) return 'Not Removed';
			const [nobody, deactivated] = outputs['Nobody With This Email?'];
			return nobody.length ? 'Nobody To Remove' : deactivated.length ? 'Account Removed' : 'none';
		};
		expect(await pageFor('leaver@example.com')).toBe('Account Removed');
		expect(await pageFor('laever@example.com')).toBe('Nobody To Remove');
		// Deactivated already: a user who is there, so the page says deactivated, and nothing is sent again.
		expect(await pageFor('leaver@example.com')).toBe('Account Removed');
		expect(sandbox.received('PUT', /^\/api\/users\//)).toHaveLength(1);
	});
});

describeSyncExamples('Garmat');
